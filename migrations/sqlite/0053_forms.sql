-- Marketing's lead capture forms (src/modules/marketing/form*): an embeddable form whose public
-- address is /f/{id}; a submission creates or updates (by email) a lead or a contact, records the
-- consents the visitor ticked with the text they saw, and leaves a row in form_submissions with the
-- visit's UTM parameters and referrer. The id is public by design (it sits in the site's page).
CREATE TABLE forms (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
  name            TEXT NOT NULL,
  name_key        TEXT NOT NULL,             -- unique per workspace (platform/case_fold.hpp)
  target          TEXT NOT NULL CHECK (target IN ('lead', 'contact')),
  fields          TEXT NOT NULL DEFAULT '[]',  -- JSON array: {"field", "label", "required"}
  consents        TEXT NOT NULL DEFAULT '[]',  -- JSON array: {"channel", "text", "version"}
  success_message TEXT,                        -- shown after a submission (no redirect_url)
  redirect_url    TEXT,                        -- where a browser's plain form post goes after success
  list_id         TEXT,                        -- a static list new and updated contacts join
  enabled         INTEGER NOT NULL DEFAULT 1,
  submissions     INTEGER NOT NULL DEFAULT 0,
  spam_caught     INTEGER NOT NULL DEFAULT 0,       -- submissions the honeypot dropped
  created_by      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX forms_workspace ON forms(workspace_id, created_at, id);
CREATE UNIQUE INDEX forms_name ON forms(workspace_id, name_key);

-- One row a stored submission (a honeypot's leaves none); consents holds each consent ticked with
-- the exact text and its version. Ids are UUIDv7, so id order is time order (the list's pages).
CREATE TABLE form_submissions (
  id            TEXT PRIMARY KEY,
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
  form_id       TEXT NOT NULL,
  object_type   TEXT NOT NULL,   -- leads or contacts
  record_id     TEXT NOT NULL,
  created       INTEGER NOT NULL,     -- 1: the submission made the record; 0: it updated one found by email
  consents      TEXT NOT NULL DEFAULT '[]',
  utm_source    TEXT,
  utm_medium    TEXT,
  utm_campaign  TEXT,
  utm_term      TEXT,
  utm_content   TEXT,
  referrer      TEXT,
  submitted_at  TEXT NOT NULL
);
CREATE INDEX form_submissions_form ON form_submissions(workspace_id, form_id, id);
CREATE INDEX form_submissions_record ON form_submissions(workspace_id, object_type, record_id);
