variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"; also the ECS cluster and ECR repository name."
  type        = string
}

variable "environment" {
  description = "The environment's short name (\"staging\", \"production\"): SENTRY_ENVIRONMENT and the metrics namespace Lewis/<environment>."
  type        = string
}

# --- Network (from the network module) -----------------------------------------------------------

variable "vpc_id" {
  description = "The VPC's id."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets for the load balancer."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Private subnets for the tasks."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the load balancer."
  type        = string
}

variable "web_security_group_id" {
  description = "Security group of the web tasks."
  type        = string
}

variable "workers_security_group_id" {
  description = "Security group of the worker, beat and one-off tasks."
  type        = string
}

# --- Image, load balancer ------------------------------------------------------------------------

variable "image_tag" {
  description = "The image tag to run from this environment's ECR repository (immutable tags: one per build, e.g. the git commit). Also SENTRY_RELEASE."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (same region) for the HTTPS listener; it must cover the hosts in allowed_hosts."
  type        = string
}

variable "access_logs_bucket" {
  description = "Bucket for the load balancer's access logs (the edge module's logs bucket; prefix alb/)."
  type        = string
}

variable "alb_deletion_protection" {
  description = "Refuse to delete the load balancer (turn off, apply, then destroy)."
  type        = bool
  default     = true
}

variable "app_uid" {
  description = "The image's non-root user and group id (the Dockerfile's fixed uid 10001): app containers run as it and own VAR_DIR."
  type        = number
  default     = 10001
}

variable "cpu_architecture" {
  description = "The image's CPU architecture on Fargate: X86_64 or ARM64 (Graviton, cheaper; build the image for linux/arm64)."
  type        = string
  default     = "X86_64"
}

# --- Secrets and the app's settings --------------------------------------------------------------

variable "secret_arns" {
  description = "Environment variable name => Secrets Manager ARN, injected into every app container as ECS secrets (the secrets module's app_secret_arns)."
  type        = map(string)
}

variable "secrets_kms_key_arn" {
  description = "The KMS key encrypting secret_arns; the execution role may decrypt with it."
  type        = string
}

variable "allowed_hosts" {
  description = "ALLOWED_HOSTS: the host names clients use (localhost and 127.0.0.1 are added for the in-task metrics scraper and health check)."
  type        = list(string)
}

variable "public_url" {
  description = "PUBLIC_URL: the site's public base URL, e.g. \"https://cms.example.org\"."
  type        = string
}

variable "app_url" {
  description = "APP_URL: where the app handles account-mail links; null leaves it to default to PUBLIC_URL."
  type        = string
  default     = null
}

variable "csrf_trusted_origins" {
  description = "CSRF_TRUSTED_ORIGINS, e.g. [\"https://cms.example.org\"]."
  type        = list(string)
  default     = []
}

variable "cors_allowed_origins" {
  description = "CORS_ALLOWED_ORIGINS: browser origins allowed to call /api/ (e.g. the Flutter web app)."
  type        = list(string)
  default     = []
}

variable "media_bucket_name" {
  description = "AWS_STORAGE_BUCKET_NAME (from the edge module)."
  type        = string
}

variable "media_bucket_arn" {
  description = "The media bucket's ARN: the task role may read and write media/*."
  type        = string
}

variable "media_kms_key_arn" {
  description = "The media bucket's KMS key: the task role may encrypt and decrypt with it."
  type        = string
}

variable "media_cdn_domain" {
  description = "MEDIA_CDN_DOMAIN: the CloudFront domain serving media (from the edge module)."
  type        = string
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
  description = "EMAIL_HOST (SMTP, port 587 with STARTTLS); null leaves mail in the log."
  type        = string
  default     = null
}

variable "email_host_user" {
  description = "EMAIL_HOST_USER (its password is the EMAIL_HOST_PASSWORD secret)."
  type        = string
  default     = ""
}

variable "default_from_email" {
  description = "DEFAULT_FROM_EMAIL, e.g. \"The Lewis Reader <noreply@example.org>\"."
  type        = string
}

variable "elevenlabs_voice_id" {
  description = "ELEVENLABS_VOICE_ID: the cloned voice (required when ELEVENLABS_API_KEY is set)."
  type        = string
  default     = ""
}

variable "google_client_ids" {
  description = "GOOGLE_CLIENT_IDS: OAuth client ids whose id_tokens sign readers in."
  type        = list(string)
  default     = []
}

variable "apple_client_ids" {
  description = "APPLE_CLIENT_IDS: bundle ids whose id_tokens sign readers in."
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
  default     = 20
}

variable "audio_monthly_budget_usd" {
  description = "AUDIO_MONTHLY_BUDGET_USD: audio readings' monthly budget."
  type        = number
  default     = 50
}

variable "extra_environment" {
  description = "Further plain environment variables for every app container (e.g. SUBSTACK_FEEDS, WEB_CONCURRENCY, CELERY_CONCURRENCY); they override the ones this module sets."
  type        = map(string)
  default     = {}
}

# --- Database bootstrap (from the data module) ---------------------------------------------------

variable "db_address" {
  description = "The database host, for the db-bootstrap task."
  type        = string
}

variable "db_port" {
  description = "The database port, for the db-bootstrap task."
  type        = number
}

variable "db_name" {
  description = "The database RDS created, for the db-bootstrap task."
  type        = string
}

variable "db_master_user_secret_arn" {
  description = "The RDS-managed master user secret; only the db-bootstrap task's execution role may read it."
  type        = string
}

variable "data_kms_key_arn" {
  description = "The KMS key encrypting the master user secret."
  type        = string
}

# --- Sizes and scaling ---------------------------------------------------------------------------

variable "web_cpu" {
  description = "Web task CPU units (1024 = 1 vCPU), shared with the metrics sidecar."
  type        = number
  default     = 512
}

variable "web_memory" {
  description = "Web task memory (MiB)."
  type        = number
  default     = 1024
}

variable "web_min_count" {
  description = "Fewest web tasks (at least 2 keeps one per zone)."
  type        = number
  default     = 2
}

variable "web_max_count" {
  description = "Most web tasks."
  type        = number
  default     = 6
}

variable "web_cpu_target_percent" {
  description = "Web autoscaling: average CPU utilisation to hold."
  type        = number
  default     = 60
}

variable "web_requests_per_target" {
  description = "Web autoscaling: load balancer requests per task per minute to hold."
  type        = number
  default     = 1000
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
  default     = 4
}

variable "worker_queue_target" {
  description = "Worker autoscaling: tasks waiting in the \"celery\" queue (lewis_celery_queue_length) to hold."
  type        = number
  default     = 20
}

variable "beat_cpu" {
  description = "Beat task CPU units (always exactly one task)."
  type        = number
  default     = 256
}

variable "beat_memory" {
  description = "Beat task memory (MiB)."
  type        = number
  default     = 512
}

# --- Observability -------------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days to keep container logs and the metrics agent's EMF events."
  type        = number
  default     = 365
}

variable "cloudwatch_agent_image" {
  description = "The CloudWatch agent image for the web task's metrics sidecar (pin a version; see the agent's releases)."
  type        = string
  default     = "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300062.0b1304"
}

variable "metrics_scrape_interval" {
  description = "How often the sidecar scrapes /metrics (Prometheus duration)."
  type        = string
  default     = "60s"
}
