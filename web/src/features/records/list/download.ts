// CSV download of the current view: every page of the current filters and sort (500 rows a
// request, the list's maximum), the shown columns in order, names for ids, capped at 50,000 rows.
import type { ObjectType } from "../../../api/types";
import { saveBlob } from "../../../api/files";
import { buildCsv, CSV_ROW_CAP } from "./csv";
import { csvValue, type CellContext } from "./cells";
import { fetchCompanyNames, fetchPage, type Row } from "./data";
import type { ListField } from "./fields";
import { fieldLabel } from "./labels";
import type { Filter } from "./state";
import { recordTitle } from "../objects";
import { today } from "../../../i18n";

export interface CsvRequest {
  object: ObjectType;
  filters: Filter[];
  sort: string | null;
  titleLabel: string;
  fields: ListField[];
  ctx: CellContext;
  progress: (rows: number) => void;
}

export async function collectRows(req: Pick<CsvRequest, "object" | "filters" | "sort" | "progress">): Promise<{ rows: Row[]; capped: boolean }> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage(req.object, req.filters, req.sort, cursor, 500);
    rows.push(...page.data);
    cursor = page.next_cursor;
    req.progress(rows.length);
  } while (cursor && rows.length < CSV_ROW_CAP);
  const capped = rows.length > CSV_ROW_CAP || (cursor !== null && rows.length >= CSV_ROW_CAP);
  return { rows: rows.slice(0, CSV_ROW_CAP), capped };
}

export async function downloadCsv(req: CsvRequest): Promise<{ rows: number; capped: boolean }> {
  const { rows, capped } = await collectRows(req);
  const companies = new Map(req.ctx.companies);
  if (req.fields.some((f) => f.kind === "company")) {
    const missing = [...new Set(rows.map((r) => r.company_id).filter((v): v is string => typeof v === "string" && !companies.has(v)))];
    for (let i = 0; i < missing.length; i += 100) for (const [id, name] of await fetchCompanyNames(missing.slice(i, i + 100))) companies.set(id, name);
  }
  const ctx = { ...req.ctx, companies };
  const header = [req.titleLabel, ...req.fields.map((f) => fieldLabel(f))];
  const body = rows.map((r) => [recordTitle(req.object, r), ...req.fields.map((f) => csvValue(f, r, ctx))]);
  saveBlob(new Blob(["\uFEFF", buildCsv(header, body)], { type: "text/csv;charset=utf-8" }), `${req.object}-${today()}.csv`);
  return { rows: rows.length, capped };
}
