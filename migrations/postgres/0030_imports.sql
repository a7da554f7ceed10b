-- Imports (src/modules/imports): files brought in by a job, their failed rows, what undo reverses,
-- saved mappings and the ids records had in the system they came from. Times are TEXT as
-- clock::format_ms writes them, like every other table.
CREATE TABLE imports (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object       TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'undone')),
  dry_run      BIGINT  NOT NULL DEFAULT 0,
  file_name    TEXT NOT NULL,
  file_bytes   BIGINT  NOT NULL,   -- the file's size as uploaded
  text_bytes   BIGINT  NOT NULL,   -- its size as UTF-8 text (import_files), for progress
  encoding     TEXT NOT NULL,
  headers      TEXT NOT NULL,      -- the header row (JSON array), for the errors CSV
  options      TEXT NOT NULL,      -- the mapping document used (JSON)
  rows_read    BIGINT  NOT NULL DEFAULT 0,
  rows_created BIGINT  NOT NULL DEFAULT 0,
  rows_updated BIGINT  NOT NULL DEFAULT 0,
  rows_skipped BIGINT  NOT NULL DEFAULT 0,
  rows_failed  BIGINT  NOT NULL DEFAULT 0,
  bytes_done   BIGINT  NOT NULL DEFAULT 0,   -- text read so far (progress)
  error        TEXT,                         -- why a failed import stopped
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  started_at   TEXT,
  finished_at  TEXT,
  undone_at    TEXT
);
CREATE INDEX imports_workspace ON imports(workspace_id, created_at, id);

-- The uploaded file as UTF-8 text in pieces of about 1 MiB (cut between characters), so that any
-- node can run the import and read it as a stream; deleted when the import is undone.
CREATE TABLE import_files (
  import_id TEXT NOT NULL REFERENCES imports(id),
  seq       BIGINT  NOT NULL,
  text      TEXT NOT NULL,
  PRIMARY KEY (import_id, seq)
);

-- A row per failed row (kind 'error': line, column, value, message, the row as read) and per
-- record written (kind 'created' or 'updated' with the record's before-image: what undo restores).
CREATE TABLE import_rows (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id   TEXT NOT NULL REFERENCES imports(id),
  kind        TEXT NOT NULL CHECK (kind IN ('error', 'created', 'updated')),
  line        BIGINT  NOT NULL,
  object      TEXT NOT NULL,
  record_id   TEXT,
  col         TEXT,
  value       TEXT,
  message     TEXT,
  raw         TEXT,    -- error: the row's cells as a CSV line; updated: the record before (JSON)
  undone      BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX import_rows_import ON import_rows(import_id, kind, id);

CREATE TABLE import_mappings (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object       TEXT NOT NULL,
  name         TEXT NOT NULL,
  body         TEXT NOT NULL,   -- the mapping document (JSON)
  version      BIGINT  NOT NULL DEFAULT 1,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX import_mappings_name ON import_mappings(workspace_id, object, lower(name));

-- A record's id in the system it was imported from (match_on external_id finds it next time).
CREATE TABLE record_external_ids (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  object       TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, object, external_id)
);
CREATE INDEX record_external_ids_record ON record_external_ids(workspace_id, record_id);
