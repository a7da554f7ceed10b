-- Roles, teams and record scopes. Built-in roles (admin, sales_manager, sales_rep, marketing,
-- support_agent, read_only) live in code; a workspace's custom roles are rows here, their grants
-- and field rules a JSON definition. users.role names either kind.

CREATE TABLE roles (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  label        TEXT NOT NULL,
  description  TEXT,
  definition   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (workspace_id, name)
);

CREATE TABLE teams (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  description  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX teams_name ON teams(workspace_id, lower(name));

CREATE TABLE team_members (
  workspace_id TEXT NOT NULL,
  team_id      TEXT NOT NULL REFERENCES teams(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  added_at     TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
);
-- "Team" scope looks up the caller's teams, then their members.
CREATE INDEX team_members_user ON team_members(workspace_id, user_id, team_id);

-- An API key acts with a role no wider than its creator's (NULL: the creator's own role).
ALTER TABLE api_keys ADD COLUMN role TEXT;

-- A user with "own" scope lists their records newest first: one index range, not a post-filter.
CREATE INDEX contacts_owner_created ON contacts(workspace_id, owner_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_created ON companies(workspace_id, owner_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_owner_created ON activities(workspace_id, owner_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;

-- Sessions get a public id (the token's hash stays private) to be listed and revoked, and the time
-- of their last use for the idle timeout.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE UNIQUE INDEX sessions_id ON sessions(id);
-- A browser session (cookie) has a CSRF token; only its hash is kept.
ALTER TABLE sessions ADD COLUMN csrf_hash TEXT;
