# EKS Pod Identity for the shop's order services: no OIDC provider, the roles
# trust the EKS Auth service and are scoped with the session tags it attaches.

data "aws_iam_policy_document" "orders_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["orders"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = ["orders-api"]
    }
  }
}

resource "aws_iam_role" "orders" {
  name               = "shop-orders"
  assume_role_policy = data.aws_iam_policy_document.orders_trust.json
}

resource "aws_eks_pod_identity_association" "orders_api" {
  cluster_name    = "shop"
  namespace       = "orders"
  service_account = "orders-api"
  role_arn        = aws_iam_role.orders.arn
}

resource "aws_eks_pod_identity_association" "orders_worker" {
  cluster_name    = "shop"
  namespace       = "orders"
  service_account = "orders-worker"
  role_arn        = aws_iam_role.orders.arn
}

resource "aws_iam_role" "reports" {
  name = "shop-order-reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_eks_pod_identity_association" "reports" {
  cluster_name    = "shop"
  namespace       = "orders"
  service_account = "order-reporter"
  role_arn        = aws_iam_role.reports.arn
  # The reports go to the analytics account's bucket: EKS Pod Identity assumes
  # shop-order-reports, then this role with it (role chaining).
  target_role_arn = "arn:aws:iam::444455556666:role/shop-analytics-writer"
}
