-- Date-relative automation rules (src/modules/automation/date_scan.*): how far the recurring scan has
-- looked for each rule. NULL for every other trigger. A rule created, re-enabled or given a new
-- trigger starts from that moment (no backfill of dates already past).
ALTER TABLE automation_rules ADD COLUMN scan_watermark TEXT;  -- moments up to here are done
ALTER TABLE automation_rules ADD COLUMN scan_until TEXT;      -- the window a bounded scan is still in
ALTER TABLE automation_rules ADD COLUMN scan_cursor TEXT;     -- the last record id that window's scan took
