// The tables of the support report (GET /api/v1/reports/support): the accessible twins of its charts
// and the sources of their CSV. Durations read as words ("3 h") and go to the CSV in seconds; keys
// the catalogue knows (priorities, statuses, channels) get its labels, agents and teams the server's.
import type { Schemas } from "../../api/types";
import { formatDate, formatNumber, formatPercent, t, type MessageKey } from "../../i18n";
import { optionLabel } from "../records/record/labels";
import { formatDuration } from "../sales/stageHistoryModel";
import type { Cell, ReportTable } from "./tables";

export type SupportReport = Schemas["SupportReport"];
export type TimeBasis = "business" | "calendar";
export type SlaGrouping = "target" | "policy" | "priority";
export type FlowGrouping = "agent" | "team" | "channel";

/** The figures of a duration: a section or one of its priorities. */
interface Times {
  count: number;
  median_seconds: number | null;
  p90_seconds: number | null;
  business_median_seconds: number | null;
  business_p90_seconds: number | null;
}

interface Flow {
  key: string | null;
  label: string;
  created: number;
  solved: number;
}

const text = (s: string): Cell => ({ text: s, csv: s });
const count = (n: number): Cell => ({ text: formatNumber(n), csv: String(n) });
const seconds = (s: number | null | undefined): Cell =>
  s === null || s === undefined ? { text: "—", csv: "" } : { text: formatDuration(s * 1000), csv: String(s) };
const ratio = (r: number | null | undefined): Cell => (r === null || r === undefined ? { text: "—", csv: "" } : { text: formatPercent(r), csv: String(r) });

/** A duration in seconds as words, "—" when there is none. */
export function durationText(s: number | null | undefined): string {
  return seconds(s).text;
}

const AGE_LABEL: Record<string, MessageKey> = {
  lt_1d: "reports.support.age.lt_1d",
  "1_3d": "reports.support.age.1_3d",
  "3_7d": "reports.support.age.3_7d",
  "7_30d": "reports.support.age.7_30d",
  gt_30d: "reports.support.age.gt_30d",
};
const TARGET_LABEL: Record<string, MessageKey> = {
  first_response: "reports.support.target.first_response",
  next_response: "reports.support.target.next_response",
  resolution: "reports.support.target.resolution",
};

export function ageLabel(key: string): string {
  const k = AGE_LABEL[key];
  return k ? t(k) : key;
}

const shortDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** A day (YYYY-MM-DD) as a chart's short label: "Dec 4". */
export function dayLabel(key: string): string {
  const at = Date.parse(`${key}T00:00:00Z`);
  return Number.isNaN(at) ? key : shortDay.format(at);
}

export interface ChartBucket {
  label: string;
  created: number;
  solved: number;
}

/**
 * The per-day series as the chart draws it: a bar per day up to `maxDays` days, else a bar per week
 * (Monday to Sunday of the report's days, the workspace's; the first and last weeks may be partial), labelled by their first day.
 */
export function dailyChart(r: SupportReport, maxDays = 62): ChartBucket[] {
  const days = r.volume.by_day;
  if (days.length <= maxDays) return days.map((d) => ({ label: dayLabel(d.key), created: d.created, solved: d.solved }));
  const weeks: ChartBucket[] = [];
  for (const d of days) {
    const monday = new Date(`${d.key}T00:00:00Z`).getUTCDay() === 1;
    const last = weeks[weeks.length - 1];
    if (!last || monday) weeks.push({ label: t("reports.support.weekOf", { day: dayLabel(d.key) }), created: d.created, solved: d.solved });
    else {
      last.created += d.created;
      last.solved += d.solved;
    }
  }
  return weeks;
}

/** Created and solved per day, every day of the range, with the totals. */
export function dailyTable(r: SupportReport): ReportTable {
  return {
    columns: [
      { label: t("reports.support.col.day"), numeric: false },
      { label: t("reports.support.col.created"), numeric: true },
      { label: t("reports.support.col.solved"), numeric: true },
    ],
    rows: r.volume.by_day.map((d) => [{ text: formatDate(d.key), csv: d.key }, count(d.created), count(d.solved)]),
    totals: [text(t("reports.total")), count(r.volume.created), count(r.volume.solved)],
  };
}

