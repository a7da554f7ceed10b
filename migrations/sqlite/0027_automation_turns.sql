-- assign_owner round-robin (src/modules/automation/action_assign_owner.cpp): the member each
-- round-robin action of a rule picked last, one row per (rule, action), taken under a lock (FOR
-- UPDATE on PostgreSQL, the single writer on SQLite) so simultaneous runs pick different members.
CREATE TABLE automation_turns (
  workspace_id  TEXT NOT NULL,
  rule_id       TEXT NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
  action_index  BIGINT NOT NULL,
  last_user_id  TEXT,
  PRIMARY KEY (workspace_id, rule_id, action_index)
);
