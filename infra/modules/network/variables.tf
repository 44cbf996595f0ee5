variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's IPv4 range; split into a public and a private /20 per availability zone."
  type        = string
  default     = "10.0.0.0/16"
}

variable "availability_zones" {
  description = "Exactly two availability zones, e.g. [\"eu-west-2a\", \"eu-west-2b\"]."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 2
    error_message = "Give exactly two availability zones."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for both private subnets (cheaper; egress stops if its zone fails) instead of one per zone."
  type        = bool
  default     = false
}

variable "app_port" {
  description = "The port the web container listens on; only the load balancer reaches it."
  type        = number
  default     = 8000
}

variable "egress_ports" {
  description = "TCP ports the tasks may reach on the internet (through NAT): HTTPS for AWS APIs, Anthropic, ElevenLabs, Apple, Sentry and feeds; SMTP submission for mail."
  type        = list(number)
  default     = [443, 587]
}

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints instead of NAT, e.g. [\"ecr.api\", \"ecr.dkr\", \"logs\", \"secretsmanager\"]. Each costs per hour per zone; the S3 gateway endpoint is always there."
  type        = list(string)
  default     = []
}

variable "flow_log_retention_days" {
  description = "Days to keep VPC flow logs in CloudWatch Logs."
  type        = number
  default     = 365
}
