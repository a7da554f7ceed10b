// The open pipeline by stage: one small bar chart per currency (amounts are never added across
// currencies) and the figures beside it. Chart.js loads after the numbers, in its own chunk.
import { lazy, Suspense, useMemo, useState } from "react";
import { Link } from "react-router";
import type { Pipeline } from "../../api/types";
import { useCommands } from "../../app/commands";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Skeleton } from "../../components/Skeleton";
import { formatMoney, formatNumber, t } from "../../i18n";
import { usePipelineReport } from "../reports/data";
import { currenciesOf } from "../reports/tables";
import { Card } from "./Card";
import styles from "./Home.module.css";

const BarChart = lazy(() => import("../../components/charts/BarChart"));

export function PipelineCard({ pipelines, owners }: { pipelines: Pipeline[]; owners: string[] | null }) {
  const { openCreate } = useCommands();
  const [chosen, setChosen] = useState("");
  const pipeline = pipelines.find((p) => p.id === chosen) ?? pipelines[0];
  const figures = usePipelineReport(pipeline, owners);
  const report = figures.data;

  const currencies = useMemo(() => (report ? currenciesOf([report.totals.amounts, ...report.stages.map((s) => s.amounts)]) : []), [report]);
  const charts = useMemo(
    () =>
      currencies.slice(0, 3).map((c) => ({
        currency: c,
        labels: report?.stages.map((s) => s.name) ?? [],
        series: [
          { label: t("reports.series.bestCase"), data: report?.stages.map((s) => s.amounts?.find((a) => a.currency === c)?.amount ?? 0) ?? [], soft: true },
          { label: t("reports.series.weighted"), data: report?.stages.map((s) => s.amounts?.find((a) => a.currency === c)?.weighted_amount ?? 0) ?? [] },
        ],
        format: (v: number) => formatMoney(v, c, true),
      })),
    [currencies, report],
  );

  const picker =
    pipelines.length > 1 ? (
      <label className={styles.inlineSelect}>
        <span className="visually-hidden">{t("reports.filter.pipeline")}</span>
        <select value={pipeline?.id} onChange={(e) => setChosen(e.target.value)}>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
    ) : (
      <Link to="/reports" className={styles.more}>
        {t("home.pipeline.reports")}
      </Link>
    );

  let body;
  if (!pipeline) body = <EmptyState title={t("home.pipeline.none")}>{t("home.pipeline.none.help")}</EmptyState>;
  else if (figures.error) body = <ErrorNotice error={figures.error} retry={() => void figures.refetch()} />;
  else if (!report) body = <Skeleton lines={5} />;
  else if (report.totals.count === 0)
    body = (
      <EmptyState title={t("home.pipeline.empty")} action={<Button onClick={() => openCreate("deals")}>{t("home.createDeal")}</Button>}>
        {t("home.pipeline.empty.help")}
      </EmptyState>
    );
  else
    body = (
      <div className={styles.pipelineBody}>
        <div className={styles.charts}>
          {charts.map((c) => (
            <div key={c.currency}>
              {charts.length > 1 && <h3 className={styles.chartTitle}>{c.currency}</h3>}
              <Suspense fallback={<Skeleton block />}>
                <BarChart
                  label={t("home.pipeline.chart", { currency: c.currency })}
                  description={t("reports.chart.twin")}
                  labels={c.labels}
                  series={c.series}
                  horizontal
                  format={c.format}
                  size="small"
                />
              </Suspense>
            </div>
          ))}
        </div>
        <table className={styles.figures}>
          <caption className="visually-hidden">{t("home.pipeline.figures")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("reports.col.stage")}</th>
              <th scope="col" className="num">
                {t("reports.col.deals")}
              </th>
              <th scope="col" className="num">
                {t("home.pipeline.amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.stages.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td className="num">{formatNumber(s.count)}</td>
                <td className="num">
                  {(s.amounts ?? []).length === 0
                    ? "—"
                    : s.amounts!.map((a) => (
                        <span key={a.currency} className={styles.moneyLine}>
                          {formatMoney(a.amount, a.currency)}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("reports.total")}</th>
              <td className="num">{formatNumber(report.totals.count)}</td>
              <td className="num">
                {(report.totals.amounts ?? []).map((a) => (
                  <span key={a.currency} className={styles.moneyLine}>
                    {formatMoney(a.amount, a.currency)}
                    <span className={styles.sub}>{t("home.pipeline.weightedShort", { amount: formatMoney(a.weighted_amount, a.currency) })}</span>
                  </span>
                ))}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    );

  return (
    <Card id="home-pipeline" title={pipeline ? t("home.pipeline.title", { pipeline: pipeline.name }) : t("home.pipeline.titleNone")} action={picker} wide>
      {body}
    </Card>
  );
}
