variable "billing_namespace" {
  description = "The namespace the billing jobs run in."
  type        = string
  default     = "billing-prod"
}
