locals {
  oidc_host = "oidc.eks.eu-west-1.amazonaws.com/id/E2EDEMO0123456789ABCDEF012345678"
}

data "aws_iam_policy_document" "reports_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/${local.oidc_host}"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values   = ["system:serviceaccount:reports:generator-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "e2e-reports"
  assume_role_policy = data.aws_iam_policy_document.reports_trust.json
}
