// One report on the page: title, a note on what it covers, the chart and its table side by side
// (stacked on a phone) and the CSV download of the table.
import type { ReactNode } from "react";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { t } from "../../i18n";
import { downloadCsv, toCsv } from "./csv";
import { tableCsvRows, type ReportTable } from "./tables";
import { ReportTableView } from "./ReportTableView";
import styles from "./Reports.module.css";

export interface ReportSectionProps {
  id: string;
  title: string;
  note?: ReactNode;
  loading: boolean;
  error?: unknown;
  retry?: () => void;
  table?: ReportTable | undefined;
  empty?: ReactNode;
  chart?: ReactNode;
  extra?: ReactNode;
  /** A control of this report alone (the funnel's pipeline), beside the CSV download. */
  action?: ReactNode;
  csvName: string;
  /** The chart above the table instead of beside it (wide tables are always so). */
  stacked?: boolean;
}

export function ReportSection({ id, title, note, loading, error, retry, table, empty, chart, extra, action, csvName, stacked = false }: ReportSectionProps) {
  const headingId = `${id}-heading`;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <div className={styles.sectionHead}>
        <h2 id={headingId}>{title}</h2>
        <div className={styles.sectionActions}>
          {action}
          {table && table.rows.length > 0 && (
            <Button size="small" onClick={() => downloadCsv(csvName, toCsv(tableCsvRows(table)))} aria-label={t("reports.csv.label", { report: title })}>
              <Icon name="download" />
              {t("reports.csv")}
            </Button>
          )}
        </div>
      </div>
      {note && <p className={styles.note}>{note}</p>}
      {error ? (
        <ErrorNotice error={error} retry={retry} />
      ) : loading || !table ? (
        <div className={styles.body}>
          <Skeleton block />
          <Skeleton lines={5} />
        </div>
      ) : table.rows.length === 0 || empty ? (
        empty
      ) : (
        <>
          <div className={`${styles.body} ${stacked || table.columns.length > 5 ? styles.stacked : ""}`}>
            <div className={styles.chart}>{chart}</div>
            <ReportTableView table={table} caption={title} />
          </div>
          {extra}
        </>
      )}
    </section>
  );
}
