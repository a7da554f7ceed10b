-- Support tickets (src/modules/support): a record object of the record engine, numbered per
-- workspace. ticket_numbers holds each workspace's last number, taken in the creating transaction
-- (no gaps, never reused, even after a ticket is deleted).
CREATE TABLE ticket_numbers (
  workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id),
  last_number  BIGINT NOT NULL
);

CREATE TABLE tickets (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
  number        BIGINT NOT NULL,
  subject       TEXT NOT NULL,
  subject_key   TEXT COLLATE "C",
  description   TEXT,
  status        TEXT NOT NULL,
  priority      TEXT NOT NULL,
  type          TEXT,
  channel       TEXT NOT NULL,
  requester_id  TEXT REFERENCES contacts(id),
  company_id    TEXT REFERENCES companies(id),
  assignee_id   TEXT REFERENCES users(id),
  team_id       TEXT,  -- no foreign key: a team is deleted without its tickets (checked on write)
  follow_up_of  TEXT REFERENCES tickets(id),
  first_response_at TEXT,
  owner_id      TEXT,
  custom        TEXT NOT NULL DEFAULT '{}',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by    TEXT,
  version       BIGINT NOT NULL DEFAULT 1,
  deleted_at    TEXT,
  deleted_by    TEXT
);
CREATE UNIQUE INDEX tickets_number ON tickets(workspace_id, number);
CREATE INDEX tickets_created ON tickets(workspace_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_updated ON tickets(workspace_id, updated_at NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_number_live ON tickets(workspace_id, number NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_subject ON tickets(workspace_id, subject_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_status ON tickets(workspace_id, status NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_priority ON tickets(workspace_id, priority NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_owner_created ON tickets(workspace_id, owner_id, created_at NULLS FIRST, id) WHERE deleted_at IS NULL;
-- An agent's queue: their teams' tickets by status.
CREATE INDEX tickets_team_status ON tickets(workspace_id, team_id, status NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_assignee ON tickets(workspace_id, assignee_id, status NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_requester ON tickets(workspace_id, requester_id, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_company ON tickets(workspace_id, company_id, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_follow_up ON tickets(workspace_id, follow_up_of) WHERE follow_up_of IS NOT NULL;
CREATE INDEX tickets_first_response ON tickets(workspace_id, first_response_at NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX tickets_deleted ON tickets(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

-- A ticket's conversation (src/modules/support/messages.*): replies and internal notes, oldest
-- first by id (UUIDv7).
CREATE TABLE ticket_messages (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  ticket_id    TEXT NOT NULL REFERENCES tickets(id),
  kind         TEXT NOT NULL CHECK (kind IN ('reply', 'note')),
  body         TEXT NOT NULL,
  author_id    TEXT REFERENCES users(id),
  created_at   TEXT NOT NULL,
  email_id     TEXT REFERENCES emails(id)  -- a reply emailed to the requester
);
CREATE INDEX ticket_messages_ticket ON ticket_messages(workspace_id, ticket_id, id);
