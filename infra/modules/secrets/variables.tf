variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"; secrets are named \"<name>/<VARIABLE>\"."
  type        = string
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can still be restored (7 to 30)."
  type        = number
  default     = 30
}

variable "generated_secrets_version" {
  description = "Bump to generate new values for SECRET_KEY and METRICS_TOKEN on the next apply (they are write-only: Terraform never reads them back)."
  type        = number
  default     = 1
}
