-- The recount of a contact's open deals (0083's contact_open_deals_refresh) joined the contact's
-- links to deals in one statement, and PostgreSQL was free to plan that join as a merge join that
-- walks the workspace's deals in id order up to the contact's deal. It did, once the statistics of
-- deal_contacts were those of a small table (a new database, a bulk seed, an import into an empty
-- workspace): 0.8 ms a contact at 4,000 deals, growing with the deals, so linking 4,000 contacts in
-- one statement took 2.6 s and 8,000 took 9.1 s, and a 1M-contact seed linking 50,000 had not
-- finished after 12 minutes (docs/benchmarks.md, "Linking deals to contacts in bulk on PostgreSQL").
-- The deal of each link is now checked by a subquery of its own, which PostgreSQL runs per link
-- through deals_pkey whatever the statistics say: the recount reads the contact's links and one
-- deal each. SQLite plans the join from the contact's links already (deal_contacts_contact).
CREATE OR REPLACE FUNCTION contact_open_deals_refresh(c TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w TEXT;
  n INTEGER;
BEGIN
  SELECT workspace_id INTO w FROM contacts WHERE id = c FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT count(*) INTO n FROM deal_contacts dc
  WHERE dc.workspace_id = w AND dc.contact_id = c
    AND (SELECT d.workspace_id = w AND d.deleted_at IS NULL AND d.closed_at IS NULL FROM deals d WHERE d.id = dc.deal_id);
  UPDATE contacts SET open_deals = n WHERE id = c AND open_deals <> n;
END
$$;
