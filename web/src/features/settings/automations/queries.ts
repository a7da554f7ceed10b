// The automation pages' reads: the rules, one rule, its run log (keyset pages, re-read while open:
// runs come from jobs) and the last run of each rule for the list.
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";

export const automationsKey = keys.settings("automations");
export const automationKey = (id: string) => [...automationsKey, "one", id] as const;
export const runsKey = (id: string) => [...automationsKey, "one", id, "runs"] as const;

export function useAutomations() {
  return useQuery({ queryKey: [...automationsKey, "list"], queryFn: async () => must(await api.GET("/api/v1/automations")).data });
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
