// The list's reads: the field metadata (OpenAPI document + custom fields), the keyset pages of the
// list itself (infinite, under keys.list so live notices refetch them), and the names behind ids
// (companies of the loaded page, stages and pipelines).
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, must, raw } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { ObjectType } from "../../../api/types";
import { customField, fieldsFromOpenApi, HIDDEN_FIELDS, RECORD_SCHEMA, type CustomFieldDef, type ListField } from "./fields";
import { filterParams, type Filter } from "./state";
import { recordTitle } from "../objects";

export type Row = Record<string, unknown> & { id: string; version?: number };
export interface Page {
  data: Row[];
  next_cursor: string | null;
  total?: number;
}

/** Rows per request: enough to fill a tall screen several times, small enough to answer fast. */
export const PAGE_SIZE = 200;

/** The object's custom field definitions (GET /api/v1/custom-fields), cached a minute. */
export function useCustomFields(object: ObjectType) {
  return useQuery({
    queryKey: keys.settings(`custom-fields:${object}`),
    queryFn: async () => must(await api.GET("/api/v1/custom-fields", { params: { query: { object_type: object } } })).data,
    staleTime: 60_000,
  });
}

/** The server's OpenAPI document (read once): what fields, filters and routes this server has. */
export function useOpenApiDoc() {
  return useQuery({
    queryKey: ["openapi"],
    queryFn: async () => (await raw("/api/v1/openapi.json")).json() as Promise<unknown>,
    staleTime: Infinity,
  });
}

export function useListFields(object: ObjectType): { fields: ListField[]; loading: boolean } {
  const doc = useOpenApiDoc();
  const custom = useCustomFields(object);
  const fields = useMemo(() => {
    if (!doc.data) return [];
    const base = fieldsFromOpenApi(doc.data, object, RECORD_SCHEMA[object] ?? "").filter((f) => !HIDDEN_FIELDS.has(f.name));
    const extra = (custom.data ?? []).map((d) => customField(d as CustomFieldDef));
    return [...base, ...extra];
  }, [doc.data, custom.data, object]);
  return { fields, loading: doc.isPending };
}

/** The list request's query string for one page. */
export function listQuery(filters: Filter[], sort: string | null, cursor: string | null, limit: number, count: boolean): string {
  const p = new URLSearchParams();
  p.set("limit", String(limit));
  if (sort) p.set("sort", sort);
  if (cursor) p.set("cursor", cursor);
  if (count) p.set("count", "true");
  for (const [k, v] of filterParams(filters)) p.append(k, v);
  return p.toString();
}

export async function fetchPage(object: ObjectType, filters: Filter[], sort: string | null, cursor: string | null, limit = PAGE_SIZE): Promise<Page> {
  // The total is asked for on the first page only: it costs a count on the server.
  const r = await raw(`/api/v1/${object}?${listQuery(filters, sort, cursor, limit, cursor === null)}`);
  return (await r.json()) as Page;
}

export function useRecordList(object: ObjectType, filters: Filter[], sort: string | null) {
  return useInfiniteQuery({
    queryKey: keys.list(object, { filters, sort }),
    queryFn: ({ pageParam }) => fetchPage(object, filters, sort, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // Keep the rows on screen while a live notice refetches them (no flash of skeletons).
    placeholderData: (prev) => prev,
    staleTime: 30_000,
  });
}

/** A grid's paging over the list's pages: more to come, loading, and the next page asked for near the end. */
export function pagingProps(list: ReturnType<typeof useRecordList>) {
  return {
    hasMore: Boolean(list.hasNextPage),
    loading: list.isPending || list.isFetchingNextPage,
    onNearEnd: () => {
      if (!list.isFetchingNextPage && !list.isFetchNextPageError) void list.fetchNextPage();
    },
  };
}

/** The company_ids of each loaded page, for one name lookup per page. */
export function companyIdsOfPages(pages: Page[] | undefined): string[][] {
  return (pages ?? []).map((page) => [...new Set(page.data.map((r) => r.company_id).filter((v): v is string => typeof v === "string"))].sort());
}

/** id → company name for groups of ids (one request per 100 ids of a group, cached under the companies' keys). */
export function useCompanyNames(groups: string[][]): Map<string, string> {
  return useRecordNames("companies", groups);
}

/** id → the name a person knows a record by (recordTitle), for groups of ids of one object. */
export function useRecordNames(object: ObjectType, groups: string[][]): Map<string, string> {
  const chunks: string[][] = [];
  for (const ids of groups) for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const results = useQueries({
    queries: chunks.map((ids) => ({
      queryKey: keys.list(object, { names: ids }),
      queryFn: () => fetchNames(object, ids),
      staleTime: 60_000,
    })),
  });
  const stamp = results.map((r) => r.dataUpdatedAt).join();
  return useMemo(() => {
    const m = new Map<string, string>();
    for (const r of results) for (const [id, name] of r.data ?? []) m.set(id, name);
    return m;
    // The results array is new on every render; its data changes only with the stamps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stamp]);
}

export async function fetchCompanyNames(ids: string[]): Promise<[string, string][]> {
  return fetchNames("companies", ids);
}

async function fetchNames(object: ObjectType, ids: string[]): Promise<[string, string][]> {
  const q = new URLSearchParams({ limit: String(Math.max(1, ids.length)), "filter[id][in]": ids.join(",") });
  const page = (await (await raw(`/api/v1/${object}?${q.toString()}`)).json()) as Page;
  return page.data.map((r) => [r.id, recordTitle(object, r)]);
}

export interface StageInfo {
  name: string;
  type: string;
  pipeline: string;
}

/** Stages and pipelines by id (GET /api/v1/pipelines, every pipeline with its stages). */
export function usePipelineNames(enabled: boolean): { stages: Map<string, StageInfo>; pipelines: Map<string, string> } {
  const q = useQuery({
    queryKey: keys.settings("pipelines"),
    queryFn: async () => must(await api.GET("/api/v1/pipelines", { params: { query: { include_archived: true } } })).data,
    enabled,
    staleTime: 60_000,
  });
  return useMemo(() => {
    const stages = new Map<string, StageInfo>();
    const pipelines = new Map<string, string>();
    for (const p of q.data ?? []) {
      pipelines.set(p.id, p.name);
      for (const s of p.stages) stages.set(s.id, { name: s.name, type: s.type, pipeline: p.name });
    }
    return { stages, pipelines };
  }, [q.data]);
}
