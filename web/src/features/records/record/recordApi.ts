// The record page's reads and writes. The six record objects share one route shape
// (/api/v1/<object>/{id}, /history, /restore, and /timeline for four of them), so the typed client
// is called through the contacts routes' types with the object's path: the answers differ only in
// their fields, which the page reads generically.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { ObjectType, Schemas } from "../../../api/types";

export type AnyRecord = Record<string, unknown> & { id: string; version: number };
export type HistoryEntry = Schemas["HistoryEntry"];
export type Activity = Schemas["Activity"];
export type CustomField = Schemas["CustomField"];

type OnePath = "/api/v1/contacts/{id}";
const one = (object: ObjectType) => `/api/v1/${object}/{id}` as OnePath;

export async function getRecord(object: ObjectType, id: string): Promise<AnyRecord> {
  return must(await api.GET(one(object), { params: { path: { id } } })) as unknown as AnyRecord;
}

export function useRecord(object: ObjectType, id: string) {
  return useQuery({ queryKey: keys.record(object, id), queryFn: () => getRecord(object, id) });
}

/** PATCH with If-Match: the record's version as a strong ETag ("3"); a stale one answers 412. */
export async function patchRecord(object: ObjectType, id: string, version: number, body: Record<string, unknown>): Promise<AnyRecord> {
  const r = await api.PATCH(one(object), {
    params: { path: { id }, header: { "If-Match": `"${version}"` } },
    body: body as never,
  });
  return must(r) as unknown as AnyRecord;
}

export async function deleteRecord(object: ObjectType, id: string): Promise<void> {
  await api.DELETE(one(object), { params: { path: { id } } });
}

export async function restoreRecord(object: ObjectType, id: string): Promise<void> {
  await api.POST(`/api/v1/${object}/{id}/restore` as "/api/v1/contacts/{id}/restore", { params: { path: { id } } });
}

/** Back to how the record was right after history entry `entry`, with If-Match: the version shown. */
export async function restoreVersion(object: ObjectType, id: string, entry: number, version: number): Promise<AnyRecord> {
  const r = await api.POST(`/api/v1/${object}/{id}/history/{version}/restore` as "/api/v1/contacts/{id}/history/{version}/restore", {
    params: { path: { id, version: String(entry) }, header: { "If-Match": `"${version}"` } },
  });
  return must(r) as unknown as AnyRecord;
}

export async function getHistory(object: ObjectType, id: string, cursor?: string) {
  return must(
    await api.GET(`/api/v1/${object}/{id}/history` as "/api/v1/contacts/{id}/history", {
      params: { path: { id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}

export function useHistory(object: ObjectType, id: string) {
  return useInfiniteQuery({
    queryKey: keys.related(object, id, "history"),
    queryFn: ({ pageParam }) => getHistory(object, id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export const TIMELINE_OBJECTS = ["contacts", "companies", "leads", "deals"] as const;
export type TimelineObject = (typeof TIMELINE_OBJECTS)[number];
export function hasTimeline(object: ObjectType): object is TimelineObject {
  return (TIMELINE_OBJECTS as readonly string[]).includes(object);
}

export function useTimeline(object: TimelineObject, id: string, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: keys.related(object, id, "timeline"),
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET(`/api/v1/${object}/{id}/timeline` as "/api/v1/contacts/{id}/timeline", {
          params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCustomFields(object: ObjectType) {
  return useQuery({
    queryKey: keys.settings(`custom-fields:${object}`),
    queryFn: async () => must(await api.GET("/api/v1/custom-fields", { params: { query: { object_type: object } } })).data,
    staleTime: 5 * 60_000,
  });
}

export function usePipelines() {
  return useQuery({
    queryKey: keys.settings("pipelines"),
    queryFn: async () => must(await api.GET("/api/v1/pipelines")).data,
    staleTime: 60_000,
  });
}

/** One record by id, for names in related panels and the company field (cached per record). */
export function useRecordName(object: ObjectType, id: string | null | undefined) {
  return useQuery({
    queryKey: keys.record(object, id ?? ""),
    queryFn: () => getRecord(object, id ?? ""),
    enabled: !!id,
    staleTime: 60_000,
  });
}
