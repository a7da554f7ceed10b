// The report editor (/reports/custom/new, /reports/custom/:id): the object, its filters (the list
// page's own filter bar and dialog), up to two group-bys, the measures, the sort and the chart type
// on the left; the live preview on the right (the report runs 300 ms after the last change, the
// previous answer staying on screen meanwhile). Save (a new report, or the changes with If-Match),
// save as a copy, rename, share (private, a team, the workspace), delete, CSV and XLSX of the
// figures. The chart type is saved with the report (its definition's chart) and mirrored in the URL
// (?chart=, which wins when present, so a shared link opens the same chart); it is what a dashboard
// widget starts with and what a chart widget without its own type draws.
import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must, raw } from "../../api/client";
import { saveBlob } from "../../api/files";
import { isApiError } from "../../api/problem";
import { OBJECT_TYPES, type ObjectType } from "../../api/types";
import { isAdmin, scopeOf, useMe } from "../../app/session";
import { useUsers } from "../../app/users";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { FilterBar } from "../../components/filters/FilterBar";
import { fieldStyles } from "../../components/Field";
import { useToast } from "../../components/Toast";
import { useDebounced } from "../../components/fields/RecordPicker";
import { formatDate, t } from "../../i18n";
import { objects } from "../records/objects";
import { useListFields, usePipelineNames } from "../records/list/data";
import { FilterDialog } from "../records/list/FilterDialog";
import { chipSentence } from "../records/list/sentences";
import { fieldLabel, optionLabel } from "../records/list/labels";
import { withFilter, type Filter } from "../records/list/state";
import { DeleteConfirm } from "../settings/shared/DeleteConfirm";
import { analyticsKeys, useReportRun, useSavedReport, type SavedReport, type Visibility } from "./api";
import { ScheduleDialog } from "./ScheduleDialog";
import { SharingFields } from "./SharingFields";
import { CHART_TYPES, fromDefinition, measuresReady, newState, toDefinition, type ChartType, type EditorState } from "./definition";
import { GroupRows, MeasureRows, SortSelect } from "./GroupMeasureControls";
import { ReportView } from "./ReportView";
import { ReportsNav } from "./ReportsNav";
import styles from "./analytics.module.css";

const CHART_LABEL = { bar: "analytics.chart.bar", line: "analytics.chart.line", area: "analytics.chart.area", pie: "analytics.chart.pie", table: "analytics.chart.table" } as const;

export default function ReportEditorPage() {
  const { id } = useParams();
  const existing = id && id !== "new" ? id : null;
  const saved = useSavedReport(existing);
  if (existing && saved.isPending) return <Skeleton lines={8} />;
  if (existing && saved.error) return <ErrorNotice error={saved.error} retry={() => void saved.refetch()} />;
  return <Editor key={existing ?? "new"} saved={existing ? (saved.data ?? null) : null} />;
}

function readableObjects(me: ReturnType<typeof useMe>): ObjectType[] {
  return OBJECT_TYPES.filter((o) => scopeOf(me, o, "read") !== "none");
}

