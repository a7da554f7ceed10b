-- The durable job queue (src/platform/jobs): work to run later, enqueued in the transaction of the
-- change that causes it. A job is queued (waiting for run_at), running (leased by one node's worker
-- until lease_until, renewed while it runs), then succeeded, dead (out of attempts, or failed for
-- good: last_error says why) or cancelled. Finished rows are purged by the retention thread.
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT,              -- NULL: the installation's own work
  type         TEXT NOT NULL,
  payload      TEXT NOT NULL,     -- JSON
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'dead', 'cancelled')),
  priority     INTEGER NOT NULL DEFAULT 0,
  run_at       TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,  -- attempts started, the one running included
  attempts_before_retry INTEGER NOT NULL DEFAULT 0,  -- at the last manual retry: the type's limit counts from there
  unique_key   TEXT,              -- at most one queued or running job per key
  lease_owner  TEXT,              -- the node running it (succeeded: the node that ran it)
  lease_until  TEXT,
  started_at   TEXT,              -- of the attempt running
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  finished_at  TEXT
);
-- A node claims each type's ready jobs by priority, then age.
CREATE INDEX jobs_ready ON jobs(type, priority DESC, run_at, id) WHERE state = 'queued';
-- The next job to become due, whatever its type: when an idle node wakes up.
CREATE INDEX jobs_due ON jobs(run_at) WHERE state = 'queued';
CREATE INDEX jobs_leases ON jobs(lease_until) WHERE state = 'running';
CREATE UNIQUE INDEX jobs_unique ON jobs(unique_key) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_dead ON jobs(type) WHERE state = 'dead';
CREATE INDEX jobs_workspace ON jobs(workspace_id, created_at, id);
CREATE INDEX jobs_finished ON jobs(finished_at) WHERE finished_at IS NOT NULL;

-- Each failed attempt of a job: where it ran, how it ended (failed, lease_expired) and its error. A
-- job's successful attempt is its own row (lease_owner, started_at, finished_at). An attempt handed
-- back unfinished at a clean shutdown is not one: it starts again.
CREATE TABLE job_attempts (
  job_id      TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  node        TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  error       TEXT,
  PRIMARY KEY (job_id, attempt)
);
CREATE INDEX job_attempts_finished ON job_attempts(finished_at);

-- Recurring jobs: a schedule enqueues a job of its type when its cron expression (read in its time
-- zone) comes due. Each period enqueues one job whichever node fires it; periods missed while no
-- node ran are run once, at the next firing.
CREATE TABLE job_schedules (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT,              -- NULL: the installation's own
  name         TEXT NOT NULL,     -- its owner's key, unique in its workspace (e.g. "automation:<id>")
  type         TEXT NOT NULL,
  payload      TEXT NOT NULL,     -- JSON, copied into each job
  cron         TEXT NOT NULL,     -- normalised (platform/jobs/cron.hpp)
  time_zone    TEXT NOT NULL,     -- IANA
  next_run_at  TEXT NOT NULL,
  last_run_at  TEXT,
  last_job_id  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX job_schedules_name ON job_schedules(COALESCE(workspace_id, ''), name);
CREATE INDEX job_schedules_due ON job_schedules(next_run_at);
