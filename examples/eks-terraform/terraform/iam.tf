# IAM for the "shop" EKS cluster. The cluster itself comes from another module;
# its OIDC issuer host is written down here once.
locals {
  oidc_host = "oidc.eks.eu-west-1.amazonaws.com/id/5C1A0E1B2D3F4A5B6C7D8E9F0A1B2C3D"
}

resource "aws_iam_openid_connect_provider" "shop" {
  url             = "https://${local.oidc_host}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}

# Checkout: trust written with jsonencode.
resource "aws_iam_role" "checkout" {
  name = "shop-checkout"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.shop.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:sub" = "system:serviceaccount:checkout:checkout-api"
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# Reports: one role for every report job, via a policy document.
data "aws_iam_policy_document" "reports_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.shop.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:reports:report-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "shop-reports"
  assume_role_policy = data.aws_iam_policy_document.reports_trust.json
}

# Payments: the terraform-aws-modules IRSA module writes the trust policy.
module "payments_irsa" {
  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version   = "~> 5.0"
  role_name = "shop-payments"
  oidc_providers = {
    shop = {
      provider_arn               = aws_iam_openid_connect_provider.shop.arn
      namespace_service_accounts = ["payments:payments-api"]
    }
  }
}

resource "aws_iam_role_policy" "checkout_orders" {
  name = "orders-table"
  role = aws_iam_role.checkout.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
      Resource = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders"
    }]
  })
}
