// The support reports (GET /api/v1/reports/support): key figures as tiles, then created vs solved
// per day, first response, next response and resolution times by priority (business hours or calendar time), tickets by
// agent, team or channel, SLA attainment and the backlog by age, each a chart with its table and a
// CSV download. Filters: period, team, channel, priority. Loaded with the Support tab only.
import { lazy, Suspense, useMemo, useState } from "react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Skeleton } from "../../components/Skeleton";
import { formatDate, formatNumber, formatPercent, t, type MessageKey } from "../../i18n";
import { optionLabel } from "../records/record/labels";
import { useTeams } from "../settings/shared/queries";
import { ReportSection } from "./ReportSection";
import { useSupportReport, type SupportQuery } from "./supportData";
import { SUPPORT_PERIODS, supportRange, type SupportPeriodKey } from "./supportPeriods";
import {
  ageLabel,
  backlogTable,
  dailyChart,
  dailyTable,
  durationText,
  flows,
  flowTable,
  slaTable,
  timesTable,
  type FlowGrouping,
  type SlaGrouping,
  type SupportReport,
  type TimeBasis,
} from "./supportTables";
import { Select } from "./Select";
import styles from "./Reports.module.css";

const BarChart = lazy(() => import("../../components/charts/BarChart"));

const PERIOD_LABEL: Record<SupportPeriodKey, MessageKey> = {
  "last-7-days": "reports.support.period.last-7-days",
  "last-30-days": "reports.support.period.last-30-days",
  "this-month": "reports.support.period.this-month",
  "this-quarter": "reports.support.period.this-quarter",
  "last-12-months": "reports.support.period.last-12-months",
};
/** Axis ticks of counts: whole numbers only (a tick at 0.5 tickets says nothing). */
const wholeCount = (v: number) => (Number.isInteger(v) ? formatNumber(v) : "");
const CHANNELS = ["email", "web", "phone", "api"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
const FLOW_LABEL: Record<FlowGrouping, MessageKey> = { agent: "reports.support.flows.agent", team: "reports.support.flows.team", channel: "reports.support.flows.channel" };
const SLA_LABEL: Record<SlaGrouping, MessageKey> = { target: "reports.support.sla.target", policy: "reports.support.sla.policy", priority: "reports.support.sla.priority" };

function InlineSelect<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly [T, string][]; onChange: (v: T) => void }) {
  return (
    <label className={styles.inlineFilter}>
      {label}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

function Tiles({ report }: { report: SupportReport }) {
  const fr = report.first_response;
  const next = report.next_response;
  const res = report.resolution;
  const old = report.backlog.by_age.filter((a) => a.key === "7_30d" || a.key === "gt_30d").reduce((n, a) => n + a.value, 0);
  const tiles: { id: string; label: string; value: string; note?: string; detail: string }[] = [
    {
      id: "first-response",
      label: t("reports.support.tile.firstResponse"),
      value: durationText(fr.business_median_seconds),
      note: t("reports.support.tile.medianBusiness"),
      detail: t("reports.support.tile.firstDetail", { p90: durationText(fr.business_p90_seconds), calendar: durationText(fr.median_seconds), n: formatNumber(fr.count) }),
    },
    {
      id: "next-response",
      label: t("reports.support.tile.nextResponse"),
      value: durationText(next.business_median_seconds),
      note: t("reports.support.tile.medianBusiness"),
      detail: t("reports.support.tile.nextDetail", { p90: durationText(next.business_p90_seconds), calendar: durationText(next.median_seconds), n: formatNumber(next.count) }),
    },
    {
      id: "resolution",
      label: t("reports.support.tile.resolution"),
      value: durationText(res.business_median_seconds),
      note: t("reports.support.tile.medianBusiness"),
      detail: t("reports.support.tile.resolutionDetail", { p90: durationText(res.business_p90_seconds), calendar: durationText(res.median_seconds), n: formatNumber(res.count) }),
    },
    {
      id: "sla",
      label: t("reports.support.tile.sla"),
      value: report.sla.ratio === null ? "—" : formatPercent(report.sla.ratio),
      detail: t("reports.support.tile.slaDetail", { met: formatNumber(report.sla.met), breached: formatNumber(report.sla.breached) }),
    },
    {
      id: "csat",
      label: t("reports.support.tile.csat"),
      value: report.satisfaction.csat_percent === null ? "—" : formatPercent(report.satisfaction.csat_percent / 100),
      detail: t("reports.support.tile.csatDetail", {
        good: formatNumber(report.satisfaction.good),
        bad: formatNumber(report.satisfaction.bad),
        n: formatNumber(report.satisfaction.responses),
      }),
    },
    {
      id: "backlog",
      label: t("reports.support.tile.backlog"),
      value: formatNumber(report.backlog.total),
      detail: t("reports.support.tile.backlogDetail", { old: formatNumber(old) }),
    },
  ];
  return (
    <section aria-label={t("reports.support.tiles")}>
      <dl className={styles.tiles}>
        {tiles.map((tile) => (
          <div key={tile.id} className={styles.tile} data-tile={tile.id}>
            <dt>{tile.label}</dt>
            <dd className={styles.tileValue}>{tile.value}</dd>
            {tile.note && <dd className={styles.tileNote}>{tile.note}</dd>}
            <dd className={styles.tileDetail}>{tile.detail}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function SupportReports() {
  const teams = useTeams();
  const [period, setPeriod] = useState<SupportPeriodKey>("last-30-days");
  const [team, setTeam] = useState("");
  const [channel, setChannel] = useState("");
  const [priority, setPriority] = useState("");
  const [basis, setBasis] = useState<TimeBasis>("business");
  const [flowBy, setFlowBy] = useState<FlowGrouping>("agent");
  const [slaBy, setSlaBy] = useState<SlaGrouping>("target");

  const range = supportRange(period);
  const query: SupportQuery = {
    ...range,
    ...(team ? { team_id: team } : {}),
    ...(channel ? { channel: channel as SupportQuery["channel"] } : {}),
    ...(priority ? { priority: priority as SupportQuery["priority"] } : {}),
  };
  const report = useSupportReport(query);
  const data = report.data;

  const daily = useMemo(() => (data ? dailyTable(data) : undefined), [data]);
  const bars = useMemo(() => (data ? dailyChart(data) : []), [data]);
  const times = useMemo(() => (data ? timesTable(data, basis) : undefined), [data, basis]);
  const flowRows = useMemo(() => (data ? flowTable(data, flowBy) : undefined), [data, flowBy]);
  const sla = useMemo(() => (data ? slaTable(data, slaBy) : undefined), [data, slaBy]);
  const backlog = useMemo(() => (data ? backlogTable(data) : undefined), [data]);

  const lastDay = new Date(Date.parse(`${range.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const note = t("reports.support.range", { from: formatDate(range.from), to: formatDate(lastDay), zone: data?.time_zone ?? "UTC" });
  const hours = (s: number | null | undefined) => (s === null || s === undefined ? 0 : Math.round((s / 3600) * 10) / 10);
  const chartFallback = <Skeleton block />;
  const common = { loading: report.isPending, error: report.error, retry: () => void report.refetch() };

  const slaRows = data ? (slaBy === "target" ? data.sla.by_target : slaBy === "policy" ? data.sla.by_policy : data.sla.by_priority) : [];
  const flowList = data ? flows(data, flowBy) : [];
  const fr = data?.first_response.by_priority ?? [];
  const next = data?.next_response.by_priority ?? [];
  const res = data?.resolution.by_priority ?? [];

  return (
    <>
      <form className={styles.filters} aria-label={t("reports.support.filters")} onSubmit={(e) => e.preventDefault()}>
        <Select id="support-period" label={t("reports.filter.period")} value={period} onChange={(v) => setPeriod(v as SupportPeriodKey)}>
          {SUPPORT_PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(PERIOD_LABEL[p])}
            </option>
          ))}
        </Select>
        <Select id="support-team" label={t("reports.support.filter.team")} value={team} onChange={setTeam}>
          <option value="">{t("reports.support.filter.allTeams")}</option>
          {teams.data?.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </Select>
        <Select id="support-channel" label={t("reports.support.filter.channel")} value={channel} onChange={setChannel}>
          <option value="">{t("reports.support.filter.allChannels")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {optionLabel("channel", c)}
            </option>
          ))}
        </Select>
        <Select id="support-priority" label={t("reports.support.filter.priority")} value={priority} onChange={setPriority}>
          <option value="">{t("reports.support.filter.allPriorities")}</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {optionLabel("priority", p)}
            </option>
          ))}
        </Select>
      </form>
      <p className={styles.note}>{note}</p>

      {report.error ? <ErrorNotice error={report.error} retry={() => void report.refetch()} /> : data ? <Tiles report={data} /> : <Skeleton lines={3} />}

      <ReportSection
        id="support-daily"
        title={t("reports.support.daily.title")}
        {...common}
        table={daily}
        stacked
        empty={data && data.volume.created + data.volume.solved === 0 ? <EmptyState title={t("reports.support.daily.empty")}>{t("reports.support.daily.empty.help")}</EmptyState> : undefined}
        csvName={`support-per-day-${range.from}-${lastDay}.csv`}
        chart={
          <Suspense fallback={chartFallback}>
            <BarChart
              label={t(bars.length < (data?.volume.by_day.length ?? 0) ? "reports.support.daily.chartWeeks" : "reports.support.daily.chart")}
              description={t("reports.chart.twin")}
              labels={bars.map((b) => b.label)}
              series={[
                { label: t("reports.support.series.created"), data: bars.map((b) => b.created) },
                { label: t("reports.support.series.solved"), data: bars.map((b) => b.solved), tone: 1 },
              ]}
              format={wholeCount}
            />
          </Suspense>
        }
      />

      <ReportSection
        id="support-times"
        title={t("reports.support.times.title")}
        note={t("reports.support.times.note")}
        action={
          <InlineSelect
            label={t("reports.support.times.basis")}
            value={basis}
            options={[
              ["business", t("reports.support.times.business")],
              ["calendar", t("reports.support.times.calendar")],
            ]}
            onChange={setBasis}
          />
        }
        {...common}
        table={times}
        csvName={`support-times-${basis}-${range.from}-${lastDay}.csv`}
        chart={
          <Suspense fallback={chartFallback}>
            <BarChart
              label={t("reports.support.times.chart")}
              description={t("reports.chart.twin")}
              labels={fr.map((p) => optionLabel("priority", p.key))}
              series={[
                { label: t("reports.support.series.firstResponse"), data: fr.map((p) => hours(basis === "business" ? p.business_median_seconds : p.median_seconds)) },
                { label: t("reports.support.series.nextResponse"), data: next.map((p) => hours(basis === "business" ? p.business_median_seconds : p.median_seconds)), tone: 1 },
                { label: t("reports.support.series.resolution"), data: res.map((p) => hours(basis === "business" ? p.business_median_seconds : p.median_seconds)), tone: 2 },
              ]}
              format={(v) => t("reports.support.hours", { n: formatNumber(v) })}
            />
          </Suspense>
        }
      />

      <ReportSection
        id="support-flows"
        title={t("reports.support.flows.title")}
        note={t("reports.support.flows.note")}
        action={
          <InlineSelect
            label={t("reports.support.flows.by")}
            value={flowBy}
            options={(["agent", "team", "channel"] as const).map((g) => [g, t(FLOW_LABEL[g])] as [FlowGrouping, string])}
            onChange={setFlowBy}
          />
        }
        {...common}
        table={flowRows}
        csvName={`support-by-${flowBy}-${range.from}-${lastDay}.csv`}
        chart={
          <Suspense fallback={chartFallback}>
            <BarChart
              label={t("reports.support.flows.chart", { grouping: t(FLOW_LABEL[flowBy]).toLowerCase() })}
              description={t("reports.chart.twin")}
              labels={flowList.map((f) => f.label)}
              series={[
                { label: t("reports.support.series.created"), data: flowList.map((f) => f.created) },
                { label: t("reports.support.series.solved"), data: flowList.map((f) => f.solved), tone: 1 },
              ]}
              horizontal
              format={wholeCount}
            />
          </Suspense>
        }
      />

      <ReportSection
        id="support-sla"
        title={t("reports.support.sla.title")}
        note={t("reports.support.sla.note")}
        action={
          <InlineSelect
            label={t("reports.support.sla.by")}
            value={slaBy}
            options={(["target", "policy", "priority"] as const).map((g) => [g, t(SLA_LABEL[g])] as [SlaGrouping, string])}
            onChange={setSlaBy}
          />
        }
        {...common}
        table={sla}
        empty={data && data.sla.total === 0 ? <EmptyState title={t("reports.support.sla.empty")}>{t("reports.support.sla.empty.help")}</EmptyState> : undefined}
        csvName={`support-sla-by-${slaBy}-${range.from}-${lastDay}.csv`}
        chart={
          <Suspense fallback={chartFallback}>
            <BarChart
              label={t("reports.support.sla.chart", { grouping: t(SLA_LABEL[slaBy]).toLowerCase() })}
              description={t("reports.chart.twin")}
              labels={(sla?.rows ?? []).map((r) => r[0]?.text ?? "")}
              series={[
                { label: t("reports.support.series.met"), data: slaRows.map((s) => s.met), tone: 1 },
                { label: t("reports.support.series.breached"), data: slaRows.map((s) => s.breached), tone: 3 },
              ]}
              stacked
              horizontal
              format={wholeCount}
              size="small"
            />
          </Suspense>
        }
      />

      <ReportSection
        id="support-backlog"
        title={t("reports.support.backlog.title")}
        note={t("reports.support.backlog.note")}
        {...common}
        table={backlog}
        empty={data && data.backlog.total === 0 ? <EmptyState title={t("reports.support.backlog.empty")}>{t("reports.support.backlog.empty.help")}</EmptyState> : undefined}
        csvName="support-backlog.csv"
        chart={
          <Suspense fallback={chartFallback}>
            <BarChart
              label={t("reports.support.backlog.chart")}
              description={t("reports.chart.twin")}
              labels={(data?.backlog.by_age ?? []).map((a) => ageLabel(a.key))}
              series={[{ label: t("reports.support.series.open"), data: (data?.backlog.by_age ?? []).map((a) => a.value), tone: 2 }]}
              format={wholeCount}
              size="small"
            />
          </Suspense>
        }
        extra={
          data && (
            <dl className={styles.facts}>
              {data.backlog.by_status.map((s) => (
                <div key={s.key}>
                  <dt>{optionLabel("status", s.key)}</dt>
                  <dd>{formatNumber(s.value)}</dd>
                </div>
              ))}
            </dl>
          )
        }
      />
    </>
  );
}
