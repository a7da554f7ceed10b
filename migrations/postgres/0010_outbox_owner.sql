-- The owner of the record an event is about (NULL: the object has no owners, or the record has none),
-- so that the real-time feed can show each event only to those whose read scope covers that record
-- (platform/events/audience.hpp) without reading the record again.
ALTER TABLE outbox ADD COLUMN owner_id TEXT;
