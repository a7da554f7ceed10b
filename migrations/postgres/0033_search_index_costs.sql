-- What the search's GIN indexes (0018) cost a search on PostgreSQL, without changing what they hold.
--
-- 1. rapport_contacts_search and rapport_leads_search joined a first and a last name (and the
-- e-mail addresses, the phones) with concat_ws, which is STABLE: an IMMUTABLE function calling it is
-- not inlined, so every evaluation ran the function's own plan (0.28-0.38 ms a contact on a busy
-- machine against 0.09 ms inlined, over 5,000 contacts). A search evaluates it for every candidate
-- of a phrase or of whole words ("chloe.stewart": 52 contacts whose tsvector is rechecked). The
-- same text made of immutable operators: a || ' ' || b when both are there, else the one that is,
-- else NULL, which rapport_search_words reads as '' as it read concat_ws's '' -- the same tsvector
-- for every row (the index stays valid; compared on 100,000 contacts), and the functions are now
-- inlined into the index's expression and the search's alike.
DO $migration$
DECLARE
  s text := quote_ident(current_schema());
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION %1$s.rapport_contacts_search(first_name text, last_name text, email text, '
                 'emails text, phone text, phones text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT '
                 'setweight(%1$s.rapport_search_words(coalesce(first_name || %5$L || last_name, first_name, last_name)), %2$L) || '
                 'setweight(%1$s.rapport_search_words(coalesce(email || %5$L || emails, email, emails)), %3$L) || '
                 'setweight(%1$s.rapport_search_words(coalesce(phone || %5$L || phones, phone, phones)), %4$L) $f$',
                 s, 'A', 'B', 'C', ' ');
  EXECUTE format('CREATE OR REPLACE FUNCTION %1$s.rapport_leads_search(first_name text, last_name text, company_name text, '
                 'domain text, email text, phone text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT '
                 'setweight(%1$s.rapport_search_words(coalesce(first_name || %6$L || last_name, first_name, last_name)), %2$L) || '
                 'setweight(%1$s.rapport_search_words(coalesce(company_name || %6$L || domain, company_name, domain)), %3$L) || '
                 'setweight(%1$s.rapport_search_words(email), %4$L) || '
                 'setweight(%1$s.rapport_search_words(phone), %5$L) $f$', s, 'A', 'B', 'C', 'D', ' ');
END
$migration$;

-- 2. Every change goes into the index itself instead of its pending list. With fastupdate on
-- (PostgreSQL's default) new entries wait in an unsorted list that every search reads whole, testing
-- each entry against its words, until a VACUUM or a list of gin_pending_list_limit (4 MB) merges
-- them; a big table reaches autovacuum's insert threshold only after a fifth of its rows, so that
-- list was the norm. At 1,000,000 contacts a list of 60 pages (2,942 entries, after `rapport
-- generate`) made the index's part of the read of "patrick.clark.4903" 13.5 ms against 0.5 ms
-- without it; a full list (some 500 pages) would cost ~100 ms a search. The price is on writes: a
-- row's entries go into the index in its transaction (0.05-0.2 ms more a contact, measured on
-- 20,000 inserts). SQLite's FTS5 tables have no such list. Altering the indexes also makes every
-- open session read their expressions again: one that kept them from before 1. would not match
-- them with the search's expressions, inlined now.
ALTER INDEX companies_search SET (fastupdate = off);
ALTER INDEX contacts_search SET (fastupdate = off);
ALTER INDEX leads_search SET (fastupdate = off);
ALTER INDEX deals_search SET (fastupdate = off);
ALTER INDEX products_search SET (fastupdate = off);
-- What waits in the lists now goes into the indexes (setting fastupdate off does not move it).
SELECT gin_clean_pending_list(i::regclass)
  FROM unnest(ARRAY['companies_search', 'contacts_search', 'leads_search', 'deals_search', 'products_search']) AS i;
