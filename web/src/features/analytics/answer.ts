// A report's answer made ready to show: the table (one row per group and currency, then the
// totals) and the chart's labels and datasets, each figure carrying the group values behind it so a
// click can drill down. Names of ids (owners, teams, stages, companies) and bucket labels come from
// the caller's `label` function; figures are formatted by measure (money in its currency).
import { formatMoney, formatNumber } from "../../i18n";
import type { ReportResult } from "./definition";

type Measure = ReportResult["measures"][number];

export interface Cell {
  text: string;
  value: number | null;
  /** The row's group values and currency (for drill-down); absent on the totals' row. */
  groups?: unknown[];
  currency?: string | null;
}

export interface AnswerTable {
  groupHeaders: string[];
  showCurrency: boolean;
  measures: Measure[];
  rows: { key: string; groups: string[]; currency: string | null; cells: Cell[] }[];
  totals: { currency: string | null; cells: Cell[] }[];
}

export type GroupLabel = (groupIndex: number, value: unknown) => string;

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function formatFigure(m: Measure, v: unknown, currency: string | null | undefined): string {
  const n = num(v);
  if (n === null) return "—";
  const cur = m.money ? (m.currency ?? currency ?? null) : null;
  if (cur) return formatMoney(Math.round(n), cur);
  return formatNumber(m.op === "avg" ? Math.round(n * 100) / 100 : n);
}

export function answerTable(a: ReportResult, label: GroupLabel, headers: string[]): AnswerTable {
  const cell = (m: Measure, values: Record<string, unknown>, currency: string | null, groups?: unknown[]): Cell => ({
    text: formatFigure(m, values[m.key], currency),
    value: num(values[m.key]),
    ...(groups ? { groups, currency } : {}),
  });
  return {
    groupHeaders: headers,
    showCurrency: a.currency_split,
    measures: a.measures,
    rows: a.rows.map((r, i) => ({
      key: `${i}`,
      groups: r.groups.map((g, gi) => label(gi, g)),
      currency: r.currency ?? null,
      cells: a.measures.map((m) => cell(m, r.values, r.currency ?? null, r.groups)),
    })),
    totals: a.totals.map((tot) => ({ currency: tot.currency ?? null, cells: a.measures.map((m) => cell(m, tot.values, tot.currency ?? null)) })),
  };
}

export interface ChartPoint {
  groups: unknown[];
  currency: string | null;
}

export interface ChartModel {
  labels: string[];
  datasets: { label: string; data: (number | null)[]; points: (ChartPoint | null)[] }[];
}

/** The currencies of a split answer, most used first (the chart shows one at a time). */
export function answerCurrencies(a: ReportResult): string[] {
  if (!a.currency_split) return [];
  const seen = new Map<string, number>();
  for (const r of a.rows) if (r.currency) seen.set(r.currency, (seen.get(r.currency) ?? 0) + 1);
  return [...seen.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([c]) => c);
}

/**
 * The chart of one measure (and one currency of a split answer): with one group-by, a dataset whose
 * points are the groups; with two, a dataset per value of the first, along the second.
 */
export function chartModel(a: ReportResult, measureKey: string, currency: string | null, label: GroupLabel, seriesLabel: string): ChartModel {
  const rows = a.rows.filter((r) => !a.currency_split || (r.currency ?? null) === currency);
  const value = (r: (typeof rows)[number]) => num(r.values[measureKey]);
  if (a.group_by.length < 2) {
    return {
      labels: rows.map((r) => (a.group_by.length ? label(0, r.groups[0]) : seriesLabel)),
      datasets: [{ label: seriesLabel, data: rows.map(value), points: rows.map((r) => ({ groups: r.groups, currency: r.currency ?? null })) }],
    };
  }
  const xs: unknown[] = [];
  const names: unknown[] = [];
  const has = (list: unknown[], v: unknown) => list.some((x) => x === v);
  for (const r of rows) {
    if (!has(names, r.groups[0])) names.push(r.groups[0]);
    if (!has(xs, r.groups[1])) xs.push(r.groups[1]);
  }
  return {
    labels: xs.map((x) => label(1, x)),
    datasets: names.map((n) => {
      const mine = rows.filter((r) => r.groups[0] === n);
      const at = xs.map((x) => mine.find((r) => r.groups[1] === x));
      return { label: label(0, n), data: at.map((r) => (r ? value(r) : null)), points: at.map((r) => (r ? { groups: r.groups, currency: r.currency ?? null } : null)) };
    }),
  };
}
