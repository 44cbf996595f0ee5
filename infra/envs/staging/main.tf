# One environment: the modules in infra/modules, composed. production/main.tf is the same file;
# the environments differ only in their variables' defaults and their tfvars.

locals {
  name = "lewis-${var.environment}"
}

module "network" {
  source = "../../modules/network"

  name                = local.name
  cidr_block          = var.vpc_cidr
  availability_zones  = var.availability_zones
  single_nat_gateway  = var.single_nat_gateway
  interface_endpoints = var.interface_endpoints
}

module "secrets" {
  source = "../../modules/secrets"

  name                      = local.name
  recovery_window_in_days   = var.secret_recovery_window_days
  generated_secrets_version = var.generated_secrets_version
}

module "edge" {
  source = "../../modules/edge"

  name                  = local.name
  media_domain_name     = var.media_domain_name
  media_certificate_arn = var.media_certificate_arn
}

module "data" {
  source = "../../modules/data"

  name                       = local.name
  private_subnet_ids         = module.network.private_subnet_ids
  database_security_group_id = module.network.database_security_group_id
  redis_security_group_id    = module.network.redis_security_group_id

  db_instance_class        = var.db_instance_class
  db_multi_az              = var.db_multi_az
  db_backup_retention_days = var.db_backup_retention_days
  redis_node_type          = var.redis_node_type
  redis_num_cache_clusters = var.redis_num_cache_clusters
  redis_auth_token         = module.secrets.redis_auth_token
  redis_url_secret_arn     = module.secrets.redis_url_secret_arn
}

module "compute" {
  source = "../../modules/compute"

  name        = local.name
  environment = var.environment
  image_tag   = var.image_tag

  vpc_id                    = module.network.vpc_id
  public_subnet_ids         = module.network.public_subnet_ids
  private_subnet_ids        = module.network.private_subnet_ids
  alb_security_group_id     = module.network.alb_security_group_id
  web_security_group_id     = module.network.web_security_group_id
  workers_security_group_id = module.network.workers_security_group_id
  certificate_arn           = var.certificate_arn
  access_logs_bucket        = module.edge.logs_bucket_name

  secret_arns         = module.secrets.app_secret_arns
  secrets_kms_key_arn = module.secrets.kms_key_arn

  db_address                = module.data.db_address
  db_port                   = module.data.db_port
  db_name                   = module.data.db_name
  db_master_user_secret_arn = module.data.db_master_user_secret_arn
  data_kms_key_arn          = module.data.kms_key_arn

  media_bucket_name = module.edge.media_bucket_name
  media_bucket_arn  = module.edge.media_bucket_arn
  media_kms_key_arn = module.edge.media_kms_key_arn
  media_cdn_domain  = module.edge.cdn_domain_name

  allowed_hosts            = var.allowed_hosts
  public_url               = var.public_url
  app_url                  = var.app_url
  csrf_trusted_origins     = var.csrf_trusted_origins
  cors_allowed_origins     = var.cors_allowed_origins
  time_zone                = var.time_zone
  admins                   = var.admins
  email_host               = var.email_host
  email_host_user          = var.email_host_user
  default_from_email       = var.default_from_email
  elevenlabs_voice_id      = var.elevenlabs_voice_id
  google_client_ids        = var.google_client_ids
  apple_client_ids         = var.apple_client_ids
  apple_team_id            = var.apple_team_id
  apple_key_id             = var.apple_key_id
  ai_monthly_budget_usd    = var.ai_monthly_budget_usd
  audio_monthly_budget_usd = var.audio_monthly_budget_usd
  extra_environment        = var.extra_environment

  web_cpu          = var.web_cpu
  web_memory       = var.web_memory
  web_min_count    = var.web_min_count
  web_max_count    = var.web_max_count
  worker_cpu       = var.worker_cpu
  worker_memory    = var.worker_memory
  worker_min_count = var.worker_min_count
  worker_max_count = var.worker_max_count
}

module "monitoring" {
  source = "../../modules/monitoring"

  name                       = local.name
  alarm_email                = var.alarm_email
  alb_arn_suffix             = module.compute.alb_arn_suffix
  target_group_arn_suffix    = module.compute.target_group_arn_suffix
  cluster_name               = module.compute.cluster_name
  beat_service_name          = module.compute.service_names["beat"]
  metrics_namespace          = module.compute.metrics_namespace
  db_instance_id             = module.data.db_instance_id
  redis_replication_group_id = module.data.redis_replication_group_id
  redis_num_cache_clusters   = module.data.redis_num_cache_clusters
}
