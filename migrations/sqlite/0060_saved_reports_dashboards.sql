-- Saved reports and dashboards (src/modules/analytics).
--
-- A saved report is a named report definition (the body of POST /api/v1/reports/run, as JSON) with
-- a visibility: private (its owner's), team (the members of team_id) or workspace. A dashboard is a
-- named grid of widgets (JSON), each naming a saved report, with the same visibilities. Both are
-- versioned for If-Match and audited as a whole.
CREATE TABLE saved_reports (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,  -- case-folded, the listing's order
  object_type  TEXT NOT NULL,
  definition   TEXT NOT NULL,
  visibility   TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'workspace')),
  team_id      TEXT,            -- no foreign key: a removed team leaves the item to its owner and the admins
  owner_id     TEXT NOT NULL REFERENCES users(id),
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX saved_reports_name ON saved_reports(workspace_id, name_key, id);

CREATE TABLE dashboards (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  widgets      TEXT NOT NULL DEFAULT '[]',
  visibility   TEXT NOT NULL CHECK (visibility IN ('private', 'team', 'workspace')),
  team_id      TEXT,            -- no foreign key: a removed team leaves the item to its owner and the admins
  owner_id     TEXT NOT NULL REFERENCES users(id),
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dashboards_name ON dashboards(workspace_id, name_key, id);
