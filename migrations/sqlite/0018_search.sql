-- The search index behind GET /api/v1/search (platform/records/search.*): one contentless FTS5 table
-- per searchable object, its columns the object's search groups (records::SearchSpec, in that
-- order), its rowid the record's rowid. Triggers keep it in the transaction of every write, whoever
-- writes (the API, conversions, `rapport generate`, `migrate-data`), rather than the store's write
-- path, which several writers bypass. Only live records are indexed: moving a record to the recycle
-- bin removes its entry, restoring it adds it back. Contentless: the index keeps tokens only, no
-- second copy of the values (an erasure's tokens are merged away, modules/privacy/erase.cpp); a
-- 'delete' must be given the values that were indexed, which the triggers recompute from OLD.
-- prefix='1 2 3': short prefixes (the first keystrokes in the palette) read one precomputed doclist
-- instead of merging those of every term they begin. unicode61 with remove_diacritics 2 folds case
-- and accents. Phones are stored in E.164, so "+442079460000" is the token 442079460000.
CREATE VIRTUAL TABLE companies_search USING fts5(name, domain, phone, content='', columnsize=0,
  prefix='1 2 3', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE contacts_search USING fts5(name, email, phone, content='', columnsize=0,
  prefix='1 2 3', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE leads_search USING fts5(name, company, email, phone, content='', columnsize=0,
  prefix='1 2 3', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE deals_search USING fts5(name, content='', columnsize=0,
  prefix='1 2 3', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE products_search USING fts5(name, sku, content='', columnsize=0,
  prefix='1 2 3', tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO companies_search(rowid, name, domain, phone) VALUES (new.rowid, new.name, new.domain, new.phone);
END;
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO companies_search(companies_search, rowid, name, domain, phone) VALUES ('delete', old.rowid, old.name, old.domain, old.phone);
END;
CREATE TRIGGER companies_search_update AFTER UPDATE OF name, domain, phone, deleted_at ON companies BEGIN
  INSERT INTO companies_search(companies_search, rowid, name, domain, phone)
    SELECT 'delete', old.rowid, old.name, old.domain, old.phone WHERE old.deleted_at IS NULL;
  INSERT INTO companies_search(rowid, name, domain, phone)
    SELECT new.rowid, new.name, new.domain, new.phone WHERE new.deleted_at IS NULL;
END;
INSERT INTO companies_search(rowid, name, domain, phone)
  SELECT rowid, name, domain, phone FROM companies WHERE deleted_at IS NULL;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO contacts_search(rowid, name, email, phone) VALUES (new.rowid,
    coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''),
    coalesce(new.email, '') || ' ' || new.emails, coalesce(new.phone, '') || ' ' || new.phones);
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO contacts_search(contacts_search, rowid, name, email, phone) VALUES ('delete', old.rowid,
    coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, ''),
    coalesce(old.email, '') || ' ' || old.emails, coalesce(old.phone, '') || ' ' || old.phones);
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF first_name, last_name, email, emails, phone, phones, deleted_at
    ON contacts BEGIN
  INSERT INTO contacts_search(contacts_search, rowid, name, email, phone) SELECT 'delete', old.rowid,
    coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, ''),
    coalesce(old.email, '') || ' ' || old.emails, coalesce(old.phone, '') || ' ' || old.phones
    WHERE old.deleted_at IS NULL;
  INSERT INTO contacts_search(rowid, name, email, phone) SELECT new.rowid,
    coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''),
    coalesce(new.email, '') || ' ' || new.emails, coalesce(new.phone, '') || ' ' || new.phones
    WHERE new.deleted_at IS NULL;
END;
INSERT INTO contacts_search(rowid, name, email, phone)
  SELECT rowid, coalesce(first_name, '') || ' ' || coalesce(last_name, ''), coalesce(email, '') || ' ' || emails,
         coalesce(phone, '') || ' ' || phones
  FROM contacts WHERE deleted_at IS NULL;

CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO leads_search(rowid, name, company, email, phone) VALUES (new.rowid,
    coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''),
    coalesce(new.company_name, '') || ' ' || coalesce(new.domain, ''), new.email, new.phone);
END;
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO leads_search(leads_search, rowid, name, company, email, phone) VALUES ('delete', old.rowid,
    coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, ''),
    coalesce(old.company_name, '') || ' ' || coalesce(old.domain, ''), old.email, old.phone);
END;
CREATE TRIGGER leads_search_update AFTER UPDATE OF first_name, last_name, company_name, domain, email, phone, deleted_at
    ON leads BEGIN
  INSERT INTO leads_search(leads_search, rowid, name, company, email, phone) SELECT 'delete', old.rowid,
    coalesce(old.first_name, '') || ' ' || coalesce(old.last_name, ''),
    coalesce(old.company_name, '') || ' ' || coalesce(old.domain, ''), old.email, old.phone
    WHERE old.deleted_at IS NULL;
  INSERT INTO leads_search(rowid, name, company, email, phone) SELECT new.rowid,
    coalesce(new.first_name, '') || ' ' || coalesce(new.last_name, ''),
    coalesce(new.company_name, '') || ' ' || coalesce(new.domain, ''), new.email, new.phone
    WHERE new.deleted_at IS NULL;
END;
INSERT INTO leads_search(rowid, name, company, email, phone)
  SELECT rowid, coalesce(first_name, '') || ' ' || coalesce(last_name, ''),
         coalesce(company_name, '') || ' ' || coalesce(domain, ''), email, phone
  FROM leads WHERE deleted_at IS NULL;

CREATE TRIGGER deals_search_insert AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO deals_search(rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER deals_search_delete AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO deals_search(deals_search, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER deals_search_update AFTER UPDATE OF name, deleted_at ON deals BEGIN
  INSERT INTO deals_search(deals_search, rowid, name) SELECT 'delete', old.rowid, old.name WHERE old.deleted_at IS NULL;
  INSERT INTO deals_search(rowid, name) SELECT new.rowid, new.name WHERE new.deleted_at IS NULL;
END;
INSERT INTO deals_search(rowid, name) SELECT rowid, name FROM deals WHERE deleted_at IS NULL;

CREATE TRIGGER products_search_insert AFTER INSERT ON products WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO products_search(rowid, name, sku) VALUES (new.rowid, new.name, new.sku);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products WHEN old.deleted_at IS NULL BEGIN
  INSERT INTO products_search(products_search, rowid, name, sku) VALUES ('delete', old.rowid, old.name, old.sku);
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name, sku, deleted_at ON products BEGIN
  INSERT INTO products_search(products_search, rowid, name, sku)
    SELECT 'delete', old.rowid, old.name, old.sku WHERE old.deleted_at IS NULL;
  INSERT INTO products_search(rowid, name, sku) SELECT new.rowid, new.name, new.sku WHERE new.deleted_at IS NULL;
END;
INSERT INTO products_search(rowid, name, sku) SELECT rowid, name, sku FROM products WHERE deleted_at IS NULL;
