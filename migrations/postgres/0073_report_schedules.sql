-- Scheduled report emails (src/modules/analytics/report_schedule*.{hpp,cpp}).
--
-- A saved report's owner has it emailed daily, weekly or monthly at a local time of a time zone to
-- workspace users and addresses (recipients: JSON {"user_ids": [..], "emails": [..]}). Each row has a job
-- schedule of the same id (job_schedules, named "report-email:<id>") that enqueues the report's run
-- as its owner; removing the report removes its schedules in the same transaction.
CREATE TABLE report_schedules (
  id              TEXT PRIMARY KEY,
  workspace_id    TEXT NOT NULL REFERENCES workspaces(id),
  saved_report_id TEXT NOT NULL REFERENCES saved_reports(id),
  frequency       TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  at_time         TEXT NOT NULL,     -- HH:MM on the zone's wall clock
  weekday         INTEGER,           -- weekly: 0 (Sunday) to 6
  month_day       INTEGER,           -- monthly: 1 to 28
  time_zone       TEXT NOT NULL,     -- IANA
  recipients      TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  last_sent_at    TEXT
);
CREATE INDEX report_schedules_report ON report_schedules(workspace_id, saved_report_id, id);
