terraform {
  # Ephemeral resources and write-only arguments keep generated secrets out of state (1.11+).
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
}
