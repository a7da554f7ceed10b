-- Stored Idempotency-Key answers are deleted 24 hours after creation (platform/retention.hpp): the
-- purge finds them by age.
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
