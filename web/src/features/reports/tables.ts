// The tables beside the report charts: the accessible twin of each chart and the source of its CSV.
// A cell keeps the text people read (locale money) and the plain value a spreadsheet wants (a
// decimal amount, the currency in the column name). Amounts are per currency, never added across.
import type { Schemas } from "../../api/types";
import { decimalAmount, formatMoney, formatNumber, formatPercent, t } from "../../i18n";
import { periodLabel } from "./periods";

export type PipelineReport = Schemas["PipelineReport"];
export type ForecastReport = Schemas["ForecastReport"];
export type FunnelReport = Schemas["FunnelReport"];

export interface Cell {
  text: string;
  csv: string;
}
export interface Column {
  label: string;
  numeric: boolean;
}
export interface ReportTable {
  columns: Column[];
  rows: Cell[][];
  /** A totals row, when the report has one. */
  totals?: Cell[];
}

interface Money {
  currency: string;
  amount: number;
  weighted_amount?: number;
  commit_amount?: number;
}

const text = (s: string): Cell => ({ text: s, csv: s });
const count = (n: number): Cell => ({ text: formatNumber(n), csv: String(n) });
const money = (minor: number | undefined, currency: string): Cell =>
  minor === undefined ? { text: "—", csv: "" } : { text: formatMoney(minor, currency), csv: decimalAmount(minor, currency) };

/** Every currency that appears in the lists, sorted. */
export function currenciesOf(lists: readonly (readonly Money[] | undefined)[]): string[] {
  const set = new Set<string>();
  for (const l of lists) for (const m of l ?? []) set.add(m.currency);
  return [...set].sort();
}

function pick(list: readonly Money[] | undefined, currency: string): Money | undefined {
  return list?.find((m) => m.currency === currency);
}

export function pipelineTable(r: PipelineReport): ReportTable {
  const currencies = currenciesOf([...r.stages.map((s) => s.amounts), r.totals.amounts]);
  const columns: Column[] = [
    { label: t("reports.col.stage"), numeric: false },
    { label: t("reports.col.probability"), numeric: true },
    { label: t("reports.col.deals"), numeric: true },
    ...currencies.flatMap((c) => [
      { label: t("reports.col.amount", { currency: c }), numeric: true },
      { label: t("reports.col.weighted", { currency: c }), numeric: true },
    ]),
  ];
  const moneyCells = (list: readonly Money[] | undefined) =>
    currencies.flatMap((c) => {
      const m = pick(list, c);
      return [money(m?.amount ?? 0, c), money(m?.weighted_amount ?? 0, c)];
    });
  const rows = r.stages
    .filter((s) => !s.archived || s.count > 0)
    .map((s) => [text(s.name), { text: formatPercent(s.probability / 100), csv: String(s.probability) }, count(s.count), ...moneyCells(s.amounts)]);
  const totals = [text(t("reports.total")), text(""), count(r.totals.count), ...moneyCells(r.totals.amounts)];
  return { columns, rows, totals };
}

export interface ForecastPeriod {
  period: string;
  open_count: number;
  won_count?: number;
  open?: Money[];
  won?: { currency: string; amount: number }[];
}

/** The forecast's periods, months or quarters, whichever the answer holds. */
export function forecastPeriods(r: ForecastReport): ForecastPeriod[] {
  const any = r as ForecastReport & {
    months?: ({ month: string } & Omit<ForecastPeriod, "period">)[];
    quarters?: ({ quarter: string } & Omit<ForecastPeriod, "period">)[];
  };
  if (any.quarters) return any.quarters.map(({ quarter, ...rest }) => ({ period: quarter, ...rest }));
  return (any.months ?? []).map(({ month, ...rest }) => ({ period: month, ...rest }));
}

export function forecastTable(r: ForecastReport): ReportTable {
  const periods = forecastPeriods(r);
  const currencies = currenciesOf(periods.flatMap((p) => [p.open, p.won]));
  const columns: Column[] = [
    { label: t("reports.col.period"), numeric: false },
    { label: t("reports.col.openDeals"), numeric: true },
    ...currencies.flatMap((c) => [
      { label: t("reports.col.bestCase", { currency: c }), numeric: true },
      { label: t("reports.col.weighted", { currency: c }), numeric: true },
      { label: t("reports.col.commit", { currency: c }), numeric: true },
      { label: t("reports.col.won", { currency: c }), numeric: true },
    ]),
  ];
  const rows = periods.map((p) => [
    { text: periodLabel(p.period), csv: p.period },
    count(p.open_count),
    ...currencies.flatMap((c) => {
      const o = pick(p.open, c);
      const w = p.won?.find((x) => x.currency === c);
      return [money(o?.amount ?? 0, c), money(o?.weighted_amount ?? 0, c), money(o?.commit_amount ?? 0, c), money(w?.amount ?? 0, c)];
    }),
  ]);
  return { columns, rows };
}

const STEP_LABEL = {
  leads_created: "reports.funnel.leads_created",
  leads_converted: "reports.funnel.leads_converted",
  deals_created: "reports.funnel.deals_created",
  deals_won: "reports.funnel.deals_won",
} as const;

export function funnelStepLabel(step: string): string {
  return step in STEP_LABEL ? t(STEP_LABEL[step as keyof typeof STEP_LABEL]) : step;
}

/** Steps with their count and the share of the previous step that reached them. */
export function funnelTable(r: FunnelReport): ReportTable {
  const columns: Column[] = [
    { label: t("reports.col.step"), numeric: false },
    { label: t("reports.col.count"), numeric: true },
    { label: t("reports.col.fromPrevious"), numeric: true },
  ];
  const rows = r.funnel.map((s, i) => {
    const prev = i > 0 ? r.funnel[i - 1]!.count : null;
    const ratio = prev ? s.count / prev : null;
    return [
      text(funnelStepLabel(s.step)),
      count(s.count),
      ratio === null ? { text: "—", csv: "" } : { text: formatPercent(ratio), csv: ratio.toFixed(4) },
    ];
  });
  return { columns, rows };
}

/** The table as rows of plain values, header first, for toCsv. */
export function tableCsvRows(table: ReportTable): string[][] {
  return [table.columns.map((c) => c.label), ...table.rows.map((r) => r.map((c) => c.csv)), ...(table.totals ? [table.totals.map((c) => c.csv)] : [])];
}
