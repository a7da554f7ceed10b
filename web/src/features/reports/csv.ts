// CSV of a report's table, built in the browser: every field quoted, quotes doubled, CRLF line
// ends, a byte-order mark so spreadsheet programs read UTF-8. A field that a spreadsheet would run
// as a formula (starting with = + - @, or a tab or carriage return) is prefixed with ' so it stays
// text (CSV injection).
import { saveBlob } from "../../api/files";

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Offers the text as a file download (a Blob URL; nothing leaves the browser). */
export function downloadCsv(filename: string, text: string): void {
  saveBlob(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }), filename);
}
