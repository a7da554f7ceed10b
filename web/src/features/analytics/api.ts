// The analytics module's reads and writes (src/modules/analytics/README.md): a report run for the
// editor's live preview, saved reports and dashboards (CRUD with If-Match), a dashboard's figures,
// and the teams (names of the team group and its members for drill-down). Every key starts with
// ["records"], so a live notice about any record refreshes what is on screen.
import { useQuery, keepPreviousData } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import type { Schemas } from "../../api/types";
import type { ReportDefinition, ReportResult } from "./definition";

export type SavedReport = Schemas["SavedReport"];
export type Dashboard = Schemas["Dashboard"];
export type Widget = Dashboard["widgets"][number];
export type DashboardData = Schemas["DashboardData"];
export type Visibility = SavedReport["visibility"];

export const analyticsKeys = {
  reports: ["records", "analytics", "saved-reports"] as const,
  report: (id: string) => ["records", "analytics", "saved-reports", id] as const,
  run: (def: unknown) => ["records", "analytics", "run", def] as const,
  dashboards: ["records", "analytics", "dashboards"] as const,
  dashboard: (id: string) => ["records", "analytics", "dashboards", id] as const,
  dashboardData: (id: string) => ["records", "analytics", "dashboards", id, "data"] as const,
  teams: ["settings", "teams"] as const,
};

export function useSavedReports() {
  return useQuery({ queryKey: analyticsKeys.reports, queryFn: async () => must(await api.GET("/api/v1/saved-reports")).data });
}

export function useSavedReport(id: string | null) {
  return useQuery({
    queryKey: analyticsKeys.report(id ?? ""),
    queryFn: async () => must(await api.GET("/api/v1/saved-reports/{id}", { params: { path: { id: id ?? "" } } })),
    enabled: id !== null,
    // The editor starts from what it read: no refetch under the user's edits.
    staleTime: Infinity,
  });
}

/** The answer of a definition (null: not ready to run); the previous answer stays while the next loads. */
export function useReportRun(def: ReportDefinition | null) {
  return useQuery({
    queryKey: analyticsKeys.run(def),
    queryFn: async ({ signal }) => must(await api.POST("/api/v1/reports/run", { body: def!, signal })) as ReportResult,
    enabled: def !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 10_000,
  });
}

export function useDashboards() {
  return useQuery({ queryKey: analyticsKeys.dashboards, queryFn: async () => must(await api.GET("/api/v1/dashboards")).data });
}

export function useDashboard(id: string) {
  return useQuery({
    queryKey: analyticsKeys.dashboard(id),
    queryFn: async () => must(await api.GET("/api/v1/dashboards/{id}", { params: { path: { id } } })),
  });
}

export function useDashboardData(id: string) {
  return useQuery({
    queryKey: analyticsKeys.dashboardData(id),
    queryFn: async () => must(await api.GET("/api/v1/dashboards/{id}/data", { params: { path: { id } } })),
    placeholderData: keepPreviousData,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: analyticsKeys.teams,
    queryFn: async () => must(await api.GET("/api/v1/teams")).data,
    staleTime: 60_000,
  });
}