/** First response, next response and resolution per priority, in business or calendar time. */
export function timesTable(r: SupportReport, basis: TimeBasis): ReportTable {
  const median = basis === "business" ? "business_median_seconds" : "median_seconds";
  const p90 = basis === "business" ? "business_p90_seconds" : "p90_seconds";
  const fr = r.first_response;
  const next = r.next_response;
  const res = r.resolution;
  const figures = (x: Times | undefined): Cell[] => [count(x?.count ?? 0), seconds(x?.[median]), seconds(x?.[p90])];
  const row = (label: string, a: Times, b: Times | undefined, c: Times | undefined): Cell[] => [text(label), ...figures(a), ...figures(b), ...figures(c)];
  return {
    columns: [
      { label: t("reports.support.col.priority"), numeric: false },
      { label: t("reports.support.col.answered"), numeric: true },
      { label: t("reports.support.col.firstMedian"), numeric: true },
      { label: t("reports.support.col.firstP90"), numeric: true },
      { label: t("reports.support.col.nextResponses"), numeric: true },
      { label: t("reports.support.col.nextMedian"), numeric: true },
      { label: t("reports.support.col.nextP90"), numeric: true },
      { label: t("reports.support.col.resolved"), numeric: true },
      { label: t("reports.support.col.resolutionMedian"), numeric: true },
      { label: t("reports.support.col.resolutionP90"), numeric: true },
    ],
    rows: fr.by_priority.map((p) =>
      row(
        optionLabel("priority", p.key),
        p,
        next.by_priority.find((q) => q.key === p.key),
        res.by_priority.find((q) => q.key === p.key),
      ),
    ),
    totals: row(t("reports.support.allPriorities"), fr, next, res),
  };
}

function flowLabel(grouping: FlowGrouping, f: Flow): string {
  if (grouping === "channel") return optionLabel("channel", f.key ?? "");
  if (f.key === null) return t(grouping === "agent" ? "reports.support.unassigned" : "reports.support.noTeam");
  return f.label;
}

/** The flows of one grouping with their display labels, most created first (as the server orders them). */
export function flows(r: SupportReport, grouping: FlowGrouping): { label: string; created: number; solved: number }[] {
  const list: Flow[] = grouping === "agent" ? r.volume.by_agent : grouping === "team" ? r.volume.by_team : r.volume.by_channel;
  return list.map((f) => ({ label: flowLabel(grouping, f), created: f.created, solved: f.solved }));
}

/** Created and solved per agent, team or channel. */
export function flowTable(r: SupportReport, grouping: FlowGrouping): ReportTable {
  const first: MessageKey = grouping === "agent" ? "reports.support.col.agent" : grouping === "team" ? "reports.support.col.team" : "reports.support.col.channel";
  return {
    columns: [
      { label: t(first), numeric: false },
      { label: t("reports.support.col.created"), numeric: true },
      { label: t("reports.support.col.solved"), numeric: true },
    ],
    rows: flows(r, grouping).map((f) => [text(f.label), count(f.created), count(f.solved)]),
    totals: [text(t("reports.total")), count(r.volume.created), count(r.volume.solved)],
  };
}

/** SLA targets met and breached per target kind, policy or priority. */
export function slaTable(r: SupportReport, grouping: SlaGrouping): ReportTable {
  const rows = grouping === "target" ? r.sla.by_target : grouping === "policy" ? r.sla.by_policy : r.sla.by_priority;
  const label = (key: string, server: string) => {
    if (grouping === "priority") return optionLabel("priority", key);
    const k = grouping === "target" ? TARGET_LABEL[key] : undefined;
    return k ? t(k) : server;
  };
  const first: MessageKey = grouping === "target" ? "reports.support.col.target" : grouping === "policy" ? "reports.support.col.policy" : "reports.support.col.priority";
  return {
    columns: [
      { label: t(first), numeric: false },
      { label: t("reports.support.col.met"), numeric: true },
      { label: t("reports.support.col.breached"), numeric: true },
      { label: t("reports.support.col.total"), numeric: true },
      { label: t("reports.support.col.attainment"), numeric: true },
    ],
    rows: rows.map((s) => [text(label(s.key, s.label)), count(s.met), count(s.breached), count(s.total), ratio(s.ratio)]),
    totals: [text(t("reports.total")), count(r.sla.met), count(r.sla.breached), count(r.sla.total), ratio(r.sla.ratio)],
  };
}

/** The open tickets now by age, with the total. */
export function backlogTable(r: SupportReport): ReportTable {
  return {
    columns: [
      { label: t("reports.support.col.age"), numeric: false },
      { label: t("reports.support.col.open"), numeric: true },
    ],
    rows: r.backlog.by_age.map((a) => [text(ageLabel(a.key)), count(a.value)]),
    totals: [text(t("reports.total")), count(r.backlog.total)],
  };
}
