// What a list can be exported as, and the export request of the current view: the list's own
// filter and sort parameters (GET /api/v1/{object}/export reads them as the list does), the format,
// and a byte-order mark for CSV so spreadsheet programs read it as UTF-8.
import type { ObjectType } from "../../api/types";
import { filterParams, type Filter } from "../records/list/state";

export type ExportFormat = "csv" | "xlsx" | "ndjson" | "vcf" | "ics";

/** The formats beside the three every list has: address books for contacts, calendars for activities. */
const EXTRA: Partial<Record<ObjectType, ExportFormat>> = { contacts: "vcf", activities: "ics" };

export function exportFormats(object: ObjectType): ExportFormat[] {
  const extra = EXTRA[object];
  return extra ? ["csv", "xlsx", "ndjson", extra] : ["csv", "xlsx", "ndjson"];
}

const EXTENSION: Record<ExportFormat, string> = { csv: "csv", xlsx: "xlsx", ndjson: "ndjson", vcf: "vcf", ics: "ics" };

export function exportPath(object: ObjectType, filters: Filter[], sort: string | null, format: ExportFormat): string {
  const p = new URLSearchParams();
  p.set("format", format);
  if (format === "csv") p.set("bom", "true");
  if (sort) p.set("sort", sort);
  for (const [k, v] of filterParams(filters)) p.append(k, v);
  return `/api/v1/${object}/export?${p.toString()}`;
}

/** The name to save under when the server names none: contacts-2026-12-04.csv. */
export function exportFileName(object: ObjectType, format: ExportFormat, day: string): string {
  return `${object}-${day}.${EXTENSION[format]}`;
}
