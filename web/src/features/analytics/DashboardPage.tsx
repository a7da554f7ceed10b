// A dashboard (/reports/dashboards/:id): its widgets on a 12-column grid, each a saved report as a
// chart, a table or a KPI tile (GET …/data runs them for the viewer). Figures link to the records
// behind them (drill-down). Edit mode (?edit=1, for who may change it) arranges the grid: drag a
// widget by its handle or its corner, or with the keyboard focus the handle and use the arrows
// (Shift+arrows resize); widgets push each other and rise to close holes (grid.ts). Add a widget
// from a saved report, remove one; Save sends the widgets with If-Match (a 412 says someone else
// changed the dashboard meanwhile).
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { isApiError } from "../../api/problem";
import type { ObjectType } from "../../api/types";
import { isAdmin, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { EmptyState } from "../../components/EmptyState";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { useListFields } from "../records/list/data";
import { fieldLabel } from "../records/list/labels";
import { analyticsKeys, useDashboard, useDashboardData, useSavedReports, type Dashboard, type DashboardData, type SavedReport, type Widget } from "./api";
import { fromDefinition, measureKey, type ChartType } from "./definition";
import { freeSpot, keyStep, place, type Box } from "./grid";
import { BUCKET_LABEL, measureHeader } from "./headers";
import { KpiTile } from "./KpiTile";
import { ReportView } from "./ReportView";
import { ReportsNav } from "./ReportsNav";
import { AddWidgetDialog } from "./AddWidgetDialog";
import styles from "./analytics.module.css";

/** Grid row height and gap in CSS pixels (analytics.module.css uses the same). */
const ROW = 72;
const GAP = 12;

interface Item {
  widget: Widget;
  /** Its index in the figures last loaded (null: added since, figures after saving). */
  data: number | null;
}

export default function DashboardPage() {
  const { id = "" } = useParams();
  const dashboard = useDashboard(id);
  if (dashboard.isPending) return <Skeleton lines={8} />;
  if (dashboard.error) return <ErrorNotice error={dashboard.error} retry={() => void dashboard.refetch()} />;
  return <DashboardView key={`${dashboard.data.id}:${dashboard.data.version}`} dashboard={dashboard.data} />;
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const me = useMe();
  const toast = useToast();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const data = useDashboardData(dashboard.id);
  const reports = useSavedReports();
  const mayChange = dashboard.owner_id === me.user_id || (isAdmin(me) && dashboard.visibility !== "private");
  const editing = mayChange && params.get("edit") === "1";
  const [items, setItems] = useState<Item[]>(() => dashboard.widgets.map((widget, i) => ({ widget, data: i })));
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState("");
  const [error, setError] = useState<string | null>(null);
  const grid = useRef<HTMLDivElement>(null);

  const setEditing = (on: boolean) => {
    const p = new URLSearchParams(params);
    if (on) p.set("edit", "1");
    else p.delete("edit");
    setParams(p, { replace: true });
  };

  const reportName = useCallback((rid: string) => reports.data?.find((r) => r.id === rid)?.name ?? data.data?.widgets.find((w) => w.saved_report_id === rid)?.name ?? "…", [reports.data, data.data]);

  const move = (index: number, box: Box, say = false) => {
    setItems((all) => {
      const boxes = place(all.map((it) => it.widget), index, box);
      return all.map((it, i) => ({ ...it, widget: boxes[i]! }));
    });
    if (say) setAnnounce(t("analytics.grid.position", { name: reportName(items[index]!.widget.saved_report_id), x: box.x + 1, y: box.y + 1, w: box.w, h: box.h }));
  };

  async function save() {
    setBusy(true);
    setError(null);
    try {
      must(await api.PATCH("/api/v1/dashboards/{id}", { params: { path: { id: dashboard.id }, header: { "If-Match": `"${dashboard.version}"` } }, body: { widgets: items.map((it) => it.widget) } }));
      toast({ text: t("analytics.dashboardSaved", { name: dashboard.name }) });
      setEditing(false);
      await queries.invalidateQueries({ queryKey: analyticsKeys.dashboard(dashboard.id) });
      void queries.invalidateQueries({ queryKey: analyticsKeys.dashboards });
    } catch (e) {
      setError(isApiError(e) ? (e.status === 412 ? t("analytics.dashboardConflict") : (e.problem.errors?.[0]?.message ?? e.problem.detail ?? e.problem.title)) : t("app.error.network"));
    } finally {
      setBusy(false);
    }
  }

  const height = Math.max(4, ...items.map((it) => it.widget.y + it.widget.h));
  return (
    <>
      <PageHeader title={dashboard.name}>
        {editing ? (
          <>
            <Button size="small" onClick={() => setAdding(true)}>
              <Icon name="plus" size={16} />
              {t("analytics.addWidget")}
            </Button>
            <Button
              size="small"
              onClick={() => {
                setItems(dashboard.widgets.map((widget, i) => ({ widget, data: i })));
                setEditing(false);
              }}
            >
              {t("common.cancel")}
            </Button>
            <Button variant="primary" onClick={() => void save()} disabled={busy}>
              {t("analytics.saveLayout")}
            </Button>
          </>
        ) : (
          mayChange && (
            <Button variant="primary" onClick={() => setEditing(true)}>
              {t("analytics.editDashboard")}
            </Button>
          )
        )}
      </PageHeader>
      <div className={styles.page}>
        <ReportsNav current="dashboards" />
        {editing && <p className={styles.quiet}>{t("analytics.grid.help")}</p>}
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
        <p className="visually-hidden" aria-live="polite">
          {announce}
        </p>
        {items.length === 0 ? (
          <EmptyState
            title={t("analytics.dashboard.empty.title")}
            action={mayChange ? <Button variant="primary" onClick={() => (setEditing(true), setAdding(true))}>{t("analytics.addWidget")}</Button> : undefined}
          >
            {t("analytics.dashboard.empty.body")}
          </EmptyState>
        ) : (
          <div ref={grid} className={`${styles.grid} ${editing ? styles.editing : ""}`} style={{ gridTemplateRows: `repeat(${height}, ${ROW}px)` }}>
            {readingOrder(items).map(([it, i]) => (
              <WidgetCard
                key={i}
                item={it}
                index={i}
                figures={it.data !== null && data.data && !data.isPlaceholderData ? data.data.widgets[it.data] : undefined}
                loading={data.isPending}
                report={reports.data?.find((r) => r.id === it.widget.saved_report_id)}
                name={reportName(it.widget.saved_report_id)}
                editing={editing}
                grid={grid}
                onMove={(box, say) => move(i, box, say)}
                onRemove={() => setItems((all) => all.filter((_, j) => j !== i))}
              />
            ))}
          </div>
        )}
      </div>
      {adding && (
        <AddWidgetDialog
          reports={reports.data ?? []}
          onClose={() => setAdding(false)}
          onAdd={(w) => {
            setItems((all) => [...all, { widget: { ...w, ...freeSpot(all.map((x) => x.widget), w.w, w.h) }, data: null }]);
            setAdding(false);
          }}
        />
      )}
    </>
  );
}

/** The widgets top to bottom, left to right: the order of the page for the keyboard and on a phone. */
function readingOrder(items: Item[]): [Item, number][] {
  return items.map((it, i) => [it, i] as [Item, number]).sort(([a], [b]) => a.widget.y - b.widget.y || a.widget.x - b.widget.x);
}

function WidgetCard({ item, index, figures, loading, report, name, editing, grid, onMove, onRemove }: {
  item: Item;
  index: number;
  figures: DashboardData["widgets"][number] | undefined;
  loading: boolean;
  report: SavedReport | undefined;
  name: string;
  editing: boolean;
  grid: React.RefObject<HTMLDivElement | null>;
  onMove: (box: Box, say?: boolean) => void;
  onRemove: () => void;
}) {
  const w = item.widget;
  const drag = useRef<{ x: number; y: number; box: Box; resize: boolean } | null>(null);
  const object = (report?.object ?? figures?.report?.object ?? "deals") as ObjectType;
  const { fields } = useListFields(object);
  const definition = useMemo(() => (report ? fromDefinition(report.definition) : null), [report]);
  const filters = definition?.filters ?? null;
  const headingId = `widget-${index}-heading`;

  const cell = () => {
    const el = grid.current;
    const width = el ? el.clientWidth : 1200;
    return { cw: (width - GAP * 11) / 12 + GAP, rh: ROW + GAP };
  };
  const onPointerDown = (resize: boolean) => (e: PointerEvent<HTMLElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, box: { x: w.x, y: w.y, w: w.w, h: w.h }, resize };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const { cw, rh } = cell();
    const dx = Math.round((e.clientX - d.x) / cw);
    const dy = Math.round((e.clientY - d.y) / rh);
    const next = d.resize ? { ...d.box, w: d.box.w + dx, h: d.box.h + dy } : { ...d.box, x: d.box.x + dx, y: d.box.y + dy };
    if (next.x !== w.x || next.y !== w.y || next.w !== w.w || next.h !== w.h) onMove(next);
  };
  const onPointerUp = () => {
    if (drag.current) onMove({ x: w.x, y: w.y, w: w.w, h: w.h }, true);
    drag.current = null;
  };
  const onKey = (resize: boolean) => (e: KeyboardEvent<HTMLElement>) => {
    const next = keyStep(w, e.key, resize || e.shiftKey);
    if (!next) return;
    e.preventDefault();
    onMove(next, true);
  };

  // A KPI's figures come without the report's answer: its first measure is read from the definition.
  const first = definition?.measures[0];
  const measure =
    figures?.report?.measures[0] ??
    (first ? { key: measureKey(first), op: first.op, ...(first.field ? { field: first.field } : {}), money: fields.find((f) => f.name === first.field)?.kind === "money" } : undefined);
  // A chart widget without its own type draws the report's saved chart type.
  const shown: ChartType = w.type === "table" ? "table" : ((w.chart ?? report?.definition.chart ?? "bar") as ChartType);
  const period = w.period;
  const periodField = period ? fields.find((f) => f.name === period.field) : undefined;
  return (
    <section className={`${styles.widget} ${w.type === "kpi" ? styles.kpiWidget : ""}`} style={{ gridColumn: `${w.x + 1} / span ${w.w}`, gridRow: `${w.y + 1} / span ${w.h}` }} aria-labelledby={headingId}>
      <div className={styles.widgetHead}>
        {editing && (
          <button
            type="button"
            className={styles.handle}
            aria-label={t("analytics.grid.move", { name })}
            onPointerDown={onPointerDown(false)}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onKeyDown={onKey(false)}
          >
            <Icon name="menu" size={16} />
          </button>
        )}
        <h2 id={headingId}>{report ? <Link to={`/reports/custom/${report.id}?chart=${w.type === "kpi" ? (report?.definition.chart ?? "bar") : shown}`}>{name}</Link> : name}</h2>
        {editing && (
          <Button size="small" variant="ghost" aria-label={t("analytics.removeWidget", { name })} onClick={onRemove}>
            <Icon name="close" size={14} />
          </Button>
        )}
      </div>
      <div className={styles.widgetBody}>
        {item.data === null ? (
          <p className={styles.quiet}>{t("analytics.widget.afterSave")}</p>
        ) : loading || !figures ? (
          <Skeleton block />
        ) : figures.problem ? (
          <p className={styles.quiet}>{figures.problem.detail}</p>
        ) : figures.kpi && measure && period ? (
          <KpiTile
            kpi={figures.kpi}
            measure={measure}
            measureName={measureHeader({ op: measure.op, field: measure.field }, fields)}
            object={object}
            filters={filters}
            periodField={period.field}
            periodName={t("analytics.kpi.periodOf", { bucket: t(BUCKET_LABEL[period.bucket]).toLowerCase(), field: periodField ? fieldLabel(periodField) : period.field })}
          />
        ) : figures.report ? (
          <ReportView answer={figures.report} title={name} chart={shown} fields={fields} filters={filters ?? []} size="fill" />
        ) : null}
      </div>
      {editing && (
        <button
          type="button"
          className={styles.resize}
          aria-label={t("analytics.grid.resize", { name })}
          onPointerDown={onPointerDown(true)}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onKeyDown={onKey(true)}
        />
      )}
    </section>
  );
}
