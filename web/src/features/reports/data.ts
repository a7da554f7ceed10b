// Reads behind the reports and the home page: pipelines and the three reports, each for everyone
// the caller can see or for some owners (the reports' owner_id: it narrows what the role may read,
// never widens it).
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Pipeline } from "../../api/types";
import { ownerParam } from "./owners";
import type { ForecastReport, FunnelReport, PipelineReport } from "./tables";

export function usePipelines() {
  return useQuery({
    queryKey: keys.reports("pipelines", null),
    queryFn: async (): Promise<Pipeline[]> => must(await api.GET("/api/v1/pipelines")).data.filter((p) => !p.archived),
    staleTime: 5 * 60_000,
  });
}

/** The open pipeline by stage, for everyone the caller can see or for `owners`. */
export function usePipelineReport(pipeline: Pipeline | undefined, owners: readonly string[] | null) {
  return useQuery({
    queryKey: keys.reports("pipeline", { pipeline: pipeline?.id, owners }),
    enabled: Boolean(pipeline),
    queryFn: async ({ signal }): Promise<PipelineReport> => {
      const p = pipeline!;
      const owner = ownerParam(owners);
      if (owner === "nobody") return { pipeline_id: p.id, name: p.name, stages: [], totals: { count: 0, amounts: [] } };
      return must(await api.GET("/api/v1/reports/pipeline", { params: { query: { pipeline_id: p.id, ...owner } }, signal }));
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

export interface FunnelQuery {
  from?: string;
  to?: string;
  /** One pipeline's deals; the funnel then has no lead steps (a lead belongs to no pipeline). */
  pipeline_id?: string;
  owner_id?: string;
}

export function useFunnel(q: FunnelQuery) {
  return useQuery({
    queryKey: keys.reports("funnel", q),
    queryFn: async ({ signal }): Promise<FunnelReport> => must(await api.GET("/api/v1/reports/funnel", { params: { query: q }, signal })),
  });
}
