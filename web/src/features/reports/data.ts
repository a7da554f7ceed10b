// Reads behind the reports and the home page: pipelines, the three reports, and the open deals of
// some owners (for a pipeline by stage the report cannot filter by owner).
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Deal, Pipeline } from "../../api/types";
import { aggregatePipeline } from "./aggregate";
import type { ForecastReport, FunnelReport, PipelineReport } from "./tables";

export function usePipelines() {
  return useQuery({
    queryKey: keys.reports("pipelines", null),
    queryFn: async (): Promise<Pipeline[]> => must(await api.GET("/api/v1/pipelines")).data.filter((p) => !p.archived),
    staleTime: 5 * 60_000,
  });
}

/** The most deals added up in the browser; beyond it the figures say they are partial. */
export const DEAL_SCAN_LIMIT = 2000;

export interface PipelineFigures {
  report: PipelineReport;
  /** True when more open deals matched than were added up (DEAL_SCAN_LIMIT). */
  partial: boolean;
}

/**
 * The open pipeline by stage: the server's report for everyone the caller can see, or the open
 * deals of `owners` added up here (the report takes no owner). The owner list holds at most 100
 * ids (the API's `in` limit).
 */
export function usePipelineFigures(pipeline: Pipeline | undefined, owners: string[] | null) {
  return useQuery({
    queryKey: keys.reports("pipeline", { pipeline: pipeline?.id, owners }),
    enabled: Boolean(pipeline),
    queryFn: async ({ signal }): Promise<PipelineFigures> => {
      const p = pipeline!;
      if (!owners) {
        const report = must(await api.GET("/api/v1/reports/pipeline", { params: { query: { pipeline_id: p.id } }, signal }));
        return { report, partial: false };
      }
      const openStages = p.stages.filter((s) => s.type === "open").map((s) => s.id);
      const deals: Deal[] = [];
      let cursor: string | undefined;
      let partial = false;
      if (owners.length && openStages.length) {
        for (;;) {
          const page = must(
            await api.GET("/api/v1/deals", {
              params: {
                query: {
                  limit: 500,
                  ...(cursor ? { cursor } : {}),
                  filter: { pipeline_id: p.id, stage_id: { in: openStages.join(",") }, owner_id: { in: owners.slice(0, 100).join(",") } },
                },
              },
              signal,
            }),
          );
          deals.push(...page.data);
          if (!page.next_cursor) break;
          if (deals.length >= DEAL_SCAN_LIMIT) {
            partial = true;
            break;
          }
          cursor = page.next_cursor;
        }
      }
      return { report: aggregatePipeline(p, deals), partial };
    },
  });
}

export interface ForecastQuery {
  pipeline_id?: string;
  owner_id?: string;
  from?: string;
  to?: string;
  group?: "month" | "quarter";
}

export function useForecast(q: ForecastQuery, enabled = true) {
  return useQuery({
    queryKey: keys.reports("forecast", q),
    enabled,
    queryFn: async ({ signal }): Promise<ForecastReport> => must(await api.GET("/api/v1/reports/forecast", { params: { query: q }, signal })),
  });
}

export function useFunnel(q: { from?: string; to?: string }) {
  return useQuery({
    queryKey: keys.reports("funnel", q),
    queryFn: async ({ signal }): Promise<FunnelReport> => must(await api.GET("/api/v1/reports/funnel", { params: { query: q }, signal })),
  });
}
