# Secrets Manager secrets for every credential the app reads from its environment, encrypted with
# this module's KMS key. Terraform creates the containers; who writes the values:
#
#   operator (aws secretsmanager put-secret-value), never seen by Terraform:
#     DATABASE_URL, JWT_PRIVATE_KEY, ANTHROPIC_API_KEY, ELEVENLABS_API_KEY, APPLE_PRIVATE_KEY,
#     EMAIL_HOST_PASSWORD, SENTRY_DSN
#   Terraform, write-only (an ephemeral random value; never in plan or state):
#     SECRET_KEY, METRICS_TOKEN
#   Terraform, in state (ElastiCache's auth_token argument is stored in state anyway):
#     REDIS_AUTH_TOKEN (here), REDIS_URL (written by the data module, which knows the endpoint)

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  operator_secrets = [
    "DATABASE_URL",
    "JWT_PRIVATE_KEY",
    "ANTHROPIC_API_KEY",
    "ELEVENLABS_API_KEY",
    "APPLE_PRIVATE_KEY",
    "EMAIL_HOST_PASSWORD",
    "SENTRY_DSN",
  ]
  generated_secrets = ["SECRET_KEY", "METRICS_TOKEN"]
  # The app's environment: every secret above and REDIS_URL. REDIS_AUTH_TOKEN is not passed to
  # the app (REDIS_URL carries it).
  app_secrets = concat(local.operator_secrets, local.generated_secrets, ["REDIS_URL"])
}

resource "aws_kms_key" "this" {
  description         = "${var.name} application secrets"
  enable_key_rotation = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-secrets"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_secretsmanager_secret" "this" {
  #checkov:skip=CKV2_AWS_57:These are third-party API keys, signing keys and connection URLs with no rotation Lambda to drive them; they are rotated by putting a new value and redeploying (infra/README.md).
  for_each = toset(concat(local.app_secrets, ["REDIS_AUTH_TOKEN"]))

  name                    = "${var.name}/${each.key}"
  description             = "${each.key} for ${var.name}"
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_in_days
}

# --- Generated, write-only ------------------------------------------------------------------------

ephemeral "random_password" "secret_key" {
  length           = 64
  override_special = "-_"
}

ephemeral "random_password" "metrics_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret_version" "secret_key" {
  secret_id                = aws_secretsmanager_secret.this["SECRET_KEY"].id
  secret_string_wo         = ephemeral.random_password.secret_key.result
  secret_string_wo_version = var.generated_secrets_version
}

resource "aws_secretsmanager_secret_version" "metrics_token" {
  secret_id                = aws_secretsmanager_secret.this["METRICS_TOKEN"].id
  secret_string_wo         = ephemeral.random_password.metrics_token.result
  secret_string_wo_version = var.generated_secrets_version
}

# --- Generated, in state -------------------------------------------------------------------------

# Redis AUTH: 16 to 128 printable characters; letters and digits keep REDIS_URL free of escapes.
resource "random_password" "redis_auth_token" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret_version" "redis_auth_token" {
  secret_id     = aws_secretsmanager_secret.this["REDIS_AUTH_TOKEN"].id
  secret_string = random_password.redis_auth_token.result
}
