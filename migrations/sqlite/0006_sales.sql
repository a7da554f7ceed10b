-- Sales: leads and their conversion, pipelines with ordered stages, deals (with contacts in roles,
-- stage history and board order), the product catalogue and deals' line items.
-- Amounts are integer minor units with an ISO 4217 currency beside them.

CREATE TABLE leads (
  id                   TEXT PRIMARY KEY,
  workspace_id         TEXT NOT NULL REFERENCES workspaces(id),
  first_name           TEXT COLLATE NOCASE,
  last_name            TEXT COLLATE NOCASE,
  email                TEXT,
  phone                TEXT,
  company_name         TEXT COLLATE NOCASE,
  domain               TEXT,
  job_title            TEXT,
  website              TEXT,
  source               TEXT,
  status               TEXT NOT NULL,
  status_reason        TEXT,
  city                 TEXT,
  country              TEXT,
  description          TEXT,
  converted_at         TEXT,
  converted_contact_id TEXT,
  converted_company_id TEXT,
  converted_deal_id    TEXT,
  owner_id             TEXT,
  custom               TEXT NOT NULL DEFAULT '{}',
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  created_by           TEXT,
  version              INTEGER NOT NULL DEFAULT 1,
  deleted_at           TEXT,
  deleted_by           TEXT
);
CREATE INDEX leads_created ON leads(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_updated ON leads(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_last_name ON leads(workspace_id, last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_company_name ON leads(workspace_id, company_name, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_status ON leads(workspace_id, status, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner_created ON leads(workspace_id, owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_deleted ON leads(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

CREATE TABLE pipelines (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  name         TEXT NOT NULL,
  position     INTEGER NOT NULL,
  archived_at  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX pipelines_name ON pipelines(workspace_id, lower(name)) WHERE archived_at IS NULL;

CREATE TABLE pipeline_stages (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  pipeline_id  TEXT NOT NULL REFERENCES pipelines(id),
  name         TEXT NOT NULL,
  position     INTEGER NOT NULL,
  probability  INTEGER NOT NULL,
  type         TEXT NOT NULL,
  archived_at  TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX pipeline_stages_pipeline ON pipeline_stages(workspace_id, pipeline_id, position);

CREATE TABLE deals (
  id                  TEXT PRIMARY KEY,
  workspace_id        TEXT NOT NULL REFERENCES workspaces(id),
  name                TEXT NOT NULL COLLATE NOCASE,
  pipeline_id         TEXT NOT NULL REFERENCES pipelines(id),
  stage_id            TEXT NOT NULL REFERENCES pipeline_stages(id),
  amount              INTEGER,
  currency            TEXT,
  expected_close_date TEXT,
  company_id          TEXT REFERENCES companies(id),
  lost_reason         TEXT,
  closed_at           TEXT,
  description         TEXT,
  board_rank          REAL NOT NULL DEFAULT 0,
  stage_entered_at    TEXT,
  owner_id            TEXT,
  custom              TEXT NOT NULL DEFAULT '{}',
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  created_by          TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  deleted_at          TEXT,
  deleted_by          TEXT
);
CREATE INDEX deals_created ON deals(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_updated ON deals(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_name ON deals(workspace_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_amount ON deals(workspace_id, amount, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_close ON deals(workspace_id, expected_close_date, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_created ON deals(workspace_id, owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_company ON deals(workspace_id, company_id, id) WHERE deleted_at IS NULL;
-- The Kanban board reads a stage's column in board order.
CREATE INDEX deals_board ON deals(workspace_id, stage_id, board_rank, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_deleted ON deals(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

CREATE TABLE deal_contacts (
  workspace_id TEXT NOT NULL,
  deal_id      TEXT NOT NULL REFERENCES deals(id),
  contact_id   TEXT NOT NULL REFERENCES contacts(id),
  role         TEXT,
  PRIMARY KEY (deal_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX deal_contacts_contact ON deal_contacts(workspace_id, contact_id, deal_id);

CREATE TABLE deal_stage_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  workspace_id  TEXT NOT NULL,
  deal_id       TEXT NOT NULL REFERENCES deals(id),
  from_stage_id TEXT,
  to_stage_id   TEXT NOT NULL,
  changed_at    TEXT NOT NULL,
  changed_by    TEXT
);
CREATE INDEX deal_stage_history_deal ON deal_stage_history(workspace_id, deal_id, id);

CREATE TABLE products (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  sku          TEXT NOT NULL,
  name         TEXT NOT NULL COLLATE NOCASE,
  description  TEXT,
  unit_price   INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  active       INTEGER NOT NULL DEFAULT 1,
  owner_id     TEXT,
  custom       TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  created_by   TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  deleted_at   TEXT,
  deleted_by   TEXT
);
CREATE UNIQUE INDEX products_sku ON products(workspace_id, lower(sku)) WHERE deleted_at IS NULL;
CREATE INDEX products_created ON products(workspace_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX products_updated ON products(workspace_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX products_name ON products(workspace_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX products_owner_created ON products(workspace_id, owner_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX products_deleted ON products(workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;

CREATE TABLE line_items (
  id               TEXT PRIMARY KEY,
  workspace_id     TEXT NOT NULL,
  deal_id          TEXT NOT NULL REFERENCES deals(id),
  product_id       TEXT REFERENCES products(id),
  name             TEXT NOT NULL,
  quantity         REAL NOT NULL,
  unit_price       INTEGER NOT NULL,
  discount_percent REAL NOT NULL DEFAULT 0,
  total            INTEGER NOT NULL,
  position         INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX line_items_deal ON line_items(workspace_id, deal_id, position);
