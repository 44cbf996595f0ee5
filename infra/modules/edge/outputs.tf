output "media_bucket_name" {
  description = "The media bucket (AWS_STORAGE_BUCKET_NAME); the app writes under media/."
  value       = aws_s3_bucket.media.id
}

output "media_bucket_arn" {
  description = "The media bucket's ARN, for the task role's policy."
  value       = aws_s3_bucket.media.arn
}

output "media_kms_key_arn" {
  description = "The KMS key encrypting media objects: writers need kms:GenerateDataKey and kms:Decrypt on it."
  value       = aws_kms_key.media.arn
}

output "cdn_domain_name" {
  description = "Where media is served (MEDIA_CDN_DOMAIN): media_domain_name when set (point its DNS at distribution_domain_name), else the distribution's own name."
  value       = coalesce(var.media_domain_name, aws_cloudfront_distribution.media.domain_name)
}

output "distribution_domain_name" {
  description = "The distribution's *.cloudfront.net name (the target of a CNAME or alias record for media_domain_name)."
  value       = aws_cloudfront_distribution.media.domain_name
}

output "distribution_id" {
  description = "The CloudFront distribution's id (for invalidations)."
  value       = aws_cloudfront_distribution.media.id
}

output "logs_bucket_name" {
  description = "The access-logs bucket: s3/ (media bucket), cloudfront/ and alb/ prefixes."
  value       = aws_s3_bucket.logs.id
  # The load balancer checks at creation that it may write here.
  depends_on = [aws_s3_bucket_policy.logs]
}