function Editor({ saved }: { saved: SavedReport | null }) {
  const me = useMe();
  const navigate = useNavigate();
  const toast = useToast();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const choices = readableObjects(me);
  const askedObject = params.get("object");
  const [state, setState] = useState<EditorState>(() =>
    saved ? fromDefinition(saved.definition) : newState(askedObject && (choices as string[]).includes(askedObject) ? askedObject : (choices.includes("deals") ? "deals" : (choices[0] ?? "deals"))),
  );
  const [name, setName] = useState(saved?.name ?? "");
  const [visibility, setVisibility] = useState<Visibility>(saved?.visibility ?? "private");
  const [teamId, setTeamId] = useState(saved?.team_id ?? "");
  const [version, setVersion] = useState(saved?.version ?? 0);
  const [filterOpen, setFilterOpen] = useState<{ index?: number } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  // The chart type is in the URL (a shared link opens the same chart) and in state: the router
  // applies URL changes in a transition, so a radio controlled by the URL alone springs back until
  // that transition commits, and on a busy machine a click can seem not to take.
  const [chart, setChartState] = useState<ChartType>(() =>
    (CHART_TYPES as readonly string[]).includes(params.get("chart") ?? "") ? (params.get("chart") as ChartType) : (saved?.definition.chart ?? "bar"),
  );
  const setChart = (c: ChartType) => {
    setChartState(c);
    const p = new URLSearchParams(params);
    p.set("chart", c);
    setParams(p, { replace: true });
  };

  const object = state.object as ObjectType;
  const { fields } = useListFields(object);
  const users = useUsers();
  const { stages, pipelines } = usePipelineNames(true);
  const definition = useMemo(() => toDefinition(state), [state]);
  const ready = measuresReady(state.measures);
  const debounced = useDebounced(ready ? definition : null, 300);
  const run = useReportRun(debounced);
  const title = name.trim() || t("analytics.untitled");
  const canChange = !saved || saved.owner_id === me.user_id || (isAdmin(me) && saved.visibility !== "private");

  const update = (next: Partial<EditorState>) => setState((s) => ({ ...s, ...next }));

  const describe = (f: Filter) => {
    const field = fields.find((x) => x.name === f.field);
    const value = (v: string) => {
      switch (field?.kind) {
        case "user":
          return v === me.user_id ? t("lists.filter.me") : (users.data?.find((u) => u.id === v)?.name ?? v);
        case "stage":
          return stages.get(v)?.name ?? "…";
        case "pipeline":
          return pipelines.get(v) ?? "…";
        case "enum":
          return optionLabel(v);
        case "boolean":
          return v === "true" ? t("common.yes") : t("common.no");
        case "date":
        case "datetime":
          return /^\d{4}-\d{2}-\d{2}/.test(v) ? formatDate(v.slice(0, 10)) : v;
        default:
          return v;
      }
    };
    return chipSentence(field ? fieldLabel(field) : fieldLabel(f.field), field?.kind ?? "text", f, value);
  };

  async function save(asCopy: boolean) {
    setSaveError(null);
    if (!name.trim()) {
      setSaveError(t("analytics.nameNeeded"));
      document.getElementById("report-name")?.focus();
      return;
    }
    setBusy(true);
    const sharing = { visibility, team_id: visibility === "team" ? teamId || null : null };
    try {
      if (saved && !asCopy) {
        const r = must(await api.PATCH("/api/v1/saved-reports/{id}", { params: { path: { id: saved.id }, header: { "If-Match": `"${version}"` } }, body: { name: name.trim(), ...sharing, definition: { ...definition, chart } } }));
        setVersion(r.version);
        queries.setQueryData(analyticsKeys.report(saved.id), r);
        toast({ text: t("analytics.saved", { name: r.name }) });
      } else {
        const r = must(await api.POST("/api/v1/saved-reports", { body: { name: asCopy ? t("analytics.copyName", { name: name.trim() }) : name.trim(), ...sharing, definition: { ...definition, chart } } }));
        queries.setQueryData(analyticsKeys.report(r.id), r);
        toast({ text: t("analytics.saved", { name: r.name }) });
        navigate(`/reports/custom/${r.id}?chart=${chart}`, { replace: !saved });
      }
      void queries.invalidateQueries({ queryKey: analyticsKeys.reports });
    } catch (e) {
      setSaveError(isApiError(e) ? (e.status === 412 ? t("analytics.conflict") : (e.problem.errors?.[0] ? `${e.problem.errors[0].field}: ${e.problem.errors[0].message}` : (e.problem.detail ?? e.problem.title))) : t("app.error.network"));
    } finally {
      setBusy(false);
    }
  }

  // Ctrl/Cmd+S saves wherever the focus is.
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void saveRef.current(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  async function download(format: "csv" | "xlsx") {
    try {
      const r = await raw(`/api/v1/reports/run?format=${format}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(definition) });
      saveBlob(await r.blob(), `${(name.trim() || "report").replace(/[^\p{L}\p{N} _-]+/gu, "")}.${format}`);
    } catch (e) {
      toast({ tone: "error", text: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") });
    }
  }

  const editingFilter = filterOpen?.index !== undefined ? state.filters[filterOpen.index] : undefined;
  const runError = run.error;
  const runProblem = isApiError(runError) ? (runError.problem.errors?.map((x) => `${x.field}: ${x.message}`).join(" · ") || runError.problem.detail || runError.problem.title) : null;

  return (
    <>
      <PageHeader title={saved ? saved.name : t("analytics.newReport")}>
        <Button size="small" onClick={() => void download("csv")} disabled={!ready}>
          <Icon name="download" size={16} />
          {t("analytics.csv")}
        </Button>
        <Button size="small" onClick={() => void download("xlsx")} disabled={!ready}>
          <Icon name="download" size={16} />
          {t("analytics.xlsx")}
        </Button>
        {saved && (
          <Button size="small" onClick={() => void save(true)} disabled={busy}>
            {t("analytics.saveCopy")}
          </Button>
        )}
        {saved && canChange && (
          <Button size="small" onClick={() => setScheduling(true)}>
            <Icon name="mail" size={16} />
            {t("analytics.schedule.open")}
          </Button>
        )}
        {saved && canChange && (
          <Button size="small" variant="danger" onClick={() => setDeleting(true)}>
            <Icon name="trash" size={16} />
            {t("analytics.delete")}
          </Button>
        )}
        <Button variant="primary" onClick={() => void save(false)} disabled={busy || !ready || !canChange} aria-keyshortcuts="Control+S">
          {saved ? t("analytics.save") : t("analytics.saveNew")}
        </Button>
      </PageHeader>
      <div className={styles.page}>
        <ReportsNav current="custom" />
        <div className={styles.editor}>
          <form className={styles.panel} aria-label={t("analytics.definition")} onSubmit={(e) => e.preventDefault()}>
            <div className={styles.field}>
              <label htmlFor="report-name">{t("analytics.name")}</label>
              <input id="report-name" className={fieldStyles.input} value={name} maxLength={200} placeholder={t("analytics.namePlaceholder")} onChange={(e) => setName(e.target.value)} aria-invalid={saveError === t("analytics.nameNeeded") || undefined} />
            </div>
            <SharingFields visibility={visibility} teamId={teamId} onVisibility={setVisibility} onTeam={setTeamId} />
            {saveError && (
              <p className={styles.error} role="alert">
                {saveError}
              </p>
            )}
            <div className={styles.field}>
              <label htmlFor="report-object">{t("analytics.object")}</label>
              <select id="report-object" className={fieldStyles.input} value={state.object} onChange={(e) => setState({ ...newState(e.target.value), measures: [{ op: "count", field: "" }] })}>
                {choices.map((o) => (
                  <option key={o} value={o}>
                    {objects[o].plural}
                  </option>
                ))}
              </select>
            </div>
            <div className={styles.field}>
              <span className={styles.legend}>{t("analytics.filters")}</span>
              <FilterBar
                flush
                chips={state.filters.map((f, i) => ({ id: String(i), sentence: describe(f) }))}
                onAdd={() => setFilterOpen({})}
                onEdit={(i) => setFilterOpen({ index: Number(i) })}
                onRemove={(i) => update({ filters: state.filters.filter((_, j) => j !== Number(i)) })}
                onClear={() => update({ filters: [] })}
              />
            </div>
            <GroupRows state={state} fields={fields} onChange={(groups) => update({ groups, sort: "" })} />
            <MeasureRows state={state} fields={fields} onChange={(measures) => update({ measures, sort: "" })} />
            <SortSelect state={state} fields={fields} onChange={(sort) => update({ sort })} />
            <fieldset className={styles.fieldset}>
              <legend>{t("analytics.chartType")}</legend>
              <div className={styles.segmented}>
                {CHART_TYPES.map((c) => (
                  <label key={c} className={styles.segment}>
                    <input type="radio" name="chart" value={c} checked={chart === c} onChange={() => setChart(c)} />
                    <span>{t(CHART_LABEL[c])}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </form>
          <section className={styles.preview} aria-labelledby="preview-heading" aria-busy={run.isFetching}>
            <div className={styles.previewHead}>
              <h2 id="preview-heading">{title}</h2>
              <span className={styles.quiet} aria-live="polite">
                {run.isFetching ? t("analytics.running") : run.data ? t("analytics.previewOf", { object: objects[object]?.plural ?? object }) : ""}
              </span>
            </div>
            {!ready ? (
              <p className={styles.quiet}>{t("analytics.pickField")}</p>
            ) : runProblem && !run.isFetching ? (
              <p className={styles.error} role="alert">
                {runProblem}
              </p>
            ) : runError ? null : run.data ? (
              <ReportView answer={run.data} title={title} chart={chart} fields={fields} filters={state.filters} withTable />
            ) : (
              <Skeleton block />
            )}
          </section>
        </div>
      </div>
      {filterOpen && (
        <FilterDialog
          fields={fields}
          initial={editingFilter}
          meId={me.user_id ?? ""}
          users={users.data ?? []}
          stages={stages}
          pipelines={pipelines}
          siblings={editingFilter ? state.filters.filter((x) => x !== editingFilter) : state.filters}
          onClose={() => setFilterOpen(null)}
          onApply={(f, currency) => {
            const rest = editingFilter ? state.filters.filter((x) => x !== editingFilter) : state.filters;
            const filters = withFilter(rest, f);
            update({ filters: currency ? withFilter(filters, currency) : filters });
            setFilterOpen(null);
          }}
        />
      )}
      {scheduling && saved && <ScheduleDialog report={saved} canCreate={saved.owner_id === me.user_id} onClose={() => setScheduling(false)} />}
      {deleting && saved && (
        <DeleteConfirm
          title={t("analytics.deleteTitle", { name: saved.name })}
          confirm={t("analytics.deleteNamed", { name: saved.name })}
          done={t("analytics.deleted", { name: saved.name })}
          remove={async () => {
            must(await api.DELETE("/api/v1/saved-reports/{id}", { params: { path: { id: saved.id }, header: { "If-Match": `"${version}"` } } }));
            navigate("/reports/custom");
          }}
          refresh={[analyticsKeys.reports]}
          onClose={() => setDeleting(false)}
        >
          <p>{t("analytics.deleteText")}</p>
        </DeleteConfirm>
      )}
    </>
  );
}
