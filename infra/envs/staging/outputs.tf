output "alb_dns_name" {
  description = "The load balancer's DNS name: point the site's host names (allowed_hosts) at it."
  value       = module.compute.alb_dns_name
}

output "alb_zone_id" {
  description = "The load balancer's hosted zone id, for Route 53 alias records."
  value       = module.compute.alb_zone_id
}

output "cdn_domain_name" {
  description = "Where media is served (MEDIA_CDN_DOMAIN)."
  value       = module.edge.cdn_domain_name
}

output "cloudfront_domain_name" {
  description = "The media distribution's *.cloudfront.net name (the CNAME target for media_domain_name)."
  value       = module.edge.distribution_domain_name
}

output "ecr_repository_url" {
  description = "Push the image here: docker push <url>:<image_tag>."
  value       = module.compute.ecr_repository_url
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = module.compute.cluster_name
}

output "service_names" {
  description = "The ECS services: web, worker, beat."
  value       = module.compute.service_names
}

output "log_group_names" {
  description = "CloudWatch log groups by process (and metrics, the sidecar's EMF events)."
  value       = module.compute.log_group_names
}

output "secrets_to_fill" {
  description = "Secrets the operator fills before the first deploy: name => ARN (infra/README.md, \"Fill the secrets\")."
  value       = module.secrets.operator_secret_arns
}

output "app_secret_arns" {
  description = "Every secret the app containers receive: name => ARN (SECRET_KEY, METRICS_TOKEN and REDIS_URL are written by Terraform)."
  value       = module.secrets.app_secret_arns
}

output "database_url_template" {
  description = "The shape of the DATABASE_URL secret: choose the role name and password; db-bootstrap creates the role."
  value       = "postgres://lewis:PASSWORD@${module.data.db_address}:${module.data.db_port}/${module.data.db_name}?sslmode=require"
}

output "db_master_user_secret_arn" {
  description = "The RDS-managed master user secret (rotated by RDS; for db-bootstrap and emergencies, never the app)."
  value       = module.data.db_master_user_secret_arn
}

output "redis_auth_token_secret_arn" {
  description = "The secret holding the Redis AUTH token."
  value       = module.secrets.redis_auth_token_secret_arn
}

output "db_bootstrap_command" {
  description = "Run once after filling DATABASE_URL (and after changing its password): creates the app's database role."
  value       = module.compute.db_bootstrap_command
}

output "migrate_command" {
  description = "Run before every deploy, after registering the new migrate revision (infra/README.md, \"Deploy a new image\")."
  value       = module.compute.migrate_command
}

output "metrics_namespace" {
  description = "The CloudWatch namespace of the app's metrics."
  value       = module.compute.metrics_namespace
}

output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies."
  value       = module.monitoring.alarm_topic_arn
}

output "nat_public_ips" {
  description = "Where the tasks' outbound traffic comes from (for allow-lists at mail or API providers)."
  value       = module.network.nat_public_ips
}
