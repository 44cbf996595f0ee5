variable "name" {
  description = "Prefix for every resource name, e.g. \"lewis-staging\"."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (AWS mails a confirmation link first); null subscribes no one."
  type        = string
  default     = null
}

variable "alb_arn_suffix" {
  description = "The load balancer's CloudWatch dimension (compute module)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "The web target group's CloudWatch dimension (compute module)."
  type        = string
}

variable "cluster_name" {
  description = "The ECS cluster (compute module)."
  type        = string
}

variable "beat_service_name" {
  description = "The beat service, which must always run one task (compute module)."
  type        = string
}

variable "metrics_namespace" {
  description = "The app's metrics namespace, Lewis/<environment> (compute module)."
  type        = string
}

variable "db_instance_id" {
  description = "The RDS instance identifier (data module)."
  type        = string
}

variable "redis_replication_group_id" {
  description = "The Redis replication group id (data module); its nodes are <id>-001, <id>-002, ..."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "How many Redis nodes there are (data module)."
  type        = number
}

variable "http_5xx_percent" {
  description = "Alarm when more than this share of requests (percent) answers 5xx, over 5 minutes."
  type        = number
  default     = 5
}

variable "p95_response_seconds" {
  description = "Alarm when the web tasks' 95th percentile response time exceeds this, for 3 periods of 5 minutes."
  type        = number
  default     = 1.5
}

variable "queue_length_threshold" {
  description = "Alarm when more tasks than this wait in the \"celery\" queue for 10 minutes (workers are not keeping up)."
  type        = number
  default     = 200
}

variable "db_cpu_percent" {
  description = "Alarm when the database's CPU stays above this for 15 minutes."
  type        = number
  default     = 80
}

variable "db_free_storage_gb" {
  description = "Alarm when the database's free storage falls below this (GiB), though storage autoscaling should grow it first."
  type        = number
  default     = 5
}

variable "redis_memory_percent" {
  description = "Alarm when a Redis node's memory use exceeds this: with noeviction, a full Redis refuses writes (new tasks, cache, sessions)."
  type        = number
  default     = 75
}
