// A KPI tile: a saved report's totals for the current period (week, month, quarter, year of one of
// its date fields, on the workspace's wall clock) beside the previous period's, with the change as
// an arrow, a sign and a percentage (never colour alone). The figure links to the records behind it:
// the report's filters and the current period as a range.
import { Link } from "react-router";
import { formatPercent, t } from "../../i18n";
import type { Filter } from "../records/list/state";
import { formatFigure } from "./answer";
import type { DashboardData } from "./api";
import type { ReportResult } from "./definition";
import { drillUrl } from "./drill";
import styles from "./analytics.module.css";

type Kpi = NonNullable<DashboardData["widgets"][number]["kpi"]>;

const DRILLABLE = new Set(["companies", "contacts", "leads", "deals", "products", "activities"]);

export function KpiTile({ kpi, measure, measureName, object, filters, periodField, periodName }: {
  kpi: Kpi;
  measure: ReportResult["measures"][number];
  measureName: string;
  object: string;
  filters: Filter[] | null;
  periodField: string;
  periodName: string;
}) {
  const lines = kpi.current.totals.length ? kpi.current.totals : [{ currency: null, values: {} }];
  return (
    <div className={styles.kpi}>
      <span className={styles.quiet}>{t("analytics.kpi.period", { period: periodName, measure: measureName })}</span>
      {lines.map((cur, i) => {
        const currency = cur.currency ?? null;
        const prev = kpi.previous.totals.find((p) => (p.currency ?? null) === currency);
        const now = cur.values[measure.key];
        const before = prev?.values[measure.key];
        const diff = typeof now === "number" && typeof before === "number" ? now - before : null;
        const ratio = diff !== null && typeof before === "number" && before !== 0 ? diff / Math.abs(before) : null;
        const trend = diff === null || diff === 0 ? "flat" : diff > 0 ? "up" : "down";
        const drill =
          filters && DRILLABLE.has(object)
            ? drillUrl(object, [
                ...filters.filter((f) => f.field !== periodField || (f.op !== "gte" && f.op !== "lt")),
                { field: periodField, op: "gte", value: kpi.current.from },
                { field: periodField, op: "lt", value: kpi.current.to },
                ...(currency ? [{ field: "currency", op: "eq" as const, value: currency }] : []),
              ])
            : null;
        const figure = formatFigure(measure, now, currency);
        return (
          <div key={i} className={styles.kpiLine}>
            <span className={styles.kpiValue}>
              {currency && <span className={styles.kpiCurrency}>{currency} </span>}
              {drill ? (
                <Link to={drill} className={styles.figureLink} aria-label={t("analytics.kpi.drill", { figure, measure: measureName })}>
                  {figure}
                </Link>
              ) : (
                figure
              )}
            </span>
            <span className={`${styles.kpiChange} ${styles[trend]}`}>
              <span aria-hidden="true">{trend === "up" ? "▲" : trend === "down" ? "▼" : "■"}</span>{" "}
              {diff === null
                ? t("analytics.kpi.noPrevious")
                : t("analytics.kpi.change", {
                    diff: `${diff > 0 ? "+" : diff < 0 ? "−" : "±"}${formatFigure(measure, Math.abs(diff), currency)}`,
                    pct: ratio === null ? "" : ` (${diff > 0 ? "+" : ""}${formatPercent(ratio)})`,
                    previous: formatFigure(measure, before, currency),
                  })}
            </span>
          </div>
        );
      })}
    </div>
  );
}
