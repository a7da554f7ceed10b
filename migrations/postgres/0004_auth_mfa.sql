-- PostgreSQL dialect of migrations/sqlite/0004_auth_mfa.sql (same tables and columns).
-- The security layer's sign-in part: the master key's check value, TOTP second factors with their
-- recovery codes, per-workspace MFA policies by role, and failed sign-in attempts for throttling.

-- One row: a value sealed with the master key at first start. A start with another key fails to
-- open it and refuses to serve (app/master_key.cpp).
CREATE TABLE vault_check (
  id         BIGINT PRIMARY KEY CHECK (id = 1),
  key_id     TEXT NOT NULL,
  sealed     TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A user's TOTP secret, sealed under the context "totp:<user id>". enabled = 0 while an enrolment
-- waits for its first code. last_step is the last time step accepted (a code is accepted once).
CREATE TABLE user_mfa (
  user_id       TEXT PRIMARY KEY REFERENCES users(id),
  workspace_id  TEXT NOT NULL REFERENCES workspaces(id),
  secret_sealed TEXT NOT NULL,
  enabled       BIGINT NOT NULL DEFAULT 0,
  last_step     BIGINT NOT NULL DEFAULT -1,
  created_at    TEXT NOT NULL,
  confirmed_at  TEXT
);

-- Single-use recovery codes: BLAKE2b hashes of 128-bit random codes shown once.
CREATE TABLE mfa_recovery_codes (
  user_id    TEXT NOT NULL REFERENCES users(id),
  code_hash  TEXT NOT NULL,
  created_at TEXT NOT NULL,
  used_at    TEXT,
  PRIMARY KEY (user_id, code_hash)
);

-- Roles whose users must have MFA confirmed before using anything but enrolment.
CREATE TABLE mfa_policies (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  role         TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, role)
);

-- Sign-in attempts not (yet) successful, by key "acct:<lower email>" or "ip:<address>". An attempt
-- is recorded before the password is checked and removed when it succeeds; rows older than the
-- counting window are pruned.
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  id  TEXT NOT NULL,
  at  TEXT NOT NULL,
  PRIMARY KEY (key, id)
);
CREATE INDEX login_failures_key_at ON login_failures(key, at);
CREATE INDEX login_failures_at ON login_failures(at);
