-- Global search finds a phone number by the digits typed so far with a range scan of these indexes
-- ("4420" reads from "+4420" up to "+4421" and stops at the candidates it wants,
-- platform/records/search.cpp find_by_number), where a long prefix in the GIN index gathers every
-- number it begins before the first row. In the "C" collation, as the search compares: a linguistic
-- collation may ignore the '+' of E.164 and order the numbers otherwise.
CREATE INDEX contacts_phone ON contacts(workspace_id, phone COLLATE "C") WHERE deleted_at IS NULL;
CREATE INDEX companies_phone ON companies(workspace_id, phone COLLATE "C") WHERE deleted_at IS NULL;
CREATE INDEX leads_phone ON leads(workspace_id, phone COLLATE "C") WHERE deleted_at IS NULL;
