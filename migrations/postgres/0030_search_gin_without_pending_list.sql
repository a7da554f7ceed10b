-- The search's GIN indexes (0018) write every change into the index itself instead of its pending
-- list. With fastupdate on (PostgreSQL's default) new entries wait in an unsorted list that every
-- search reads whole, testing each entry against its words, until a VACUUM or a list of
-- gin_pending_list_limit (4 MB) merges them; a big table reaches autovacuum's insert threshold
-- only after a fifth of its rows, so that list was the norm. At 1,000,000 contacts a list of 60
-- pages (2,942 entries, after `rapport generate`) made the read of "patrick.clark.4903" 13.5 ms
-- in the index against 0.5 ms without it; a full list (some 500 pages) would cost ~100 ms a search.
-- The price is on writes: a row's entries go into the index in its transaction (0.05–0.2 ms more a
-- contact, measured on 20,000 inserts). SQLite's FTS5 tables have no such list.
ALTER INDEX companies_search SET (fastupdate = off);
ALTER INDEX contacts_search SET (fastupdate = off);
ALTER INDEX leads_search SET (fastupdate = off);
ALTER INDEX deals_search SET (fastupdate = off);
ALTER INDEX products_search SET (fastupdate = off);
-- What waits in the lists now goes into the indexes (setting fastupdate off does not move it).
SELECT gin_clean_pending_list(i::regclass)
  FROM unnest(ARRAY['companies_search', 'contacts_search', 'leads_search', 'deals_search', 'products_search']) AS i;
