-- Calendar feeds (src/access/calendar_feeds.*, src/modules/activities/calendar_feed_routes.cpp): a
-- user's subscribable iCalendar URL of their meetings and tasks. The URL holds a token that only
-- reads the feed; like API keys only its BLAKE2b hash is stored, and a revoked feed answers 404.
CREATE TABLE calendar_feeds (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(workspace_id, user_id, created_at, id);
