variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"; bucket names add the account id to stay globally unique."
  type        = string
}

variable "noncurrent_version_retention_days" {
  description = "Days an overwritten or deleted media object's previous version is kept (recovery from mistakes)."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Days access logs (S3, CloudFront, load balancer) are kept in the logs bucket."
  type        = number
  default     = 365
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (Europe, North America), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"
}

variable "media_domain_name" {
  description = "Optional custom domain for media (e.g. \"media.example.org\"); needs media_certificate_arn. Null serves media on the distribution's *.cloudfront.net name."
  type        = string
  default     = null
}

variable "media_certificate_arn" {
  description = "ACM certificate for media_domain_name, in us-east-1 (CloudFront's region). Null with media_domain_name null."
  type        = string
  default     = null
}
