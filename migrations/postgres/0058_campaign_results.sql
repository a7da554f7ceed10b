-- Campaign results (src/modules/marketing, README "Results"): what came back from each recipient,
-- each the first time it happened, beside the recipient's state (which shows the furthest one):
-- a human open or click (tracking_events not flagged bot or prefetch), an unsubscribe through the
-- message's link, a bounce naming the message's Message-ID. The report counts these columns, so a
-- recipient who opened and then unsubscribed still counts as an open.
ALTER TABLE campaign_recipients ADD COLUMN opened_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN clicked_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN unsubscribed_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN bounced_at TEXT;
-- A bounce finds its recipient by the Message-ID the report names.
CREATE INDEX campaign_recipients_message ON campaign_recipients(workspace_id, message_id) WHERE message_id IS NOT NULL;

-- The UTM parameters a campaign adds to its tracked links: null (none added), else the JSON
-- {"source", "medium", "campaign"} as the campaign's author gave it (defaults applied when sent).
ALTER TABLE campaigns ADD COLUMN utm TEXT;
