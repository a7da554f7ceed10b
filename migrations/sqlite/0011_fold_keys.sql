-- Case-insensitive names and e-mail addresses compare by one rule on both engines: the server
-- computes each value's Unicode case-folded key (NFKC_Casefold, src/platform/case_fold.hpp) and stores
-- it beside the value in <column>_key; filters, sorts and unique indexes use the key. Before this,
-- SQLite folded ASCII letters only (COLLATE NOCASE, lower()) while PostgreSQL's lower() followed the
-- database's locale, so "ÄLICE@example.com" matched "älice@example.com" on one engine only.
-- The code step of this version fills the keys of existing rows (src/platform/db/migration_steps.cpp);
-- version 12 builds the indexes on them. The indexes on the old expressions go now.
ALTER TABLE workspaces ADD COLUMN name_key TEXT;
ALTER TABLE companies ADD COLUMN name_key TEXT;
ALTER TABLE contacts ADD COLUMN first_name_key TEXT;
ALTER TABLE contacts ADD COLUMN last_name_key TEXT;
ALTER TABLE contacts ADD COLUMN email_key TEXT;
ALTER TABLE contacts ADD COLUMN emails_key TEXT;
ALTER TABLE leads ADD COLUMN first_name_key TEXT;
ALTER TABLE leads ADD COLUMN last_name_key TEXT;
ALTER TABLE leads ADD COLUMN company_name_key TEXT;
ALTER TABLE leads ADD COLUMN email_key TEXT;
ALTER TABLE deals ADD COLUMN name_key TEXT;
ALTER TABLE products ADD COLUMN sku_key TEXT;
ALTER TABLE products ADD COLUMN name_key TEXT;
ALTER TABLE activities ADD COLUMN email_from_key TEXT;
ALTER TABLE activities ADD COLUMN attendees_key TEXT;
ALTER TABLE activities ADD COLUMN email_to_key TEXT;
ALTER TABLE users ADD COLUMN email_key TEXT;
DROP INDEX companies_name;
DROP INDEX contacts_first_name;
DROP INDEX contacts_last_name;
DROP INDEX contacts_email;
DROP INDEX leads_last_name;
DROP INDEX leads_company_name;
DROP INDEX deals_name;
DROP INDEX products_name;
DROP INDEX products_sku;
DROP INDEX users_email;
