"""Integration with other systems (tích hợp hệ thống khác): Idempotency-Key, external ids, change feed,
webhooks and their outbox."""
