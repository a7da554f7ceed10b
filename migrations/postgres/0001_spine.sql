-- The spine: workspaces and their users, credentials, customers, activities, custom fields,
-- and the audit log, outbox and idempotency records every write goes through.
-- Times are UTC RFC 3339 text with milliseconds (sortable); ids are UUIDv7 text.
-- PostgreSQL dialect of migrations/sqlite/0001_spine.sql: the same tables and columns, so both
-- backends give the same API answers. JSON columns stay text (their exact text is the API's output);
-- SQLite's COLLATE NOCASE names become indexes on lower(...).

CREATE TABLE workspaces (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX workspaces_name ON workspaces(lower(name));

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
  email         TEXT NOT NULL,
  name          TEXT,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  active        BIGINT NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX users_email ON users(workspace_id, lower(email));

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id      TEXT NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  key_hash     TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  last_used_at TEXT,
  revoked_at   TEXT
);

CREATE TABLE companies (
  id             TEXT PRIMARY KEY,
  workspace_id   TEXT NOT NULL REFERENCES workspaces(id),
  name           TEXT NOT NULL,
  domain         TEXT,
  industry       TEXT,
  size           TEXT,
  employee_count BIGINT,
  annual_revenue BIGINT,
  currency       TEXT,
  website        TEXT,
  phone          TEXT,
  street         TEXT,
  city           TEXT,
  region         TEXT,
  postal_code    TEXT,
  country        TEXT,
  description    TEXT,
  owner_id       TEXT,
  custom         TEXT NOT NULL DEFAULT '{}',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  created_by     TEXT,
  version        BIGINT NOT NULL DEFAULT 1,
  deleted_at     TEXT,
  deleted_by     TEXT
);
CREATE UNIQUE INDEX companies_domain ON companies(workspace_id, domain) WHERE deleted_at IS NULL AND domain IS NOT NULL;
CREATE INDEX companies_created ON companies(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_updated ON companies(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_name ON companies(workspace_id, lower(name), id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner ON companies(workspace_id, owner_id, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_deleted ON companies(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

CREATE TABLE contacts (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
  first_name      TEXT,
  last_name       TEXT,
  email           TEXT,
  phone           TEXT,
  emails          TEXT NOT NULL DEFAULT '[]',
  phones          TEXT NOT NULL DEFAULT '[]',
  company_id      TEXT REFERENCES companies(id),
  job_title       TEXT,
  lifecycle_stage TEXT,
  lead_source     TEXT,
  city            TEXT,
  country         TEXT,
  birthday        TEXT,
  linkedin_url    TEXT,
  description     TEXT,
  owner_id        TEXT,
  custom          TEXT NOT NULL DEFAULT '{}',
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  created_by      TEXT,
  version         BIGINT NOT NULL DEFAULT 1,
  deleted_at      TEXT,
  deleted_by      TEXT
);
CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, lower(email)) WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE INDEX contacts_created ON contacts(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated ON contacts(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name ON contacts(workspace_id, lower(last_name), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name ON contacts(workspace_id, lower(first_name), id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_company ON contacts(workspace_id, company_id, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_stage ON contacts(workspace_id, lifecycle_stage, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner ON contacts(workspace_id, owner_id, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_deleted ON contacts(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

CREATE TABLE activities (
  id               TEXT PRIMARY KEY,
  workspace_id     TEXT NOT NULL REFERENCES workspaces(id),
  type             TEXT NOT NULL,
  subject          TEXT,
  body             TEXT,
  occurred_at      TEXT NOT NULL,
  due_at           TEXT,
  done             BIGINT,
  completed_at     TEXT,
  direction        TEXT,
  duration_seconds BIGINT,
  outcome          TEXT,
  starts_at        TEXT,
  ends_at          TEXT,
  location         TEXT,
  attendees        TEXT NOT NULL DEFAULT '[]',
  email_from       TEXT,
  email_to         TEXT NOT NULL DEFAULT '[]',
  owner_id         TEXT,
  custom           TEXT NOT NULL DEFAULT '{}',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  created_by       TEXT,
  version          BIGINT NOT NULL DEFAULT 1,
  deleted_at       TEXT,
  deleted_by       TEXT
);
CREATE INDEX activities_created ON activities(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_occurred ON activities(workspace_id, occurred_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_updated ON activities(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_due ON activities(workspace_id, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX activities_deleted ON activities(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

-- An activity links to one or more records (contacts, companies, later deals).
CREATE TABLE activity_links (
  workspace_id TEXT NOT NULL,
  activity_id  TEXT NOT NULL REFERENCES activities(id),
  target_type  TEXT NOT NULL,
  target_id    TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,  -- copied from the activity so the timeline reads one index in order
  PRIMARY KEY (activity_id, target_type, target_id)
);
CREATE INDEX activity_links_target ON activity_links(workspace_id, target_type, target_id, occurred_at, activity_id);

CREATE TABLE custom_fields (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object_type  TEXT NOT NULL,
  name         TEXT NOT NULL,
  label        TEXT NOT NULL,
  type         TEXT NOT NULL,
  required     BIGINT NOT NULL DEFAULT 0,
  is_unique    BIGINT NOT NULL DEFAULT 0,
  min_value    DOUBLE PRECISION,
  max_value    DOUBLE PRECISION,
  max_length   BIGINT,
  pattern      TEXT,
  options      TEXT NOT NULL DEFAULT '[]',
  currency     TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX custom_fields_name ON custom_fields(workspace_id, object_type, name);

-- One row per write: who changed what, when, under which request; changes is a JSON array of
-- {"field", "before", "after"}.
CREATE TABLE audit_log (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  action       TEXT NOT NULL,
  actor_id     TEXT,
  request_id   TEXT,
  at           TEXT NOT NULL,
  changes      TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(workspace_id, object_type, object_id, id);

-- Domain events written in the same transaction as the change; consumers (webhooks, workflows,
-- live updates) read them in id order.
CREATE TABLE outbox (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  event_type   TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    TEXT NOT NULL,
  payload      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  processed_at TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE processed_at IS NULL;

CREATE TABLE idempotency_keys (
  workspace_id  TEXT NOT NULL,
  actor_id      TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        BIGINT NOT NULL,
  body          TEXT NOT NULL,
  location      TEXT,
  etag          TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, actor_id, key)
);

-- Live-record counts per object, kept in the same transaction as every create, delete and restore,
-- so an unfiltered count is one row read however large the table grows.
CREATE TABLE record_counts (
  workspace_id TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  live         BIGINT NOT NULL,
  PRIMARY KEY (workspace_id, object_type)
);
