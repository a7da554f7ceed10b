// Reports, in two kinds (?kind=sales|support, each shown to those who may read its records). Sales:
// the open pipeline by stage, the forecast and the funnel, each a chart with its table beside it and
// a CSV download. Filters: pipeline, owner and period for all three, except that the funnel has a
// pipeline choice of its own, "All pipelines" by default: leads belong to no pipeline, so a
// pipeline's funnel starts at its deals. Support: SupportReports.tsx, a chunk of its own. Chart.js
// is loaded with this page only. Custom reports and dashboards (features/analytics) are the other
// tabs of ReportsNav.
import { lazy, Suspense, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { EmptyState } from "../../components/EmptyState";
import { scopeOf, useMe } from "../../app/session";
import { useUsers } from "../../app/users";
import { formatMoney, formatNumber, formatPercent, t, type MessageKey } from "../../i18n";
import { PERIODS, periodLabel, periodRange, type PeriodKey } from "./periods";
import { usePipelineReport, usePipelines, useForecast, useFunnel } from "./data";
import { currenciesOf, forecastPeriods, forecastTable, funnelStepLabel, funnelTable, pipelineTable } from "./tables";
import { ReportSection } from "./ReportSection";
import { Select } from "./Select";
import { ReportsNav } from "../analytics/ReportsNav";
import styles from "./Reports.module.css";

const BarChart = lazy(() => import("../../components/charts/BarChart"));
const SupportReports = lazy(() => import("./SupportReports"));

const PERIOD_LABEL: Record<PeriodKey, MessageKey> = {
  "this-month": "reports.period.this-month",
  "this-quarter": "reports.period.this-quarter",
  "next-6-months": "reports.period.next-6-months",
  "this-year": "reports.period.this-year",
  "last-12-months": "reports.period.last-12-months",
};

type Kind = "sales" | "support";

export default function ReportsPage() {
  const me = useMe();
  const [params] = useSearchParams();
  const kinds = (["sales", "support"] as const).filter((k) => scopeOf(me, k === "sales" ? "deals" : "tickets", "read") !== "none");
  const asked = params.get("kind") as Kind | null;
  const kind: Kind = asked && kinds.includes(asked) ? asked : (kinds[0] ?? "sales");
  return (
    <>
      <PageHeader title={t("reports.title")} />
      <div className={styles.page}>
        <ReportsNav current={kind} />
        {kind === "support" ? (
          <Suspense fallback={<Skeleton lines={8} />}>
            <SupportReports />
          </Suspense>
        ) : (
          <SalesReports />
        )}
      </div>
    </>
  );
}

function SalesReports() {
  const me = useMe();
  const pipelines = usePipelines();
  const users = useUsers();
  const [pipelineId, setPipelineId] = useState("");
  const [owner, setOwner] = useState("");
  const [period, setPeriod] = useState<PeriodKey>("this-quarter");
  const [currencyChoice, setCurrency] = useState("");
  const [funnelChoice, setFunnelPipeline] = useState("");

  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const range = periodRange(period);
  const owners = owner ? [owner] : null;

  // "": every pipeline (a pipeline since archived falls back to it).
  const funnelPipeline = pipelines.data?.find((p) => p.id === funnelChoice);

  const pipe = usePipelineReport(pipeline, owners);
  const forecast = useForecast({ ...(pipeline ? { pipeline_id: pipeline.id } : {}), ...(owner ? { owner_id: owner } : {}), ...range, group: "month" }, Boolean(pipeline));
  const funnel = useFunnel({ ...range, ...(funnelPipeline ? { pipeline_id: funnelPipeline.id } : {}), ...(owner ? { owner_id: owner } : {}) });

  const pipeTable = useMemo(() => (pipe.data ? pipelineTable(pipe.data) : undefined), [pipe.data]);
  const fcTable = useMemo(() => (forecast.data ? forecastTable(forecast.data) : undefined), [forecast.data]);
  const fnTable = useMemo(() => (funnel.data ? funnelTable(funnel.data) : undefined), [funnel.data]);

  const currencies = useMemo(() => {
    const fromPipe = pipe.data ? [pipe.data.totals.amounts, ...pipe.data.stages.map((s) => s.amounts)] : [];
    const fromForecast = forecast.data ? forecastPeriods(forecast.data).flatMap((p) => [p.open, p.won]) : [];
    return currenciesOf([...fromPipe, ...fromForecast]);
  }, [pipe.data, forecast.data]);
  const currency = currencies.includes(currencyChoice) ? currencyChoice : (currencies[0] ?? "");
  const money = useMemo(() => (v: number) => formatMoney(v, currency, true), [currency]);

  const pipeChart = useMemo(() => {
    const stages = pipe.data?.stages ?? [];
    const amt = (s: (typeof stages)[number], k: "amount" | "weighted_amount") => s.amounts?.find((a) => a.currency === currency)?.[k] ?? 0;
    return {
      labels: stages.map((s) => s.name),
      series: [
        { label: t("reports.series.bestCase"), data: stages.map((s) => amt(s, "amount")), soft: true },
        { label: t("reports.series.weighted"), data: stages.map((s) => amt(s, "weighted_amount")) },
      ],
    };
  }, [pipe.data, currency]);

  const fcChart = useMemo(() => {
    const periods = forecast.data ? forecastPeriods(forecast.data) : [];
    const open = (p: (typeof periods)[number], k: "amount" | "weighted_amount" | "commit_amount") => p.open?.find((a) => a.currency === currency)?.[k] ?? 0;
    return {
      labels: periods.map((p) => periodLabel(p.period)),
      series: [
        { label: t("reports.series.bestCase"), data: periods.map((p) => open(p, "amount")), soft: true },
        { label: t("reports.series.weighted"), data: periods.map((p) => open(p, "weighted_amount")) },
        { label: t("reports.series.commit"), data: periods.map((p) => open(p, "commit_amount")), tone: 2 },
        { label: t("reports.series.won"), data: periods.map((p) => p.won?.find((w) => w.currency === currency)?.amount ?? 0), tone: 1 },
      ],
    };
  }, [forecast.data, currency]);

  const fnChart = useMemo(
    () => ({
      labels: (funnel.data?.funnel ?? []).map((s) => funnelStepLabel(s.step)),
      series: [{ label: t("reports.col.count"), data: (funnel.data?.funnel ?? []).map((s) => s.count) }],
    }),
    [funnel.data],
  );

  const ownerName = owner ? (users.data?.find((u) => u.id === owner)?.name ?? users.data?.find((u) => u.id === owner)?.email ?? "") : "";
  const scopeText = owner ? t("reports.scope.owner", { name: ownerName }) : t("reports.scope.all");
  const funnelNote = funnelPipeline
    ? `${t("reports.funnel.notePipeline", { pipeline: funnelPipeline.name, from: periodLabel(range.from), to: periodLabel(range.to) })} ${scopeText}`
    : `${t("reports.funnel.note", { from: periodLabel(range.from), to: periodLabel(range.to) })} ${
        owner ? t("reports.funnel.scope.owner", { name: ownerName }) : t("reports.funnel.scope.all")
      }`;
  const chartFallback = <Skeleton block />;

  if (pipelines.isPending) return <Skeleton lines={8} />;

  if (!pipeline) return <EmptyState title={t("reports.noPipeline")}>{t("reports.noPipeline.help")}</EmptyState>;

  return (
    <>
        <form className={styles.filters} aria-label={t("reports.filters")} onSubmit={(e) => e.preventDefault()}>
          <Select id="report-pipeline" label={t("reports.filter.pipeline")} value={pipeline.id} onChange={setPipelineId}>
            {pipelines.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
          <Select id="report-owner" label={t("reports.filter.owner")} value={owner} onChange={setOwner}>
            <option value="">{t("reports.filter.everyone")}</option>
            <option value={me.user_id ?? ""}>{t("reports.filter.me")}</option>
            {users.data
              ?.filter((u) => u.active && u.id !== me.user_id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name || u.email}
                </option>
              ))}
          </Select>
          <Select id="report-period" label={t("reports.filter.period")} value={period} onChange={(v) => setPeriod(v as PeriodKey)}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(PERIOD_LABEL[p])}
              </option>
            ))}
          </Select>
          {currencies.length > 1 && (
            <Select id="report-currency" label={t("reports.filter.currency")} value={currency} onChange={setCurrency}>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          )}
        </form>

        <ReportSection
          id="pipeline"
          title={t("reports.pipeline.title", { pipeline: pipeline.name })}
          note={`${t("reports.pipeline.note")} ${scopeText}`}
          loading={pipe.isPending}
          error={pipe.error}
          retry={() => void pipe.refetch()}
          table={pipeTable}
          empty={pipe.data && pipe.data.totals.count === 0 ? <EmptyState title={t("reports.pipeline.empty")}>{t("reports.pipeline.empty.help")}</EmptyState> : undefined}
          csvName={`pipeline-${pipeline.name}.csv`}
          chart={
            <Suspense fallback={chartFallback}>
              <BarChart
                label={t("reports.pipeline.chart", { currency })}
                description={t("reports.chart.twin")}
                labels={pipeChart.labels}
                series={pipeChart.series}
                horizontal
                format={money}
              />
            </Suspense>
          }
        />

        <ReportSection
          id="forecast"
          title={t("reports.forecast.title")}
          note={`${t("reports.forecast.note", { from: periodLabel(range.from), to: periodLabel(range.to) })} ${scopeText}`}
          loading={forecast.isPending}
          error={forecast.error}
          retry={() => void forecast.refetch()}
          table={fcTable}
          csvName={`forecast-${range.from}-${range.to}.csv`}
          chart={
            <Suspense fallback={chartFallback}>
              <BarChart label={t("reports.forecast.chart", { currency })} description={t("reports.chart.twin")} labels={fcChart.labels} series={fcChart.series} format={money} />
            </Suspense>
          }
        />

        <ReportSection
          id="funnel"
          title={t("reports.funnel.title")}
          note={funnelNote}
          action={
            <label className={styles.inlineFilter}>
              {t("reports.funnel.pipeline")}
              <select value={funnelPipeline?.id ?? ""} onChange={(e) => setFunnelPipeline(e.target.value)}>
                <option value="">{t("reports.funnel.allPipelines")}</option>
                {pipelines.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          }
          loading={funnel.isPending}
          error={funnel.error}
          retry={() => void funnel.refetch()}
          table={fnTable}
          csvName={`funnel-${funnelPipeline ? `${funnelPipeline.name}-` : ""}${range.from}-${range.to}.csv`}
          chart={
            <Suspense fallback={chartFallback}>
              <BarChart label={t(funnelPipeline ? "reports.funnel.chartDeals" : "reports.funnel.chart")} description={t("reports.chart.twin")} labels={fnChart.labels} series={fnChart.series} horizontal format={formatNumber} size="small" />
            </Suspense>
          }
          extra={
            funnel.data && (
              <dl className={styles.facts}>
                <div>
                  <dt>{t("reports.funnel.winRate")}</dt>
                  <dd>{funnel.data.win_rate === null ? "—" : formatPercent(funnel.data.win_rate)}</dd>
                </div>
                <div>
                  <dt>{t("reports.funnel.lost")}</dt>
                  <dd>{formatNumber(funnel.data.deals_lost)}</dd>
                </div>
                <div>
                  <dt>{t("reports.funnel.cycle")}</dt>
                  <dd>{funnel.data.average_sales_cycle_days === null ? "—" : t("reports.days", { n: formatNumber(Math.round(funnel.data.average_sales_cycle_days * 10) / 10) })}</dd>
                </div>
                {funnel.data.won_by_currency?.map((w) => (
                  <div key={w.currency}>
                    <dt>{t("reports.funnel.wonIn", { currency: w.currency, n: formatNumber(w.count) })}</dt>
                    <dd>{formatMoney(w.amount, w.currency)}</dd>
                  </div>
                ))}
              </dl>
            )
          }
        />
    </>
  );
}
