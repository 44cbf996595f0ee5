output "vpc_id" {
  description = "The VPC's id."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnets (load balancer, NAT gateways), one per zone."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (tasks, database, Redis), one per zone."
  value       = aws_subnet.private[*].id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "web_security_group_id" {
  description = "Security group of the web tasks."
  value       = aws_security_group.web.id
}

output "workers_security_group_id" {
  description = "Security group of the worker and beat tasks and of one-off tasks (migrate, db-bootstrap)."
  value       = aws_security_group.workers.id
}

output "database_security_group_id" {
  description = "Security group of the PostgreSQL instance."
  value       = aws_security_group.database.id
}

output "redis_security_group_id" {
  description = "Security group of the Redis replication group."
  value       = aws_security_group.redis.id
}

output "nat_public_ips" {
  description = "The NAT gateways' addresses: where the tasks' outbound traffic comes from (for allow-lists at mail or API providers)."
  value       = aws_eip.nat[*].public_ip
}
