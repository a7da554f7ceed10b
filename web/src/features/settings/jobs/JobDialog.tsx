// A job in full: its state and times, the whole last error, the payload it works on and every
// attempt (where it ran, how it ended, why it failed), with Retry or Cancel when its state allows.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { formatDateTime, t } from "../../../i18n";
import { Badge } from "../shared/Badge";
import { Loaded } from "../shared/Loaded";
import { SettingsTable } from "../shared/SettingsTable";
import { canCancel, canRetry, jobKey, stateBadge, type Job, type JobDetail } from "./jobs";
import { StateBadge } from "../shared/Badge";
import styles from "../shared/settings.module.css";
import own from "./jobs.module.css";

type Attempt = JobDetail["attempt_log"][number];
const outcomeTone = (o: Attempt["outcome"]) => (o === "succeeded" ? "ok" : o === "failed" ? "danger" : "warn");

export function JobDialog({
  id,
  onClose,
  onRetry,
  onCancel,
}: {
  id: string;
  onClose: () => void;
  onRetry: (job: Job) => void;
  onCancel: (job: Job) => void;
}) {
  const job = useQuery({ queryKey: jobKey(id), queryFn: async () => must(await api.GET("/api/v1/jobs/{id}", { params: { path: { id } } })) });
  const j = job.data;
  return (
    <Dialog
      title={j ? t("jobs.detailTitle", { type: j.type }) : t("jobs.detailLoading")}
      onClose={onClose}
      wide
      footer={
        <>
          {j && canCancel(j.state) && (
            <Button variant="danger" onClick={() => onCancel(j)}>
              {t("jobs.cancel")}
            </Button>
          )}
          {j && canRetry(j.state) && <Button onClick={() => onRetry(j)}>{t("jobs.retry")}</Button>}
          <Button variant="primary" onClick={onClose}>
            {t("common.close")}
          </Button>
        </>
      }
    >
      <Loaded query={job}>
        {(d) => (
          <div className={own.detail}>
            <dl className={styles.facts}>
              <dt>{t("jobs.state")}</dt>
              <dd>
                <StateBadge state={stateBadge(d.state)} />
              </dd>
              <dt>{t("jobs.id")}</dt>
              <dd className={styles.mono}>{d.id}</dd>
              <dt>{t("jobs.created")}</dt>
              <dd>{formatDateTime(d.created_at, true)}</dd>
              <dt>{t("jobs.runAt")}</dt>
              <dd>{formatDateTime(d.run_at, true)}</dd>
              {d.finished_at && (
                <>
                  <dt>{t("jobs.finished")}</dt>
                  <dd>{formatDateTime(d.finished_at, true)}</dd>
                </>
              )}
              <dt>{t("jobs.attempts")}</dt>
              <dd>{d.attempts}</dd>
              <dt>{t("jobs.priority")}</dt>
              <dd>{d.priority}</dd>
            </dl>
            {d.last_error && (
              <section aria-labelledby="job-error">
                <h3 id="job-error" className={own.subTitle}>
                  {t("jobs.lastError")}
                </h3>
                <pre className={`${styles.pre} ${own.error}`}>{d.last_error}</pre>
              </section>
            )}
            <section aria-labelledby="job-payload">
              <h3 id="job-payload" className={own.subTitle}>
                {t("jobs.payload")}
              </h3>
              <pre className={styles.pre} tabIndex={0} role="region" aria-labelledby="job-payload">
                {JSON.stringify(d.payload ?? null, null, 2)}
              </pre>
            </section>
            <section aria-labelledby="job-attempts">
              <h3 id="job-attempts" className={own.subTitle}>
                {t("jobs.attemptLog")}
              </h3>
              <SettingsTable
                label={t("jobs.attemptLog")}
                rows={d.attempt_log}
                rowKey={(a) => String(a.attempt)}
                empty={{ title: t("jobs.noAttempts") }}
                columns={[
                  { header: t("jobs.attempt"), primary: true, numeric: true, cell: (a) => a.attempt },
                  {
                    header: t("jobs.outcome"),
                    cell: (a) => <Badge tone={outcomeTone(a.outcome)}>{t(`jobs.outcome.${a.outcome}`)}</Badge>,
                  },
                  { header: t("jobs.started"), cell: (a) => formatDateTime(a.started_at, true) },
                  { header: t("jobs.tookMs"), numeric: true, cell: (a) => Math.max(0, new Date(a.finished_at).getTime() - new Date(a.started_at).getTime()) },
                  { header: t("jobs.node"), cell: (a) => <span className={`${styles.mono} ${styles.small}`}>{a.node}</span> },
                  { header: t("jobs.error"), cell: (a) => (a.error ? <span className={own.errorText}>{a.error}</span> : t("common.none")) },
                ]}
              />
            </section>
          </div>
        )}
      </Loaded>
    </Dialog>
  );
}
