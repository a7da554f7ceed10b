// The reads of the campaign pages: the workspace's campaigns, one campaign, who of its audience it
// would mail now (the send confirmation's numbers), its report and its recipients a page at a time.
// Keys under keys.records("contacts") as the audiences' are: a live notice about contacts (a consent
// recorded, a contact added to a list) refreshes the numbers too.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Campaign, RecipientState } from "./campaign";

export const campaignKeys = {
  all: [...keys.records("contacts"), "campaigns"] as const,
  one: (id: string) => [...keys.records("contacts"), "campaigns", id] as const,
  reach: (id: string) => [...keys.records("contacts"), "campaigns", id, "reach"] as const,
  report: (id: string) => [...keys.records("contacts"), "campaigns", id, "report"] as const,
  recipients: (id: string, state: string) => [...keys.records("contacts"), "campaigns", id, "recipients", state] as const,
};

/** The tag of the "… is on its way" toast, which the results page takes away once the campaign is sent. */
export const startedToastTag = (id: string) => `campaign-started:${id}`;

/** Recipients a page: a screen or two. */
export const RECIPIENT_PAGE = 100;

export function useCampaigns() {
  return useQuery({
    queryKey: campaignKeys.all,
    queryFn: async () => must(await api.GET("/api/v1/campaigns")).data,
    // Statuses move on by themselves (scheduled, sending, sent): read again on every visit, and
    // every few seconds while one is on its way.
    refetchOnMount: "always",
    refetchInterval: (q) => (q.state.data?.some((c) => c.status === "sending" || c.status === "scheduled") ? 5000 : false),
  });
}

export function useCampaign(id: string, live = false) {
  return useQuery({
    queryKey: campaignKeys.one(id),
    enabled: id !== "new",
    queryFn: async (): Promise<Campaign> => must(await api.GET("/api/v1/campaigns/{id}", { params: { path: { id } } })),
    // While it sends, the status is read again every few seconds.
    refetchInterval: live ? 3000 : false,
  });
}

/** GET …/audience: counted when the send confirmation opens, never from the cache. */
export function useReach(id: string) {
  return useQuery({
    queryKey: campaignKeys.reach(id),
    queryFn: async () => must(await api.GET("/api/v1/campaigns/{id}/audience", { params: { path: { id } } })),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

export type AttributionModel = "last_touch" | "first_touch";

/** GET …/report with the attribution's model and window (the server's defaults: last touch, 30 days). */
export function useReport(id: string, live: boolean, model: AttributionModel = "last_touch", windowDays = 30) {
  return useQuery({
    queryKey: [...campaignKeys.report(id), model, windowDays],
    queryFn: async () => must(await api.GET("/api/v1/campaigns/{id}/report", { params: { path: { id }, query: { model, window_days: windowDays } } })),
    placeholderData: (previous) => previous,
    refetchInterval: live ? 3000 : false,
  });
}

export function useRecipients(id: string, state: RecipientState | "", live: boolean) {
  return useInfiniteQuery({
    queryKey: campaignKeys.recipients(id, state),
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/campaigns/{id}/recipients", {
          params: { path: { id }, query: { limit: RECIPIENT_PAGE, ...(pageParam ? { cursor: pageParam } : {}), ...(state ? { state } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: live ? 5000 : false,
  });
}
