// A field's value as text a person reads, the same way in the field list, the history and the
// conflict panel. Ids (owners, companies, stages) are named through lookups the caller passes.
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../../i18n/format";

export interface ValueContext {
  userName?: (id: string) => string | undefined;
  companyName?: (id: string) => string | undefined;
  stageName?: (id: string) => string | undefined;
  /** A money field's currency (the record's). */
  currency?: string | null | undefined;
  /** An enum value's label. */
  optionLabel?: (value: string) => string;
  yes: string;
  no: string;
}

export type ValueKind =
  | "text"
  | "longtext"
  | "email"
  | "phone"
  | "url"
  | "emails"
  | "phones"
  | "list"
  | "number"
  | "money"
  | "currency"
  | "country"
  | "date"
  | "datetime"
  | "enum"
  | "bool"
  | "owner"
  | "company"
  | "stage"
  | "system";

/** True when a value shows as nothing: null, undefined, "" or []. */
export function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

export function valueText(kind: ValueKind, v: unknown, ctx: ValueContext): string {
  if (isEmptyValue(v)) return "";
  switch (kind) {
    case "bool":
      return v ? ctx.yes : ctx.no;
    case "money":
      return typeof v === "number" ? formatMoney(v, ctx.currency ?? null) : String(v);
    case "number":
      return typeof v === "number" ? formatNumber(v) : String(v);
    case "date":
      return formatDate(String(v));
    case "datetime":
    case "system":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(v) : String(v);
    case "owner":
      return ctx.userName?.(String(v)) ?? String(v);
    case "company":
      return ctx.companyName?.(String(v)) ?? String(v);
    case "stage":
      return ctx.stageName?.(String(v)) ?? String(v);
    case "enum":
      return ctx.optionLabel ? ctx.optionLabel(String(v)) : String(v);
    case "emails":
    case "phones":
    case "list":
      return Array.isArray(v) ? v.map(String).join(", ") : String(v);
    default:
      if (typeof v === "object") return JSON.stringify(v);
      return String(v);
  }
}

/** Two field values are the same for a person (arrays by content, null equal to empty). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}
