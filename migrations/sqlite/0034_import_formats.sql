-- vCard and XLSX imports (src/modules/imports): which reader an import's file needs, and the XLSX
-- sheet to read (empty: the first). A CSV file is kept in import_files as UTF-8 text, as before; a
-- vCard or XLSX file as its raw bytes, each piece base64 (TEXT on both engines: the bytes may be
-- any, and a workbook is a ZIP).
ALTER TABLE imports ADD COLUMN file_kind TEXT NOT NULL DEFAULT 'csv' CHECK (file_kind IN ('csv', 'vcard', 'xlsx'));
ALTER TABLE imports ADD COLUMN sheet TEXT NOT NULL DEFAULT '';
