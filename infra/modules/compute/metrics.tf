# Metrics: a CloudWatch agent sidecar in each web task scrapes http://localhost:8000/metrics
# (Prometheus text format) and writes embedded-metric-format events to the <name>/metrics log
# group, which CloudWatch turns into metrics in the Lewis/<environment> namespace:
#
#   metric                      dimensions             statistic to use
#   lewis_http_requests_total   route, method, status  Sum (increase per scrape, per task)
#   lewis_celery_queue_length   queue                  Average (every web task reads the broker)
#   lewis_celery_tasks_total    task, outcome          Average (broker-wide counts, per scrape)
#   lewis_spend_usd             meter (AI, audio)      Average (read from the database)
#   lewis_spend_budget_usd      meter                  Average
#
# lewis_http_request_duration_seconds is a Prometheus histogram, which the CloudWatch agent drops
# (it converts only gauges, counters and summaries): latency comes from the load balancer's
# TargetResponseTime instead (p95 alarm in the monitoring module).
#
# /metrics wants `Authorization: Bearer $METRICS_TOKEN`. The agent cannot read a token from its
# environment, so the web task's init container (tasks.tf), which gets the token as a secret,
# writes it to a task-local volume, and the agent reads it from there (credentials_file).

locals {
  metrics_token_dir  = "/run/lewis-metrics"
  metrics_token_file = "${local.metrics_token_dir}/token"

  # The agent writes its translated configuration and state under /opt/aws/amazon-cloudwatch-agent
  # at start; these volumes keep its root filesystem read-only.
  cloudwatch_agent_writable = {
    cwagent-etc  = "/opt/aws/amazon-cloudwatch-agent/etc"
    cwagent-var  = "/opt/aws/amazon-cloudwatch-agent/var"
    cwagent-logs = "/opt/aws/amazon-cloudwatch-agent/logs"
    cwagent-tmp  = "/tmp"
  }
  metrics_volumes    = concat(["metrics-auth"], keys(local.cloudwatch_agent_writable))
  metrics_auth_mount = { sourceVolume = "metrics-auth", containerPath = local.metrics_token_dir, readOnly = false }
  # Run by the init container (as root): only root, which the agent runs as, can read the token.
  write_metrics_token = join("; ", [
    "fd = os.open('${local.metrics_token_file}', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)",
    "os.write(fd, os.environ['METRICS_TOKEN'].encode())",
    "os.close(fd)",
  ])

  prometheus_config = yamlencode({
    global = {
      scrape_interval = var.metrics_scrape_interval
      scrape_timeout  = "10s"
    }
    scrape_configs = [{
      job_name     = "lewis-web"
      metrics_path = "/metrics"
      authorization = {
        type             = "Bearer"
        credentials_file = local.metrics_token_file
      }
      static_configs = [{ targets = ["localhost:${local.app_port}"] }]
    }]
  })

  # One declaration per metric family: which labels become CloudWatch dimensions.
  metric_dimensions = {
    lewis_http_requests_total = ["route", "method", "status"]
    lewis_celery_queue_length = ["queue"]
    lewis_celery_tasks_total  = ["task", "outcome"]
    lewis_spend_usd           = ["meter"]
    lewis_spend_budget_usd    = ["meter"]
  }

  cloudwatch_agent_config = jsonencode({
    agent = { region = local.region }
    logs = {
      force_flush_interval = 15
      metrics_collected = {
        prometheus = {
          cluster_name           = aws_ecs_cluster.this.name
          log_group_name         = aws_cloudwatch_log_group.metrics.name
          prometheus_config_path = "env:PROMETHEUS_CONFIG_CONTENT"
          emf_processor = {
            metric_namespace         = local.metrics_namespace
            metric_declaration_dedup = true
            metric_declaration = [
              for metric, labels in local.metric_dimensions : {
                source_labels    = ["job"]
                label_matcher    = "^lewis-web$"
                dimensions       = [labels]
                metric_selectors = ["^${metric}$"]
              }
            ]
          }
        }
      }
    }
  })

  cloudwatch_agent_container = {
    name      = "cloudwatch-agent"
    image     = var.cloudwatch_agent_image
    essential = false # the site keeps serving if the agent fails; the queue alarm then reports missing data
    cpu       = 64
    # Memory reservation, not a hard limit: the agent shares the task's memory with the app.
    memoryReservation      = 128
    readonlyRootFilesystem = true
    environment = [
      { name = "CW_CONFIG_CONTENT", value = local.cloudwatch_agent_config },
      { name = "PROMETHEUS_CONFIG_CONTENT", value = local.prometheus_config },
    ]
    mountPoints = concat(
      [{ sourceVolume = "metrics-auth", containerPath = local.metrics_token_dir, readOnly = true }],
      [for volume, path in local.cloudwatch_agent_writable : { sourceVolume = volume, containerPath = path, readOnly = false }],
    )
    dependsOn = [{ containerName = "init", condition = "SUCCESS" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.tasks["web"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "cloudwatch-agent"
      }
    }
  }
}
