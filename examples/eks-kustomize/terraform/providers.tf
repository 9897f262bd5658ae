# The "market" EKS cluster's OIDC provider. Its issuer host is written once,
# here; iam.tf (the same module) uses the local.
locals {
  oidc_host = "oidc.eks.us-east-2.amazonaws.com/id/7D2B4C6E8F0A1B3C5D7E9F1A2B4C6D8E"
}

resource "aws_iam_openid_connect_provider" "market" {
  url             = "https://${local.oidc_host}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}
