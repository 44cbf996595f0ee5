output "ecr_repository_url" {
  description = "Push images here (docker push <url>:<tag>), then apply with image_tag = <tag>."
  value       = aws_ecr_repository.this.repository_url
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "The ECS services by process: web, worker, beat."
  value = {
    web    = aws_ecs_service.web.name
    worker = aws_ecs_service.worker.name
    beat   = aws_ecs_service.beat.name
  }
}

output "task_definition_families" {
  description = "Task definition families by process, one-off tasks (migrate, db-bootstrap) included."
  value = {
    web          = aws_ecs_task_definition.web.family
    worker       = aws_ecs_task_definition.worker.family
    beat         = aws_ecs_task_definition.beat.family
    migrate      = aws_ecs_task_definition.migrate.family
    db_bootstrap = aws_ecs_task_definition.db_bootstrap.family
  }
}

output "log_group_names" {
  description = "CloudWatch log groups by process, and the metrics sidecar's EMF events (metrics)."
  value       = merge({ for k, group in aws_cloudwatch_log_group.tasks : k => group.name }, { metrics = aws_cloudwatch_log_group.metrics.name })
}

output "alb_dns_name" {
  description = "The load balancer's DNS name: point the site's host names at it (CNAME, or an alias record with alb_zone_id)."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "The load balancer's hosted zone, for Route 53 alias records."
  value       = aws_lb.this.zone_id
}

output "alb_arn_suffix" {
  description = "The load balancer's CloudWatch dimension (LoadBalancer)."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn_suffix" {
  description = "The web target group's CloudWatch dimension (TargetGroup)."
  value       = aws_lb_target_group.web.arn_suffix
}

output "metrics_namespace" {
  description = "The CloudWatch namespace of the app's metrics (Lewis/<environment>)."
  value       = local.metrics_namespace
}

locals {
  run_task = join(" ", [
    "aws ecs run-task",
    "--region ${local.region}",
    "--cluster ${aws_ecs_cluster.this.name}",
    "--launch-type FARGATE",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", var.private_subnet_ids)}],securityGroups=[${var.workers_security_group_id}],assignPublicIp=DISABLED}'",
    "--query 'tasks[0].taskArn' --output text",
  ])
}

output "migrate_command" {
  description = "Runs the migrations (the newest migrate revision, i.e. the image_tag last applied) and prints the task's ARN."
  value       = "${local.run_task} --task-definition ${aws_ecs_task_definition.migrate.family} --started-by migrate"
}

output "db_bootstrap_command" {
  description = "Creates the app's database role from DATABASE_URL (once, after filling that secret) and prints the task's ARN."
  value       = "${local.run_task} --task-definition ${aws_ecs_task_definition.db_bootstrap.family} --started-by db-bootstrap"
}
