# Task definitions. One image; the container command picks the process (the image's entry point):
#
#   family                    containers                                 command
#   <name>-web                init, web, cloudwatch-agent (metrics.tf)   web
#   <name>-worker             init, worker                               worker
#   <name>-beat               init, beat                                 beat
#   <name>-migrate            init, migrate (one-off, before a deploy)   migrate
#   <name>-db-bootstrap       db-bootstrap (one-off, once)               python -c <db_bootstrap.py>
#
# Root filesystems are read-only. Each task gets two ephemeral (task-lifetime) volumes, at VAR_DIR
# (/var/lib/lewis: beat's schedule, heartbeat files) and /tmp (PROMETHEUS_MULTIPROC_DIR, upload
# spooling). Fargate creates them empty and owned by root, so a short-lived init container (the
# same image, as root) hands VAR_DIR to the app's user and opens /tmp (1777) before the app
# container, which runs as that user, starts; in the web task it also writes the metrics token
# for the sidecar (metrics.tf).

locals {
  image   = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
  var_dir = "/var/lib/lewis"

  app_environment = merge(
    {
      DEBUG = "false"
      # localhost and 127.0.0.1: the metrics sidecar and the container health check call the app
      # by those names.
      ALLOWED_HOSTS            = join(",", distinct(concat(var.allowed_hosts, ["localhost", "127.0.0.1"])))
      PUBLIC_URL               = var.public_url
      APP_URL                  = var.app_url
      CSRF_TRUSTED_ORIGINS     = join(",", var.csrf_trusted_origins)
      CORS_ALLOWED_ORIGINS     = join(",", var.cors_allowed_origins)
      AWS_STORAGE_BUCKET_NAME  = var.media_bucket_name
      AWS_S3_REGION_NAME       = local.region
      MEDIA_CDN_DOMAIN         = var.media_cdn_domain
      SENTRY_ENVIRONMENT       = var.environment
      SENTRY_RELEASE           = var.image_tag
      LOG_FORMAT               = "json"
      TIME_ZONE                = var.time_zone
      ADMINS                   = join(",", var.admins)
      EMAIL_HOST               = var.email_host
      EMAIL_HOST_USER          = var.email_host_user
      DEFAULT_FROM_EMAIL       = var.default_from_email
      ELEVENLABS_VOICE_ID      = var.elevenlabs_voice_id
      GOOGLE_CLIENT_IDS        = join(",", var.google_client_ids)
      APPLE_CLIENT_IDS         = join(",", var.apple_client_ids)
      APPLE_TEAM_ID            = var.apple_team_id
      APPLE_KEY_ID             = var.apple_key_id
      AI_MONTHLY_BUDGET_USD    = tostring(var.ai_monthly_budget_usd)
      AUDIO_MONTHLY_BUDGET_USD = tostring(var.audio_monthly_budget_usd)
      VAR_DIR                  = local.var_dir
      PROMETHEUS_MULTIPROC_DIR = "/tmp/lewis-metrics"
      PORT                     = tostring(local.app_port)
    },
    var.extra_environment,
  )

  # Unset (null) settings are left out, so the app applies its own defaults.
  environment = [for name, value in local.app_environment : { name = name, value = value } if value != null]
  secrets     = [for name in sort(keys(var.secret_arns)) : { name = name, valueFrom = var.secret_arns[name] }]

  scratch_volumes = ["var", "tmp"]
  scratch_mounts = [
    { sourceVolume = "var", containerPath = local.var_dir, readOnly = false },
    { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
  ]

  # Prepares the scratch volumes (and, for web, the metrics token); bypasses the image's entry
  # point, which would create PROMETHEUS_MULTIPROC_DIR as root.
  init_script = join("; ", [
    "import os",
    "os.chown('${local.var_dir}', ${var.app_uid}, ${var.app_uid})",
    "os.chmod('${local.var_dir}', 0o750)",
    "os.chmod('/tmp', 0o1777)",
  ])
  init_container = {
    for process in ["web", "worker", "beat", "migrate"] : process => {
      name                   = "init"
      image                  = local.image
      essential              = false
      user                   = "0"
      entryPoint             = ["python", "-c"]
      command                = [process == "web" ? "${local.init_script}; ${local.write_metrics_token}" : local.init_script]
      secrets                = process == "web" ? [{ name = "METRICS_TOKEN", valueFrom = var.secret_arns["METRICS_TOKEN"] }] : []
      readonlyRootFilesystem = true
      mountPoints            = concat(local.scratch_mounts, process == "web" ? [local.metrics_auth_mount] : [])
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.tasks[process].name
          awslogs-region        = local.region
          awslogs-stream-prefix = "init"
        }
      }
    }
  }

  # An app container running one of the image's processes.
  app_container = {
    for process in ["web", "worker", "beat", "migrate"] : process => {
      name                   = process
      image                  = local.image
      essential              = true
      user                   = "${var.app_uid}:${var.app_uid}"
      command                = [process]
      dependsOn              = [{ containerName = "init", condition = "SUCCESS" }]
      environment            = local.environment
      secrets                = local.secrets
      readonlyRootFilesystem = true
      mountPoints            = local.scratch_mounts
      portMappings           = process == "web" ? [{ containerPort = local.app_port, protocol = "tcp" }] : []
      linuxParameters        = { initProcessEnabled = true }
      # Celery gets the most time to finish (or hand back, acks_late) the tasks it holds.
      stopTimeout = process == "worker" ? 120 : 30
      healthCheck = process == "migrate" ? null : {
        command     = ["CMD", "python", "-m", "lewis_site.liveness", process]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.tasks[process].name
          awslogs-region        = local.region
          awslogs-stream-prefix = process
          mode                  = "non-blocking"
          max-buffer-size       = "25m"
        }
      }
    }
  }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.web_cpu
  memory                   = var.web_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([
    local.init_container["web"],
    local.app_container["web"],
    local.cloudwatch_agent_container,
  ])

  dynamic "volume" {
    for_each = concat(local.scratch_volumes, local.metrics_volumes)
    content {
      name = volume.value
    }
  }
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.worker_cpu
  memory                   = var.worker_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.init_container["worker"], local.app_container["worker"]])

  dynamic "volume" {
    for_each = local.scratch_volumes
    content {
      name = volume.value
    }
  }
}

