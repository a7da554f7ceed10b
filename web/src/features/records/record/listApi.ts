// Small filtered reads of a list route (related records, pickers). Filters use the API's
// filter[field][op]=value, which openapi-fetch writes from a nested object.
import { api, must } from "../../../api/client";
import type { ObjectType } from "../../../api/types";
import type { AnyRecord } from "./recordApi";

export type Filter = Record<string, Record<string, string>>;

/** filter[field][op]=value (openapi-fetch's own serializer stops at one level of nesting). */
export function listQuery(q: Record<string, unknown>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue;
    if (k === "filter" && typeof v === "object") {
      for (const [field, ops] of Object.entries(v as Filter)) for (const [op, val] of Object.entries(ops)) out.append(`filter[${field}][${op}]`, val);
    } else out.append(k, String(v));
  }
  return out.toString();
}

export async function listRecords(object: ObjectType, filter: Filter, limit = 20, sort?: string): Promise<{ data: AnyRecord[]; more: boolean }> {
  const r = must(
    await api.GET(`/api/v1/${object}` as "/api/v1/contacts", {
      params: { query: { limit, filter: filter as never, ...(sort ? { sort } : {}) } },
      querySerializer: (q) => listQuery(q as Record<string, unknown>),
    }),
  );
  return { data: r.data as unknown as AnyRecord[], more: !!r.next_cursor };
}
