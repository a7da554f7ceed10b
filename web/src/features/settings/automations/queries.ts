// The automation pages' reads: the rules, one rule, its run log (keyset pages, re-read while open:
// runs come from jobs), the last run of each rule for the list, and the names of a log's records.
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { recordTitle } from "../../records/objects";
import { listRecords } from "../../records/record/listApi";
import type { RuleObject } from "./rule";

export const automationsKey = keys.settings("automations");
export const automationKey = (id: string) => [...automationsKey, "one", id] as const;
export const runsKey = (id: string) => [...automationsKey, "one", id, "runs"] as const;

export function useAutomations() {
  return useQuery({ queryKey: [...automationsKey, "list"], queryFn: async () => must(await api.GET("/api/v1/automations")).data });
}

/** The workspace's email templates, for the send_email action's picker. */
export function useEmailTemplates() {
  return useQuery({ queryKey: keys.settings("email-templates"), queryFn: async () => must(await api.GET("/api/v1/email-templates")).data });
}

export function useAutomation(id: string) {
  return useQuery({
    queryKey: automationKey(id),
    queryFn: async () => must(await api.GET("/api/v1/automations/{id}", { params: { path: { id } } })),
  });
}

/** The run log, newest first, 25 a page; re-read every 10 s while open. */
export function useRuns(id: string) {
  return useInfiniteQuery({
    queryKey: runsKey(id),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET("/api/v1/automations/{id}/runs", { params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 10_000,
  });
}

/** Each rule's newest run (one small read per rule; a workspace has at most 200 rules). */
export function useLastRuns(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: [...runsKey(id), "last"],
      queryFn: async () => must(await api.GET("/api/v1/automations/{id}/runs", { params: { path: { id }, query: { limit: 1 } } })).data[0] ?? null,
      staleTime: 30_000,
    })),
  });
}

/** The names of the records a run log shows (one list read per 100 ids); a deleted one has none. */
export function useRecordTitles(object: RuleObject, ids: readonly string[]) {
  const unique = [...new Set(ids.filter(Boolean))].sort();
  return useQuery({
    queryKey: [...keys.records(object), "titles", unique],
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const titles = new Map<string, string>();
      for (let i = 0; i < unique.length; i += 100) {
        const chunk = unique.slice(i, i + 100);
        const page = await listRecords(object, { id: { in: chunk.join(",") } }, chunk.length);
        for (const r of page.data) titles.set(r.id, recordTitle(object, r));
      }
      return titles;
    },
  });
}
