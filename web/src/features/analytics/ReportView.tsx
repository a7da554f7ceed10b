// One report's answer on screen: the chart of the chosen type (one measure and one currency at a
// time, chosen beside it when there are several) and/or the table of every figure, each figure a
// link to the records behind it (drill-down, drill.ts); a click on a bar, point or slice goes there
// too. Shared by the editor's live preview and the dashboard's chart and table widgets.
import { lazy, Suspense, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Skeleton } from "../../components/Skeleton";
import { t } from "../../i18n";
import type { ListField } from "../records/list/fields";
import type { Filter } from "../records/list/state";
import { answerCurrencies, answerTable, chartModel, formatFigure, type AnswerTable, type Cell } from "./answer";
import type { ChartType, ReportResult } from "./definition";
import { drillFilters, drillUrl } from "./drill";
import { groupHeader, measureHeader } from "./headers";
import { useTeams } from "./api";
import { useGroupLabels } from "./useGroupLabels";
import reportStyles from "../reports/Reports.module.css";
import styles from "./analytics.module.css";

const ReportChart = lazy(() => import("../../components/charts/ReportChart"));

/** Objects whose list page reads filters from its URL (the tickets' inbox does not). */
const DRILLABLE = new Set(["companies", "contacts", "leads", "deals", "products", "activities"]);

export interface ReportViewProps {
  answer: ReportResult;
  title: string;
  chart: ChartType;
  fields: ListField[];
  /** The definition's filters: the drill-down starts from them. */
  filters: Filter[];
  /** The table under the chart too (the editor); a widget shows one or the other. */
  withTable?: boolean;
  size?: "medium" | "large" | "fill";
}

export function ReportView({ answer, title, chart, fields, filters, withTable = false, size = "large" }: ReportViewProps) {
  const navigate = useNavigate();
  const teams = useTeams();
  const label = useGroupLabels(answer, fields);
  const currencies = useMemo(() => answerCurrencies(answer), [answer]);
  const [currencyChoice, setCurrency] = useState("");
  const [measureChoice, setMeasure] = useState("");
  const currency = currencies.includes(currencyChoice) ? currencyChoice : (currencies[0] ?? null);
  const measure = answer.measures.find((m) => m.key === measureChoice) ?? answer.measures[0];
  const measureName = (m: ReportResult["measures"][number]) => measureHeader({ op: m.op, field: m.field }, fields);

  const drill = (groups: unknown[] | undefined, cur: string | null | undefined): string | null => {
    if (!groups || !DRILLABLE.has(answer.object)) return null;
    // A total's figure (no groups) is every record the definition matched.
    const f = drillFilters(filters, groups.length ? answer.group_by : [], groups, cur, answer.time_zone, teams.data ?? []);
    return f ? drillUrl(answer.object, f) : null;
  };

  const model = useMemo(() => (measure ? chartModel(answer, measure.key, currency, label, measureName(measure)) : null), [answer, measure, currency, label]); // eslint-disable-line react-hooks/exhaustive-deps
  const table = useMemo(() => answerTable(answer, label, answer.group_by.map((g) => groupHeader(g, fields))), [answer, label, fields]);
  const format = useMemo(() => (measure ? (v: number) => formatFigure(measure, v, currency) : undefined), [measure, currency]);

  if (answer.rows.length === 0 && answer.group_by.length > 0) return <p className={styles.quiet}>{t("analytics.noRecords")}</p>;

  const showChart = chart !== "table" && answer.group_by.length > 0 && model;
  return (
    <div className={styles.view}>
      {showChart && (answer.measures.length > 1 || currencies.length > 1) && (
        <div className={styles.chartControls}>
          {answer.measures.length > 1 && (
            <label className={reportStyles.inlineFilter}>
              {t("analytics.chartMeasure")}
              <select value={measure?.key ?? ""} onChange={(e) => setMeasure(e.target.value)}>
                {answer.measures.map((m) => (
                  <option key={m.key} value={m.key}>
                    {measureName(m)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {currencies.length > 1 && (
            <label className={reportStyles.inlineFilter}>
              {t("analytics.chartCurrency")}
              <select value={currency ?? ""} onChange={(e) => setCurrency(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {showChart && (
        <Suspense fallback={<Skeleton block />}>
          <ReportChart
            kind={chart}
            label={t("analytics.chartLabel", { report: title, measure: measure ? measureName(measure) : "" })}
            description={t("analytics.chartTwin")}
            labels={model.labels}
            datasets={model.datasets}
            size={size}
            integer={measure?.op === "count"}
            {...(format ? { format } : {})}
            onPick={(d, i) => {
              const p = model.datasets[d]?.points[i];
              const url = p ? drill(p.groups, p.currency) : null;
              if (url) navigate(url);
            }}
          />
        </Suspense>
      )}
      {(withTable || !showChart) && <FigureTable table={table} caption={title} drill={drill} measureNames={answer.measures.map(measureName)} stackable={size === "fill"} />}
    </div>
  );
}

function FigureCell({ cell, label, drill }: { cell: Cell; label: string; drill: (g: unknown[] | undefined, c: string | null | undefined) => string | null }) {
  const url = drill(cell.groups, cell.currency);
  return (
    <td className="num" data-label={label}>
      {url ? (
        <Link to={url} className={styles.figureLink} title={t("analytics.drill")}>
          {cell.text}
        </Link>
      ) : (
        cell.text
      )}
    </td>
  );
}

/**
 * The answer's table. `stackable` (a dashboard widget): in a narrow box each row becomes a block, its
 * first group as a heading and every other cell a "label  figure" line (data-label), so no column
 * is scrolled out of sight (a container query on the table's own width, not the window's).
 */
export function FigureTable({ table, caption, drill, measureNames, stackable = false }: { table: AnswerTable; caption: string; drill: (g: unknown[] | undefined, c: string | null | undefined) => string | null; measureNames: string[]; stackable?: boolean }) {
  const first = table.groupHeaders.length + (table.showCurrency ? 1 : 0);
  const measureName = (i: number) => measureNames[i] ?? table.measures[i]?.key ?? "";
  return (
    <div className={`${reportStyles.tableWrap} ${styles.tableWrap} ${stackable ? styles.stackable : ""}`} tabIndex={0} role="region" aria-label={caption}>
      <table className={reportStyles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.groupHeaders.map((h, i) => (
              <th key={`g${i}`} scope="col">
                {h}
              </th>
            ))}
            {table.showCurrency && <th scope="col">{t("analytics.currency")}</th>}
            {table.measures.map((m, i) => (
              <th key={m.key} scope="col" className="num">
                {measureName(i)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key}>
              {r.groups.map((g, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {g}
                  </th>
                ) : (
                  <td key={i} data-label={table.groupHeaders[i]}>
                    {g}
                  </td>
                ),
              )}
              {table.showCurrency && <td data-label={t("analytics.currency")}>{r.currency}</td>}
              {r.cells.map((c, i) => (
                <FigureCell key={i} cell={c} label={measureName(i)} drill={drill} />
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          {table.totals.map((tot, i) => (
            <tr key={i}>
              {first > 0 && (
                <th scope="row" colSpan={table.groupHeaders.length || 1}>
                  {t("analytics.total")}
                </th>
              )}
              {table.showCurrency && <td data-label={t("analytics.currency")}>{tot.currency}</td>}
              {tot.cells.map((c, j) => (
                <FigureCell key={j} cell={{ ...c, groups: [], currency: tot.currency }} label={measureName(j)} drill={drill} />
              ))}
            </tr>
          ))}
        </tfoot>
      </table>
    </div>
  );
}
