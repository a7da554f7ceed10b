// CSV of the current view, built in the browser: RFC 4180 quoting (a field with a comma, quote or
// line break is quoted, quotes doubled) and a guard against formula injection — a text cell a
// spreadsheet would run as a formula (starting with = + - @, or a tab/carriage return) gets a
// leading apostrophe so it stays text.
export const CSV_ROW_CAP = 50_000;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let s: string;
  if (value === null || value === undefined) s = "";
  else if (Array.isArray(value)) s = value.map((v) => String(v)).join(", ");
  else if (typeof value === "object") s = JSON.stringify(value);
  else s = String(value);
  // A number is written by us, not typed by someone: -5 stays a number.
  if (typeof value !== "number" && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(",");
}

/** The whole file: a header line and one line per row, CRLF-separated as RFC 4180 says. */
export function buildCsv(header: string[], rows: unknown[][]): string {
  return [csvLine(header), ...rows.map(csvLine)].join("\r\n") + "\r\n";
}
