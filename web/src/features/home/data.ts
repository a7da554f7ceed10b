// The home page's reads: deals closing this month, tasks due today or overdue, recent activity,
// all for some owners (null: everyone the caller can see); and ticking a task done.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import type { Activity, Deal } from "../../api/types";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { thisMonthDates, todayBounds } from "./dates";

/**
 * A list filter (filter[field][op]=value). Typed loosely: the generated type intersects each
 * field's operators with the custom fields' string index, which no boolean value satisfies; the
 * query string carries "true"/"false" either way.
 */
type Filter = Record<string, string | Record<string, string>>;
const asFilter = (f: Filter) => f as never;

/** At most 100 owner ids: the API's limit for an `in` filter. */
const ownerFilter = (owners: string[] | null): Filter => (owners ? { owner_id: { in: owners.slice(0, 100).join(",") } } : {});

export interface Page<T> {
  data: T[];
  total: number | null;
}

export function useClosingThisMonth(owners: string[] | null) {
  const { first, last } = thisMonthDates();
  const params = { owners, first, last };
  return useQuery({
    queryKey: keys.list("deals", { home: "closing", ...params }),
    queryFn: async ({ signal }): Promise<Page<Deal>> => {
      const r = must(
        await api.GET("/api/v1/deals", {
          params: {
            query: {
              limit: 8,
              count: true,
              sort: "expected_close_date",
              filter: asFilter({ expected_close_date: { gte: first, lte: last }, closed_at: { is_null: "true" }, ...ownerFilter(owners) }),
            },
          },
          signal,
        }),
      );
      return { data: r.data, total: (r as { total?: number }).total ?? null };
    },
  });
}

export function useDueTasks(owners: string[] | null) {
  const { endOfToday } = todayBounds();
  return useQuery({
    queryKey: keys.list("activities", { home: "due", owners, endOfToday }),
    queryFn: async ({ signal }): Promise<Page<Activity>> => {
      const r = must(
        await api.GET("/api/v1/activities", {
          params: {
            query: {
              limit: 8,
              count: true,
              sort: "due_at",
              filter: asFilter({ type: "task", done: "false", due_at: { lt: endOfToday }, ...ownerFilter(owners) }),
            },
          },
          signal,
        }),
      );
      return { data: r.data, total: (r as { total?: number }).total ?? null };
    },
  });
}

export function useRecentActivity(owners: string[] | null) {
  return useQuery({
    queryKey: keys.list("activities", { home: "recent", owners }),
    queryFn: async ({ signal }): Promise<Activity[]> =>
      must(await api.GET("/api/v1/activities", { params: { query: { limit: 8, sort: "-created_at", filter: asFilter(ownerFilter(owners)) } }, signal })).data,
  });
}

/**
 * Ticks a task done in place: it leaves the list at once (optimistic) and comes back with a message
 * when the server refuses; a stale version (412: someone changed it meanwhile) refetches.
 */
export function useCompleteTask() {
  const queries = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (task: Activity) =>
      must(
        await api.PATCH("/api/v1/activities/{id}", {
          params: { path: { id: task.id }, header: { "If-Match": `"${task.version}"` } },
          body: { done: true },
        }),
      ),
    onMutate: async (task) => {
      const filter = { queryKey: keys.records("activities") };
      await queries.cancelQueries(filter);
      const before = queries.getQueriesData<Page<Activity>>(filter);
      queries.setQueriesData<Page<Activity> | Activity[]>(filter, (old) =>
        old && !Array.isArray(old) && Array.isArray(old.data)
          ? { data: old.data.filter((a) => a.id !== task.id), total: old.total === null ? null : Math.max(0, old.total - 1) }
          : old,
      );
      return { before };
    },
    onError: (error, task, ctx) => {
      ctx?.before.forEach(([key, data]) => queries.setQueryData(key, data));
      const stale = isApiError(error) && error.status === 412;
      toast({ tone: "error", text: stale ? t("home.tasks.stale", { subject: task.subject ?? "" }) : t("home.tasks.failed", { subject: task.subject ?? "" }) });
    },
    onSuccess: (_data, task) => toast({ text: t("home.tasks.done", { subject: task.subject ?? "" }) }),
    onSettled: () => queries.invalidateQueries({ queryKey: keys.records("activities") }),
  });
}
