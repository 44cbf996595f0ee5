output "db_instance_id" {
  description = "The RDS instance identifier (CloudWatch dimension DBInstanceIdentifier)."
  value       = aws_db_instance.this.identifier
}

output "db_address" {
  description = "The database's host name, for DATABASE_URL."
  value       = aws_db_instance.this.address
}

output "db_port" {
  description = "The database's port."
  value       = aws_db_instance.this.port
}

output "db_name" {
  description = "The database RDS created, for DATABASE_URL."
  value       = aws_db_instance.this.db_name
}

output "db_allocated_storage_gb" {
  description = "The instance's current storage allocation (GiB), for the free-storage alarm."
  value       = aws_db_instance.this.allocated_storage
}

output "db_master_user_secret_arn" {
  description = "The RDS-managed secret with the master user's name and (rotating) password; only the db-bootstrap task reads it."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "kms_key_arn" {
  description = "The KMS key encrypting the database, Redis, their logs and the master user's secret."
  value       = aws_kms_key.this.arn
}

output "redis_replication_group_id" {
  description = "The Redis replication group id; its nodes are <id>-001, <id>-002, ..."
  value       = aws_elasticache_replication_group.this.id
}

output "redis_num_cache_clusters" {
  description = "How many Redis nodes there are (for per-node alarms)."
  value       = var.redis_num_cache_clusters
}

output "redis_primary_endpoint" {
  description = "The Redis primary endpoint's host name (TLS, AUTH required)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}
