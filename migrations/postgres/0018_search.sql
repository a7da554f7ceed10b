-- The search index behind GET /api/v1/search (platform/records/search.*), the PostgreSQL side of
-- SQLite's FTS5 tables of the same version. Per searchable object a function
-- rapport_<object>_search(<the fields of its search groups>) makes a tsvector whose weights A, B, C, D
-- are the object's search groups (records::SearchSpec, in that order), and a partial GIN index on it
-- serves live records (the recycle bin's are not in it). An expression index rather than a stored
-- column: rows keep exactly the columns SQLite has, so `migrate-data` copies and verifies them
-- unchanged. Words are split as SQLite's unicode61 tokenizer splits them (anything but letters and
-- digits separates; phones in E.164 become their digits) and matched by prefix (`'ada':*`), which a
-- GIN index on a tsvector serves; the same word-prefix semantics as SQLite, so a trigram index (which
-- would add mid-word matches SQLite cannot give) is not needed. Accents are folded by the unaccent
-- extension when the server offers it (Debian's contrib does; it is a trusted extension, which a
-- database owner may create); without it matching is accent-sensitive. The functions name every
-- function they call with its schema, so an index is evaluated alike whatever a session's search_path.
DO $migration$
DECLARE
  s text := quote_ident(current_schema());
  ext text;
BEGIN
  -- An extension exists once per database. Made in this schema, it would go with any DROP SCHEMA ...
  -- CASCADE of it, and other schemas' functions (another deployment's, or a parallel test's, sharing
  -- the database) would then name a schema that is gone: so in public when the role may, else here.
  BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
  EXCEPTION WHEN insufficient_privilege OR invalid_schema_name THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
      NULL;  -- accent-sensitive matching
    END;
  WHEN undefined_file OR feature_not_supported THEN
    NULL;  -- accent-sensitive matching
  END;
  SELECT quote_ident(n.nspname) INTO ext
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
  IF ext IS NULL THEN
    EXECUTE format('CREATE FUNCTION %s.rapport_unaccent(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE '
                   'AS $f$ SELECT t $f$', s);
  ELSE
    EXECUTE format('CREATE FUNCTION %s.rapport_unaccent(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE '
                   'STRICT AS $f$ SELECT %s.unaccent(%L::regdictionary, t) $f$', s, ext, ext || '.unaccent');
  END IF;
  -- Lower case, accents folded, every run of characters other than ASCII letters and digits and
  -- non-ASCII characters made one space: the words the tsvector is made of.
  EXECUTE format('CREATE FUNCTION %1$s.rapport_search_words(t text) RETURNS tsvector LANGUAGE sql IMMUTABLE '
                 'PARALLEL SAFE AS $f$ SELECT to_tsvector(%2$L::regconfig, regexp_replace('
                 'lower(%1$s.rapport_unaccent(coalesce(t, %3$L))), %4$L, %5$L, %6$L)) $f$',
                 s, 'pg_catalog.simple', '', '[^0-9a-z\u0080-\U0010FFFF]+', ' ', 'g');
  EXECUTE format('CREATE FUNCTION %1$s.rapport_companies_search(name text, domain text, phone text) RETURNS tsvector '
                 'LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT '
                 'setweight(%1$s.rapport_search_words(name), %2$L) || setweight(%1$s.rapport_search_words(domain), %3$L) || '
                 'setweight(%1$s.rapport_search_words(phone), %4$L) $f$', s, 'A', 'B', 'C');
  EXECUTE format('CREATE FUNCTION %1$s.rapport_contacts_search(first_name text, last_name text, email text, emails text, '
                 'phone text, phones text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT '
                 'setweight(%1$s.rapport_search_words(concat_ws(%5$L, first_name, last_name)), %2$L) || '
                 'setweight(%1$s.rapport_search_words(concat_ws(%5$L, email, emails)), %3$L) || '
                 'setweight(%1$s.rapport_search_words(concat_ws(%5$L, phone, phones)), %4$L) $f$', s, 'A', 'B', 'C', ' ');
  EXECUTE format('CREATE FUNCTION %1$s.rapport_leads_search(first_name text, last_name text, company_name text, '
                 'domain text, email text, phone text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT '
                 'setweight(%1$s.rapport_search_words(concat_ws(%6$L, first_name, last_name)), %2$L) || '
                 'setweight(%1$s.rapport_search_words(concat_ws(%6$L, company_name, domain)), %3$L) || '
                 'setweight(%1$s.rapport_search_words(email), %4$L) || '
                 'setweight(%1$s.rapport_search_words(phone), %5$L) $f$', s, 'A', 'B', 'C', 'D', ' ');
  EXECUTE format('CREATE FUNCTION %1$s.rapport_deals_search(name text) RETURNS tsvector LANGUAGE sql IMMUTABLE '
                 'PARALLEL SAFE AS $f$ SELECT setweight(%1$s.rapport_search_words(name), %2$L) $f$', s, 'A');
  EXECUTE format('CREATE FUNCTION %1$s.rapport_products_search(name text, sku text) RETURNS tsvector LANGUAGE sql '
                 'IMMUTABLE PARALLEL SAFE AS $f$ SELECT setweight(%1$s.rapport_search_words(name), %2$L) || '
                 'setweight(%1$s.rapport_search_words(sku), %3$L) $f$', s, 'A', 'B');
END
$migration$;

-- Built from the existing rows as they are created (the backfill).
CREATE INDEX companies_search ON companies USING gin (rapport_companies_search(name, domain, phone))
  WHERE deleted_at IS NULL;
CREATE INDEX contacts_search ON contacts USING gin (rapport_contacts_search(first_name, last_name, email, emails, phone, phones))
  WHERE deleted_at IS NULL;
CREATE INDEX leads_search ON leads USING gin (rapport_leads_search(first_name, last_name, company_name, domain, email, phone))
  WHERE deleted_at IS NULL;
CREATE INDEX deals_search ON deals USING gin (rapport_deals_search(name)) WHERE deleted_at IS NULL;
CREATE INDEX products_search ON products USING gin (rapport_products_search(name, sku)) WHERE deleted_at IS NULL;
