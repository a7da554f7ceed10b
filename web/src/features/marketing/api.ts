// The marketing audiences' reads and writes (/api/v1/segments and /api/v1/lists, see
// src/modules/marketing/README.md): the two lists, one segment or list, member counts (a page of one
// member with count=true: the server counts as it will send), the builder's preview of an unsaved
// filter, and the member pages of a list. Every key starts with keys.records("contacts"), so a live
// notice about contacts refreshes the counts too.
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { api, must, raw } from "../../api/client";
import { keys } from "../../api/keys";
import type { Schemas } from "../../api/types";
import { isAdmin, scopeOf } from "../../app/session";
import type { Me } from "../../api/types";
import type { JsonObject } from "./segments/filterModel";

export type Segment = Schemas["Segment"];
export type StaticList = Schemas["StaticList"];
export type Contact = Schemas["Contact"];
export interface ContactPage {
  data: Contact[];
  next_cursor: string | null;
  total?: number;
}

/** Who may create, change and preview audiences: an admin, or a role that exports every contact. */
export function managesAudiences(me: Me): boolean {
  return isAdmin(me) || scopeOf(me, "contacts", "export") === "all";
}

export const marketingKeys = {
  segments: [...keys.records("contacts"), "segments"] as const,
  segment: (id: string) => [...keys.records("contacts"), "segments", id] as const,
  segmentCount: (id: string) => [...keys.records("contacts"), "segments", id, "count"] as const,
  preview: (filter: string) => [...keys.records("contacts"), "segment-preview", filter] as const,
  lists: [...keys.records("contacts"), "lists"] as const,
  list: (id: string) => [...keys.records("contacts"), "lists", id] as const,
  listCount: (id: string) => [...keys.records("contacts"), "lists", id, "count"] as const,
  listMembers: (id: string) => [...keys.records("contacts"), "lists", id, "members"] as const,
};

export function useSegments() {
  return useQuery({
    queryKey: marketingKeys.segments,
    queryFn: async () => must(await api.GET("/api/v1/segments")).data,
  });
}

export function useSegment(id: string | null) {
  return useQuery({
    queryKey: marketingKeys.segment(id ?? ""),
    queryFn: async () => must(await api.GET("/api/v1/segments/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: id !== null,
    // The editor starts from what it read: no refetch under the admin's edits.
    staleTime: Infinity,
  });
}

export function useLists() {
  return useQuery({
    queryKey: marketingKeys.lists,
    queryFn: async () => must(await api.GET("/api/v1/lists")).data,
  });
}

export function useStaticList(id: string) {
  return useQuery({
    queryKey: marketingKeys.list(id),
    queryFn: async () => must(await api.GET("/api/v1/lists/{id}", { params: { path: { id } } })),
  });
}

async function countOf(path: string): Promise<number> {
  const page = (await (await raw(`${path}?limit=1&count=true`)).json()) as ContactPage;
  return page.total ?? page.data.length;
}

/** The member counts of segments or lists by id: one small request each, cached a minute. */
export function useMemberCounts(kind: "segments" | "lists", ids: readonly string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: kind === "segments" ? marketingKeys.segmentCount(id) : marketingKeys.listCount(id),
      queryFn: () => countOf(`/api/v1/${kind}/${id}/members`),
      staleTime: 60_000,
      retry: false,
    })),
  });
  return new Map(ids.map((id, i) => [id, results[i]!] as const));
}

/** POST /api/v1/segments/preview: the total and first members of an unsaved filter. */
export async function previewFilter(filter: JsonObject, limit: number, signal?: AbortSignal): Promise<ContactPage> {
  const res = await raw("/api/v1/segments/preview", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ filter, limit }),
    ...(signal ? { signal } : {}),
  });
  return (await res.json()) as ContactPage;
}

/** Members per page of a list: a screen several times over. */
export const MEMBER_PAGE = 200;

export function useListMembers(id: string) {
  return useInfiniteQuery({
    queryKey: marketingKeys.listMembers(id),
    queryFn: async ({ pageParam }) => {
      const q = new URLSearchParams({ limit: String(MEMBER_PAGE) });
      if (pageParam) q.set("cursor", pageParam);
      else q.set("count", "true");
      return (await (await raw(`/api/v1/lists/${id}/members?${q.toString()}`)).json()) as ContactPage;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: (prev) => prev,
  });
}

/** Adds (POST) or removes (DELETE) contacts of a list, 500 ids a request as the API takes them:
 *  how many changed, and how many were already members (adding) or were not (removing). */
export async function changeMembers(listId: string, ids: readonly string[], how: "add" | "remove"): Promise<{ changed: number; unchanged: number }> {
  let changed = 0;
  let unchanged = 0;
  for (let i = 0; i < ids.length; i += MEMBER_BATCH) {
    const body = { contact_ids: ids.slice(i, i + MEMBER_BATCH) };
    const path = { params: { path: { id: listId } }, body };
    if (how === "add") {
      const r = must(await api.POST("/api/v1/lists/{id}/members", path));
      changed += r.added;
      unchanged += r.already_members;
    } else {
      const r = must(await api.DELETE("/api/v1/lists/{id}/members", path));
      changed += r.removed;
      unchanged += r.not_members;
    }
  }
  return { changed, unchanged };
}

/** Contact ids a member request takes (the API's bound). */
export const MEMBER_BATCH = 500;

/** Largest segment added to a list in one go from the browser (a page of 500 read and added at a time). */
export const SEGMENT_ADD_LIMIT = 10_000;

/** Adds a segment's members as they are now to a list, a page at a time; `progress` after each page. */
export async function addSegmentMembers(segmentId: string, listId: string, progress: (done: number) => void): Promise<{ changed: number; unchanged: number }> {
  let cursor: string | null = null;
  let done = 0;
  const total = { changed: 0, unchanged: 0 };
  do {
    const q = new URLSearchParams({ limit: String(MEMBER_BATCH) });
    if (cursor) q.set("cursor", cursor);
    const page = (await (await raw(`/api/v1/segments/${segmentId}/members?${q.toString()}`)).json()) as ContactPage;
    if (page.data.length) {
      const r = await changeMembers(listId, page.data.map((c) => c.id), "add");
      total.changed += r.changed;
      total.unchanged += r.unchanged;
    }
    done += page.data.length;
    progress(done);
    cursor = page.next_cursor;
  } while (cursor && done < SEGMENT_ADD_LIMIT);
  return total;
}
