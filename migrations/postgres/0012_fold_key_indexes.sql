-- Indexes on the case-folded keys filled by version 11: the sort indexes of case-insensitive names
-- (NULLs first, as list pages sort them), the unique rules (a contact's e-mail, a product's SKU, a
-- user's e-mail within a workspace) and sign-in's look-up of a user by e-mail across workspaces.
CREATE INDEX companies_name ON companies(workspace_id, name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_first_name ON contacts(workspace_id, first_name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name ON contacts(workspace_id, last_name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_last_name ON leads(workspace_id, last_name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX leads_company_name ON leads(workspace_id, company_name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_name ON deals(workspace_id, name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE INDEX products_name ON products(workspace_id, name_key NULLS FIRST, id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, email_key) WHERE deleted_at IS NULL AND email_key IS NOT NULL;
CREATE INDEX leads_email ON leads(workspace_id, email_key) WHERE deleted_at IS NULL AND email_key IS NOT NULL;
CREATE UNIQUE INDEX products_sku ON products(workspace_id, sku_key) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX workspaces_name_key ON workspaces(name_key);
CREATE UNIQUE INDEX users_email ON users(workspace_id, email_key);
CREATE INDEX users_email_key ON users(email_key);
