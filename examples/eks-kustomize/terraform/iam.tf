# Orders: the terraform-aws-modules IRSA module writes the trust policy,
# one "namespace:serviceaccount" entry per overlay.
module "orders_irsa" {
  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version   = "~> 5.0"
  role_name = "market-orders"
  oidc_providers = {
    market = {
      provider_arn               = aws_iam_openid_connect_provider.market.arn
      namespace_service_accounts = ["orders-prod:order-api", "orders-staging:orders-api"]
    }
  }
}

# Billing: a policy document; the namespace comes from variables.tf.
data "aws_iam_policy_document" "billing_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.market.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:${var.billing_namespace}:billing-worker"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "billing" {
  name               = "market-billing"
  assume_role_policy = data.aws_iam_policy_document.billing_trust.json
}
