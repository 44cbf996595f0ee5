# --- The environment ------------------------------------------------------------------------------

variable "environment" {
  description = "The environment's name: resources are named lewis-<environment>."
  type        = string
  default     = "staging"
}

variable "aws_region" {
  description = "The AWS region everything runs in (the backend's region is set in versions.tf)."
  type        = string
  default     = "eu-west-2"
}

variable "availability_zones" {
  description = "Two availability zones in aws_region."
  type        = list(string)
  default     = ["eu-west-2a", "eu-west-2b"]
}

variable "vpc_cidr" {
  description = "The VPC's address range."
  type        = string
  default     = "10.20.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone (cheaper, less available)."
  type        = bool
  default     = true
}

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints rather than NAT."
  type        = list(string)
  default     = []
}

variable "alarm_email" {
  description = "Address that receives the alarms (confirm the subscription mail AWS sends)."
  type        = string
}

# --- Release and TLS -----------------------------------------------------------------------------

variable "image_tag" {
  description = "The image tag to run (pushed to the ecr_repository_url output first)."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate in aws_region for the load balancer's HTTPS listener, covering allowed_hosts."
  type        = string
}

variable "media_domain_name" {
  description = "Optional custom domain for media (CloudFront); null uses the distribution's *.cloudfront.net name."
  type        = string
  default     = null
}

variable "media_certificate_arn" {
  description = "ACM certificate in us-east-1 for media_domain_name; null without one."
  type        = string
  default     = null
}

# --- The app's settings (plain environment; credentials are secrets, see infra/README.md) --------

variable "allowed_hosts" {
  description = "ALLOWED_HOSTS: the site's host names, e.g. [\"cms.staging.example.org\"]."
  type        = list(string)
}

variable "public_url" {
  description = "PUBLIC_URL: the site's base URL, e.g. \"https://cms.staging.example.org\"."
  type        = string
}

variable "app_url" {
  description = "APP_URL: where the app handles account-mail links; null means PUBLIC_URL."
  type        = string
  default     = null
}

variable "csrf_trusted_origins" {
  description = "CSRF_TRUSTED_ORIGINS, e.g. [\"https://cms.staging.example.org\"]."
  type        = list(string)
  default     = []
}

variable "cors_allowed_origins" {
  description = "CORS_ALLOWED_ORIGINS: browser origins that may call /api/."
  type        = list(string)
  default     = []
}

variable "time_zone" {
  description = "TIME_ZONE: the editorial day and beat schedules."
  type        = string
  default     = "Europe/London"
}

variable "admins" {
  description = "ADMINS: addresses for budget alerts and error mail."
  type        = list(string)
  default     = []
}

variable "email_host" {
  description = "EMAIL_HOST: the SMTP server (port 587); null writes mail to the log."
  type        = string
  default     = null
}

variable "email_host_user" {
  description = "EMAIL_HOST_USER (the password is the EMAIL_HOST_PASSWORD secret)."
  type        = string
  default     = ""
}

variable "default_from_email" {
  description = "DEFAULT_FROM_EMAIL: the sender of all mail."
  type        = string
}

variable "elevenlabs_voice_id" {
  description = "ELEVENLABS_VOICE_ID: the cloned voice (with the ELEVENLABS_API_KEY secret)."
  type        = string
  default     = ""
}

variable "google_client_ids" {
  description = "GOOGLE_CLIENT_IDS: OAuth client ids for Sign in with Google."
  type        = list(string)
  default     = []
}

variable "apple_client_ids" {
  description = "APPLE_CLIENT_IDS: bundle ids for Sign in with Apple."
  type        = list(string)
  default     = []
}

variable "apple_team_id" {
  description = "APPLE_TEAM_ID for Sign in with Apple."
  type        = string
  default     = ""
}

variable "apple_key_id" {
  description = "APPLE_KEY_ID: the Sign in with Apple key's id (the key is the APPLE_PRIVATE_KEY secret)."
  type        = string
  default     = ""
}

variable "ai_monthly_budget_usd" {
  description = "AI_MONTHLY_BUDGET_USD: tag drafting's monthly budget."
  type        = number
  default     = 5
}

variable "audio_monthly_budget_usd" {
  description = "AUDIO_MONTHLY_BUDGET_USD: audio readings' monthly budget."
  type        = number
  default     = 10
}

variable "extra_environment" {
  description = "Further plain environment variables for every app container (SUBSTACK_FEEDS, WEB_CONCURRENCY, CELERY_CONCURRENCY, ...)."
  type        = map(string)
  default     = {}
}

# --- Sizes ---------------------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_multi_az" {
  description = "A standby database in the second zone with automatic failover."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days of database backups and point-in-time recovery (7 to 35)."
  type        = number
  default     = 7
}

variable "redis_node_type" {
  description = "ElastiCache Redis node type."
  type        = string
  default     = "cache.t4g.micro"
}

variable "redis_num_cache_clusters" {
  description = "Redis nodes: 1, or 2+ for a replica in the other zone with automatic failover."
  type        = number
  default     = 1
}

variable "generated_secrets_version" {
  description = "Bump to have Terraform generate new SECRET_KEY and METRICS_TOKEN values (then redeploy; SECRET_KEY signs sessions and password-reset links)."
  type        = number
  default     = 1
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 7
}

variable "web_cpu" {
  description = "Web task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 512
}

variable "web_memory" {
  description = "Web task memory (MiB)."
  type        = number
  default     = 1024
}

variable "web_min_count" {
  description = "Fewest web tasks."
  type        = number
  default     = 1
}

variable "web_max_count" {
  description = "Most web tasks."
  type        = number
  default     = 2
}

variable "worker_cpu" {
  description = "Worker task CPU units."
  type        = number
  default     = 512
}

variable "worker_memory" {
  description = "Worker task memory (MiB)."
  type        = number
  default     = 1024
}

variable "worker_min_count" {
  description = "Fewest worker tasks."
  type        = number
  default     = 1
}

variable "worker_max_count" {
  description = "Most worker tasks."
  type        = number
  default     = 2
}
