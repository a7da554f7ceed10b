// When a job runs or ended, in words.
import { formatDateTime, formatRelative, t } from "../../../i18n";
import type { Job } from "./jobs";

/** Queued: when it runs; running: since when; ended: when. The exact time on hover. */
export function When({ job }: { job: Job }) {
  const [key, at] =
    job.state === "queued"
      ? (["jobs.when.runs", job.run_at] as const)
      : job.state === "running"
        ? (["jobs.when.started", job.started_at ?? job.updated_at] as const)
        : (["jobs.when.finished", job.finished_at ?? job.updated_at] as const);
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {t(key, { when: formatRelative(at) })}
    </time>
  );
}
