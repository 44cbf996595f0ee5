output "app_secret_arns" {
  description = "Environment variable name => secret ARN, for the containers' `secrets` (every credential the app reads, REDIS_URL included)."
  value       = { for name in local.app_secrets : name => aws_secretsmanager_secret.this[name].arn }
}

output "operator_secret_arns" {
  description = "The secrets an operator must fill with `aws secretsmanager put-secret-value` before the tasks can start (a single space for a feature left off)."
  value       = { for name in local.operator_secrets : name => aws_secretsmanager_secret.this[name].arn }
}

output "redis_url_secret_arn" {
  description = "The REDIS_URL secret, whose value the data module writes once it knows the Redis endpoint."
  value       = aws_secretsmanager_secret.this["REDIS_URL"].arn
}

output "redis_auth_token_secret_arn" {
  description = "The secret holding the Redis AUTH token (for redis-cli; the app reads REDIS_URL)."
  value       = aws_secretsmanager_secret.this["REDIS_AUTH_TOKEN"].arn
}

output "redis_auth_token" {
  description = "The generated Redis AUTH token, for the replication group's auth_token."
  value       = random_password.redis_auth_token.result
  sensitive   = true
}

output "kms_key_arn" {
  description = "The KMS key encrypting these secrets: task execution roles need kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}
