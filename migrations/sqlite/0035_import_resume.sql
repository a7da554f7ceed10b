-- Imports resumed after a crash (src/modules/imports/run_import.cpp): the records of the file (after
-- its header, blank ones included) that the committed batches hold, saved in each batch's own
-- transaction with its counts, so a run taken over by another attempt starts after them.
ALTER TABLE imports ADD COLUMN records_done INTEGER NOT NULL DEFAULT 0;
