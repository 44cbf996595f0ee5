output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies; subscribe further endpoints (chat, paging) to it."
  value       = aws_sns_topic.alarms.arn
}
