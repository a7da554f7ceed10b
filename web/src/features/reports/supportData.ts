// The support report's read (GET /api/v1/reports/support), cached under the tickets' key so that a
// live notice about tickets refreshes it.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { SupportReport } from "./supportTables";

export interface SupportQuery {
  from: string;
  to: string;
  team_id?: string;
  channel?: "email" | "web" | "phone" | "api";
  priority?: "low" | "normal" | "high" | "urgent";
}

export function useSupportReport(q: SupportQuery) {
  return useQuery({
    queryKey: [...keys.records("tickets"), "report", q] as const,
    queryFn: async ({ signal }): Promise<SupportReport> => must(await api.GET("/api/v1/reports/support", { params: { query: q }, signal })),
  });
}
