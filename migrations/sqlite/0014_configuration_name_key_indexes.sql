-- Unique names on the keys filled by version 13.
CREATE UNIQUE INDEX teams_name ON teams(workspace_id, name_key);
CREATE UNIQUE INDEX pipelines_name ON pipelines(workspace_id, name_key) WHERE archived_at IS NULL;