resource "aws_ecs_task_definition" "beat" {
  family                   = "${var.name}-beat"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.beat_cpu
  memory                   = var.beat_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.init_container["beat"], local.app_container["beat"]])

  dynamic "volume" {
    for_each = local.scratch_volumes
    content {
      name = volume.value
    }
  }
}

# The release step, its own family so that `aws ecs run-task --task-definition <name>-migrate`
# always runs the newest revision, i.e. the image_tag of the last apply.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.web_cpu
  memory                   = var.web_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.init_container["migrate"], local.app_container["migrate"]])

  dynamic "volume" {
    for_each = local.scratch_volumes
    content {
      name = volume.value
    }
  }
}

# Once per environment (and after changing the password in DATABASE_URL): creates the role
# DATABASE_URL names, with that password, and lets it use the database RDS created. The app
# never connects as the master user, whose password RDS rotates.
resource "aws_ecs_task_definition" "db_bootstrap" {
  family                   = "${var.name}-db-bootstrap"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.bootstrap_execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name      = "db-bootstrap"
    image     = local.image
    essential = true
    # Straight to Python: the image's entry point would want a writable /tmp first.
    entryPoint             = ["python", "-c"]
    command                = [file("${path.module}/db_bootstrap.py")]
    readonlyRootFilesystem = true
    environment = [
      { name = "DB_HOST", value = var.db_address },
      { name = "DB_PORT", value = tostring(var.db_port) },
      { name = "DB_NAME", value = var.db_name },
    ]
    secrets = [
      { name = "DATABASE_URL", valueFrom = var.secret_arns["DATABASE_URL"] },
      { name = "MASTER_USERNAME", valueFrom = "${var.db_master_user_secret_arn}:username::" },
      { name = "MASTER_PASSWORD", valueFrom = "${var.db_master_user_secret_arn}:password::" },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.tasks["db-bootstrap"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "db-bootstrap"
      }
    }
  }])
}
