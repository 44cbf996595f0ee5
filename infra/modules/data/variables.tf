variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"; also the database instance and Redis replication group ids."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (two zones) for the database and Redis."
  type        = list(string)
}

variable "database_security_group_id" {
  description = "Security group of the PostgreSQL instance (from the network module)."
  type        = string
}

variable "redis_security_group_id" {
  description = "Security group of the Redis replication group (from the network module)."
  type        = string
}

# --- PostgreSQL ----------------------------------------------------------------------------------

variable "postgres_engine_version" {
  description = "PostgreSQL version: a major version (\"18\") takes the newest minor and lets RDS apply minor upgrades; pin \"18.x\" to fix one."
  type        = string
  default     = "18"
}

variable "postgres_parameter_group_family" {
  description = "Parameter group family matching postgres_engine_version's major version."
  type        = string
  default     = "postgres18"
}

variable "db_instance_class" {
  description = "RDS instance class, e.g. \"db.t4g.medium\" or \"db.m7g.large\"."
  type        = string
}

variable "db_allocated_storage_gb" {
  description = "Initial gp3 storage (GiB)."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage_gb" {
  description = "Ceiling for storage autoscaling (GiB)."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "A synchronous standby in the second zone with automatic failover."
  type        = bool
  default     = true
}

variable "db_name" {
  description = "The database RDS creates (the app's DATABASE_URL names it)."
  type        = string
  default     = "lewis"
}

variable "db_master_username" {
  description = "The master user; its password is generated and rotated by RDS in Secrets Manager. The app connects as its own role (infra/README.md, db-bootstrap)."
  type        = string
  default     = "lewis_admin"
}

variable "db_backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery (at least 7)."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "Keep between 7 and 35 days of backups."
  }
}

variable "db_deletion_protection" {
  description = "Refuse to delete the instance (turn off, apply, then destroy)."
  type        = bool
  default     = true
}

variable "db_iam_authentication" {
  description = "Also allow IAM database authentication (for operators' short-lived logins); the app keeps its password."
  type        = bool
  default     = true
}

variable "db_performance_insights_retention_days" {
  description = "Performance Insights retention: 7 (free) or a multiple of 31."
  type        = number
  default     = 7
}

variable "db_slow_query_ms" {
  description = "Statements slower than this are logged (log_min_duration_statement), in milliseconds."
  type        = number
  default     = 500
}

variable "log_retention_days" {
  description = "Days to keep the database's and Redis' logs in CloudWatch Logs."
  type        = number
  default     = 365
}

# --- Redis ---------------------------------------------------------------------------------------

variable "redis_engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "redis_parameter_group_family" {
  description = "Parameter group family matching redis_engine_version."
  type        = string
  default     = "redis7"
}

variable "redis_node_type" {
  description = "ElastiCache node type, e.g. \"cache.t4g.small\"."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "Nodes in the replication group: 1 (no failover) or 2+ (a replica in the other zone, automatic failover, multi-AZ)."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_num_cache_clusters >= 1 && var.redis_num_cache_clusters <= 6
    error_message = "Between 1 and 6 nodes."
  }
}

variable "redis_snapshot_retention_days" {
  description = "Days of daily Redis snapshots (0 turns them off). A restore brings back the cache and queued tasks only as of the snapshot (README.md)."
  type        = number
  default     = 1
}

variable "redis_auth_token" {
  description = "The Redis AUTH token (from the secrets module)."
  type        = string
  sensitive   = true
}

variable "redis_url_secret_arn" {
  description = "The REDIS_URL secret (from the secrets module); this module writes rediss://:TOKEN@primary:6379/0 into it."
  type        = string
}
