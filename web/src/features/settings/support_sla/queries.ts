// The workspace's business-hours calendars and SLA policies (GET /api/v1/business-hours and
// /api/v1/sla-policies: every member reads them, admins change them), cached for the lists, the
// editors and the policy editor's calendar choice.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { BusinessHours } from "./calendar";
import type { SlaPolicy } from "./policy";

export const calendarsKey = keys.settings("business-hours");
export const policiesKey = keys.settings("sla-policies");

export function useCalendars() {
  return useQuery({ queryKey: calendarsKey, queryFn: async () => must(await api.GET("/api/v1/business-hours")).data });
}

export function useCalendar(id: string) {
  return useQuery({
    queryKey: [...calendarsKey, id],
    enabled: id !== "new",
    queryFn: async (): Promise<BusinessHours> => must(await api.GET("/api/v1/business-hours/{id}", { params: { path: { id } } })),
  });
}

/** The policies in the order tickets are matched against them (position, then id: the server's order). */
export function usePolicies() {
  return useQuery({ queryKey: policiesKey, queryFn: async () => must(await api.GET("/api/v1/sla-policies")).data });
}

export function usePolicy(id: string) {
  return useQuery({
    queryKey: [...policiesKey, id],
    enabled: id !== "new",
    queryFn: async (): Promise<SlaPolicy> => must(await api.GET("/api/v1/sla-policies/{id}", { params: { path: { id } } })),
  });
}
