module "orders_irsa" {
  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  role_name = "e2e-orders"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/E2EDEMO0123456789ABCDEF012345678"
      namespace_service_accounts = ["orders-prod:orders-api"]
    }
  }
}
