-- A webhook's optional filter (src/modules/webhooks/filter.hpp): a JSON array of conditions in the
-- list filter language of the record object its event types are about; '[]' is no filter.
ALTER TABLE webhooks ADD COLUMN event_filter TEXT NOT NULL DEFAULT '[]';
