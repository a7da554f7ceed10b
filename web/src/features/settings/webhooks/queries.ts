// The webhook pages' reads. Their keys start with keys.records("webhooks"): the live socket
// invalidates that prefix when the server announces `webhook.disabled`, so an open page shows a
// webhook the server just cut off without a reload.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must, raw } from "../../../api/client";
import { keys } from "../../../api/keys";
import { eventGroups } from "./webhook";

export const webhooksKey = keys.records("webhooks");
export const webhookKey = (id: string) => [...webhooksKey, "one", id] as const;
export const deliveriesKey = (id: string) => [...webhooksKey, "one", id, "deliveries"] as const;

export function useWebhooks() {
  return useQuery({ queryKey: [...webhooksKey, "list"], queryFn: async () => must(await api.GET("/api/v1/webhooks")).data });
}

export function useWebhook(id: string) {
  return useQuery({
    queryKey: webhookKey(id),
    queryFn: async () => must(await api.GET("/api/v1/webhooks/{id}", { params: { path: { id } } })),
  });
}

/** The delivery log, newest first, 25 a page; re-read every 10 s while open (deliveries come from jobs). */
export function useDeliveries(id: string) {
  return useInfiniteQuery({
    queryKey: deliveriesKey(id),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/webhooks/{id}/deliveries", {
          params: { path: { id }, query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: 10_000,
  });
}

/**
 * The event types the server sends, from its OpenAPI document: read once, kept for the session, and
 * only when wanted (the document is large; "every event" needs no list).
 */
export function useEventGroups(wanted: boolean) {
  return useQuery({
    enabled: wanted,
    queryKey: keys.settings("webhook-event-types"),
    queryFn: async () => eventGroups(await (await raw("/api/v1/openapi.json")).json()),
    staleTime: Infinity,
  });
}
