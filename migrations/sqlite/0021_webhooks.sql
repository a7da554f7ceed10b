-- Webhooks (src/modules/webhooks): a workspace's subscriptions to its outbox events, delivered by
-- jobs of type webhook.deliver, and the log of every delivery attempt. Times are TEXT as
-- clock::format_ms writes them (RFC 3339 UTC with milliseconds), like every other table.
CREATE TABLE webhooks (
  id                         TEXT PRIMARY KEY,
  workspace_id               TEXT NOT NULL REFERENCES workspaces(id),
  url                        TEXT NOT NULL,
  event_types                TEXT NOT NULL,   -- JSON array of event types, or ["*"]
  description                TEXT NOT NULL DEFAULT '',
  enabled                    INTEGER NOT NULL DEFAULT 1,
  secret_sealed              TEXT NOT NULL,   -- the whsec_ secret, sealed by the vault ("webhook:<id>")
  previous_secret_sealed     TEXT,            -- the secret before the last rotation, still signing until...
  previous_secret_expires_at TEXT,
  created_by                 TEXT NOT NULL REFERENCES users(id),  -- whose record scope the payloads follow
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  version                    INTEGER NOT NULL DEFAULT 1,
  disabled_reason            TEXT,            -- set when the server disabled it (persistent failure, creator gone)
  consecutive_failures       INTEGER NOT NULL DEFAULT 0,  -- failed attempts since the last success
  failing_since              TEXT             -- the first of those failures; NULL while deliveries succeed
);
CREATE INDEX webhooks_workspace ON webhooks(workspace_id, created_at, id);
-- The relay's question for each event: the enabled webhooks of its workspace.
CREATE INDEX webhooks_enabled ON webhooks(workspace_id) WHERE enabled = 1;

-- Every attempt to deliver an event to a webhook (and every skipped one, with why).
CREATE TABLE webhook_deliveries (
  id               TEXT PRIMARY KEY,
  workspace_id     TEXT NOT NULL,
  webhook_id       TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  message_id       TEXT NOT NULL,   -- the webhook-id header: the same for every attempt of one event
  event_id         INTEGER,         -- the outbox row's id
  event_type       TEXT NOT NULL,
  object_type      TEXT NOT NULL,
  object_id        TEXT NOT NULL,
  occurred_at      TEXT NOT NULL,
  attempt          INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
  http_status      INTEGER,
  duration_ms      INTEGER,
  response_excerpt TEXT,            -- at most 1 KB of the response body
  error            TEXT,
  job_id           TEXT,
  created_at       TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, id);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries(created_at);
