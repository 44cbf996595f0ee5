terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.7.1, < 4.0.0" # 3.7.1: ephemeral random_password
    }
  }

  # State in S3, one key per environment. Create the bucket once (versioned, encrypted, private)
  # and put its name here; backend blocks cannot read variables. use_lockfile locks with an S3
  # object (Terraform 1.10+); on an older setup use dynamodb_table = "<table>" instead.
  backend "s3" {
    bucket       = "CHANGE-ME-lewis-terraform-state"
    key          = "lewis/production/terraform.tfstate"
    region       = "eu-west-2"
    encrypt      = true
    use_lockfile = true
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project     = "lewis"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
