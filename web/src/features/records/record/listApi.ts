// Small filtered reads of a list route (related records, pickers), filter[field][op]=value.
import { api, must } from "../../../api/client";
import type { ObjectType } from "../../../api/types";
import type { AnyRecord } from "./recordApi";

export type Filter = Record<string, Record<string, string>>;

export async function listRecords(object: ObjectType, filter: Filter, limit = 20, sort?: string): Promise<{ data: AnyRecord[]; more: boolean }> {
  const r = must(
    await api.GET(`/api/v1/${object}` as "/api/v1/contacts", {
      params: { query: { limit, filter: filter as never, ...(sort ? { sort } : {}) } },
    }),
  );
  return { data: r.data as unknown as AnyRecord[], more: !!r.next_cursor };
}
