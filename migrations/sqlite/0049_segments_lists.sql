-- Marketing audiences (src/modules/marketing): segments, saved conditions over contacts whose
-- members are computed when asked, and static lists whose members are added by hand. Names are
-- unique per workspace by the server's case-folded key (platform/case_fold.hpp).
CREATE TABLE segments (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  object_type  TEXT NOT NULL CHECK (object_type = 'contacts'),
  filter       TEXT NOT NULL DEFAULT '{}',
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX segments_name ON segments(workspace_id, name_key);

CREATE TABLE marketing_lists (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  description  TEXT,
  created_by   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX marketing_lists_name ON marketing_lists(workspace_id, name_key);

-- The members read a list's rows by the primary key; a contact's memberships by the second index.
CREATE TABLE marketing_list_members (
  workspace_id TEXT NOT NULL,
  list_id      TEXT NOT NULL REFERENCES marketing_lists(id),
  contact_id   TEXT NOT NULL,
  added_at     TEXT NOT NULL,
  added_by     TEXT,
  PRIMARY KEY (workspace_id, list_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX marketing_list_members_contact ON marketing_list_members(workspace_id, contact_id);

-- A contact that is deleted (to the recycle bin, erased or purged) leaves every list: whatever path
-- deletes it, these keep the lists in step (a restored contact is not put back).
CREATE TRIGGER contacts_leave_lists_on_delete AFTER UPDATE OF deleted_at ON contacts
  WHEN new.deleted_at IS NOT NULL AND old.deleted_at IS NULL BEGIN
  DELETE FROM marketing_list_members WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
CREATE TRIGGER contacts_leave_lists_on_purge AFTER DELETE ON contacts BEGIN
  DELETE FROM marketing_list_members WHERE workspace_id = old.workspace_id AND contact_id = old.id;
END;
