// Adds a widget to a dashboard being edited: a saved report the user sees, shown as a chart (bar,
// line, area, pie), a table, or a KPI tile comparing the current period of one of its date fields
// with the previous one. The widget lands in the first free spot of the grid.
import { useState } from "react";
import type { ObjectType } from "../../api/types";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { fieldStyles } from "../../components/Field";
import { t } from "../../i18n";
import { useListFields } from "../records/list/data";
import { fieldLabel } from "../records/list/labels";
import { objects } from "../records/objects";
import type { SavedReport, Widget } from "./api";
import { BUCKET_LABEL } from "./headers";
import styles from "./analytics.module.css";

type Kind = "bar" | "line" | "area" | "pie" | "table" | "kpi";
const KINDS: Kind[] = ["bar", "line", "area", "pie", "table", "kpi"];
const KIND_LABEL = {
  bar: "analytics.chart.bar",
  line: "analytics.chart.line",
  area: "analytics.chart.area",
  pie: "analytics.chart.pie",
  table: "analytics.chart.table",
  kpi: "analytics.chart.kpi",
} as const;
const PERIODS = ["week", "month", "quarter", "year"] as const;

export function AddWidgetDialog({ reports, onAdd, onClose }: { reports: SavedReport[]; onAdd: (w: Widget) => void; onClose: () => void }) {
  const [reportId, setReportId] = useState(reports[0]?.id ?? "");
  // A widget starts as the report's saved chart type.
  const [kind, setKind] = useState<Kind>(reports[0]?.definition.chart ?? "bar");
  const report = reports.find((r) => r.id === reportId);
  const { fields } = useListFields((report?.object ?? "deals") as ObjectType);
  const dates = fields.filter((f) => (f.kind === "date" || f.kind === "datetime") && f.ops.length > 0);
  const [periodField, setPeriodField] = useState("");
  const [bucket, setBucket] = useState<(typeof PERIODS)[number]>("month");
  const field = dates.some((f) => f.name === periodField) ? periodField : (dates.find((f) => f.name === "created_at")?.name ?? dates[0]?.name ?? "");

  function add() {
    if (!report) return;
    const base = { saved_report_id: report.id, x: 0, y: 0 };
    if (kind === "kpi") onAdd({ ...base, type: "kpi", w: 3, h: 2, period: { field, bucket } });
    else if (kind === "table") onAdd({ ...base, type: "table", w: 6, h: 4 });
    else onAdd({ ...base, type: "chart", chart: kind, w: 6, h: 4 });
  }

  return (
    <Dialog
      title={t("analytics.addWidget")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" type="submit" form="add-widget" disabled={!report || (kind === "kpi" && !field)}>
            {t("analytics.addWidget")}
          </Button>
        </>
      }
    >
      {reports.length === 0 ? (
        <p>{t("analytics.widget.noReports")}</p>
      ) : (
        <form id="add-widget" className={styles.dialogForm} onSubmit={(e) => (e.preventDefault(), add())}>
          <div className={styles.field}>
            <label htmlFor="widget-report">{t("analytics.widget.report")}</label>
            <select id="widget-report" className={fieldStyles.input} value={reportId} onChange={(e) => {
                setReportId(e.target.value);
                setKind(reports.find((r) => r.id === e.target.value)?.definition.chart ?? "bar");
              }}>
              {reports.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} · {objects[r.object as ObjectType]?.plural ?? r.object}
                </option>
              ))}
            </select>
          </div>
          <fieldset className={styles.fieldset}>
            <legend>{t("analytics.widget.showAs")}</legend>
            <div className={styles.segmented}>
              {KINDS.map((k) => (
                <label key={k} className={styles.segment}>
                  <input type="radio" name="widget-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                  <span>{t(KIND_LABEL[k])}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {kind === "kpi" && (
            <div className={styles.twoFields}>
              <div className={styles.field}>
                <label htmlFor="widget-period-field">{t("analytics.widget.periodField")}</label>
                <select id="widget-period-field" className={fieldStyles.input} value={field} onChange={(e) => setPeriodField(e.target.value)}>
                  {dates.map((f) => (
                    <option key={f.name} value={f.name}>
                      {fieldLabel(f)}
                    </option>
                  ))}
                </select>
              </div>
              <div className={styles.field}>
                <label htmlFor="widget-period">{t("analytics.widget.period")}</label>
                <select id="widget-period" className={fieldStyles.input} value={bucket} onChange={(e) => setBucket(e.target.value as (typeof PERIODS)[number])}>
                  {PERIODS.map((b) => (
                    <option key={b} value={b}>
                      {t(BUCKET_LABEL[b])}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
        </form>
      )}
    </Dialog>
  );
}
