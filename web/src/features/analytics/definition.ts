// The report editor's state and the report definition it stands for (POST /api/v1/reports/run's
// body, what a saved report stores). Filters are the list page's own (records/list/state.ts), so the
// editor reuses the list's filter bar and dialog; the definition spells them {field: {op: value}}.
import type { components } from "../../api/schema";
import type { Filter } from "../records/list/state";
import type { Op } from "../records/list/fields";

export type ReportDefinition = components["schemas"]["ReportDefinition"];
export type ReportResult = components["schemas"]["ReportResult"];
export type Bucket = "day" | "week" | "month" | "quarter" | "year";
export const BUCKETS: readonly Bucket[] = ["day", "week", "month", "quarter", "year"];
export type MeasureOp = "count" | "sum" | "avg" | "min" | "max" | "median";
export const MEASURE_OPS: readonly MeasureOp[] = ["count", "sum", "avg", "min", "max", "median"];
export type ChartType = "bar" | "line" | "area" | "pie" | "table";
export const CHART_TYPES: readonly ChartType[] = ["bar", "line", "area", "pie", "table"];

/** What one group-by groups by: a field's value, the owner, the owner's teams, or a date in buckets. */
export type GroupChoice = { kind: "field"; field: string } | { kind: "owner" } | { kind: "team" } | { kind: "date"; field: string; bucket: Bucket };

export interface MeasureChoice {
  op: MeasureOp;
  /** Empty for a count of records. */
  field: string;
}

export interface EditorState {
  object: string;
  filters: Filter[];
  /** At most two (the server's limit). */
  groups: GroupChoice[];
  /** At least one. */
  measures: MeasureChoice[];
  /** A measure's or group-by's key, "-" first for descending; "" for the groups' order. */
  sort: string;
}

export const MAX_GROUPS = 2;
export const MAX_MEASURES = 8;

export function newState(object: string): EditorState {
  return { object, filters: [], groups: [], measures: [{ op: "count", field: "" }], sort: "" };
}

/** The key the answer gives a measure ("count", "sum_amount", "count_email"). */
export function measureKey(m: MeasureChoice): string {
  return m.field ? `${m.op}_${m.field}` : m.op;
}

/** The key the answer gives a group-by ("stage_id", "owner_id", "team", "closed_at:quarter"). */
export function groupKey(g: GroupChoice): string {
  switch (g.kind) {
    case "field":
      return g.field;
    case "owner":
      return "owner_id";
    case "team":
      return "team";
    case "date":
      return `${g.field}:${g.bucket}`;
  }
}

export function toDefinition(s: EditorState): ReportDefinition {
  const filter: Record<string, Record<string, string>> = {};
  for (const f of s.filters) (filter[f.field] ??= {})[f.op] = f.value;
  const def: ReportDefinition = {
    object: s.object,
    filter,
    group_by: s.groups.map((g) => (g.kind === "date" ? { field: g.field, bucket: g.bucket } : g.kind === "team" ? "team" : g.kind === "owner" ? "owner_id" : g.field)),
    measures: s.measures.map((m) => (m.field ? { op: m.op, field: m.field } : { op: m.op })),
  };
  if (s.sort) def.sort = s.sort;
  return def;
}

const isBucket = (b: unknown): b is Bucket => (BUCKETS as readonly unknown[]).includes(b);
const isOp = (o: unknown): o is MeasureOp => (MEASURE_OPS as readonly unknown[]).includes(o);

/** A stored (normalised) definition back as the editor's state; what it cannot read is left out. */
export function fromDefinition(def: ReportDefinition): EditorState {
  const filters: Filter[] = [];
  for (const [field, ops] of Object.entries(def.filter ?? {})) {
    if (ops && typeof ops === "object" && !Array.isArray(ops)) {
      for (const [op, value] of Object.entries(ops as Record<string, unknown>)) filters.push({ field, op: op as Op, value: Array.isArray(value) ? value.join(",") : String(value) });
    } else filters.push({ field, op: "eq", value: String(ops) });
  }
  const groups: GroupChoice[] = [];
  for (const g of def.group_by ?? []) {
    if (typeof g === "string") groups.push(g === "team" ? { kind: "team" } : g === "owner_id" ? { kind: "owner" } : { kind: "field", field: g });
    else {
      const o = g as { field?: string; bucket?: unknown; owner?: boolean };
      if (o.owner) groups.push({ kind: "owner" });
      else if (o.field === "team") groups.push({ kind: "team" });
      else if (o.field === "owner_id") groups.push({ kind: "owner" });
      else if (o.field && isBucket(o.bucket)) groups.push({ kind: "date", field: o.field, bucket: o.bucket });
      else if (o.field) groups.push({ kind: "field", field: o.field });
    }
  }
  const measures = (def.measures ?? []).filter((m) => isOp(m.op)).map((m) => ({ op: m.op, field: m.field ?? "" }));
  return { object: def.object, filters, groups: groups.slice(0, MAX_GROUPS), measures: measures.length ? measures : [{ op: "count", field: "" }], sort: def.sort ?? "" };
}

/** A measure is complete when every op but a count names a field. */
export function measuresReady(ms: MeasureChoice[]): boolean {
  return ms.length > 0 && ms.every((m) => m.op === "count" || m.field !== "");
}
