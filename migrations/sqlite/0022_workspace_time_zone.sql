-- The workspace's time zone (src/access/workspace_settings.hpp): recurring jobs and date rules run
-- on its wall clock. An IANA name checked with ICU when set (PATCH /api/v1/workspace); UTC until then.
ALTER TABLE workspaces ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
