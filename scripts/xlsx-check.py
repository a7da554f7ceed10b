#!/usr/bin/env python3
"""Checks an XLSX workbook with readers that are not Rapport's: Python's zipfile (every entry inflated
and its CRC checked through the central directory) and an XML parser over every part, then the
package's structure as Excel needs it (content types for every part, the workbook's sheets and their
relationships) and each sheet's rows (numbered 1, 2, ... with cell references on their row). The
sheets are parsed as streams (iterparse), so a million-row workbook is checked in flat memory.

Usage: python3 scripts/xlsx-check.py FILE [EXPECTED_DATA_ROWS]
Prints the data rows (every sheet's rows but its header row) and exits 1 on the first fault."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def fail(message):
    print("xlsx-check: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    path = sys.argv[1]
    z = zipfile.ZipFile(path)
    bad = z.testzip()
    if bad:
        fail("the entry %s does not inflate to its CRC" % bad)
    names = set(z.namelist())
    for required in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if required not in names:
            fail("no " + required)
    types = ET.fromstring(z.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(TYPES + "Override")}
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(PKG_REL + "Relationship")}
    root_rels = [r.get("Target") for r in ET.fromstring(z.read("_rels/.rels")).iter(PKG_REL + "Relationship")]
    if "xl/workbook.xml" not in root_rels:
        fail("the package does not point at xl/workbook.xml")
    sheets = list(ET.fromstring(z.read("xl/workbook.xml")).iter(MAIN + "sheet"))
    if not sheets:
        fail("the workbook has no sheet")
    data_rows = 0
    for sheet in sheets:
        target = "xl/" + rels[sheet.get(REL + "id")]
        if target not in names:
            fail("the sheet %s points at a missing part %s" % (sheet.get("name"), target))
        if not overrides.get("/" + target, "").endswith("worksheet+xml"):
            fail("no worksheet content type for " + target)
        expected = 1
        with z.open(target) as f:
            for _, el in ET.iterparse(f):
                if el.tag != MAIN + "row":
                    continue
                r = int(el.get("r"))
                if r != expected:
                    fail("%s: row %d after row %d" % (target, r, expected - 1))
                for c in el.iter(MAIN + "c"):
                    if re.sub("^[A-Z]+", "", c.get("r")) != str(r):
                        fail("%s: cell %s in row %d" % (target, c.get("r"), r))
                expected += 1
                el.clear()
        data_rows += expected - 2  # the header row of each sheet
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            if not name.startswith("xl/worksheets/"):
                ET.fromstring(z.read(name))
    print(data_rows)
    if len(sys.argv) > 2 and data_rows != int(sys.argv[2]):
        fail("%d data rows, %s expected" % (data_rows, sys.argv[2]))


main()
