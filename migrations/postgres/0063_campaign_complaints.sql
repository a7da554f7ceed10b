-- Campaign complaints and transient bounces (src/modules/marketing, README "Results"): when a
-- feedback-loop report (RFC 5965) about the recipient's message came back, kept beside the other
-- results (the report counts it); and how many times a transient failure (a 4.x.x bounce or SMTP
-- reply) put the recipient back in the queue, with when its next try is due (null: no try waits).
ALTER TABLE campaign_recipients ADD COLUMN complained_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN transient_retries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_recipients ADD COLUMN retry_at TEXT;
