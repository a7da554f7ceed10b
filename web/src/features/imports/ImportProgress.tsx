// An import's progress and counts: a bar (the native progressbar, named and valued for screen
// readers) with rows done, rows a second and the time left while it runs; the counts of what it
// created, updated, skipped and refused; the reason when it failed. Announced politely: a screen
// reader hears the state change, not every tick.
import { formatNumber, formatWait, t } from "../../i18n";
import { StateBadge } from "../settings/shared/Badge";
import { isActive, percent, stateBadge, type Import } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

export function ImportCounts({ i }: { i: Pick<Import, "counts" | "dry_run"> }) {
  const c = i.counts;
  const items: [string, number, string?][] = [
    [t("imports.counts.read"), c.read],
    [i.dry_run ? t("imports.counts.wouldCreate") : t("imports.counts.created"), c.created],
    [i.dry_run ? t("imports.counts.wouldUpdate") : t("imports.counts.updated"), c.updated],
    [t("imports.counts.skipped"), c.skipped],
    [t("imports.counts.failed"), c.failed, c.failed > 0 ? styles.failedCount : undefined],
  ];
  return (
    <dl className={styles.counts}>
      {items.map(([label, n, cls]) => (
        <div key={label} className={cls}>
          <dt>{label}</dt>
          <dd className="num">{formatNumber(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ImportProgress({ i }: { i: Import }) {
  const active = isActive(i.state);
  const p = i.progress;
  const pct = percent(i);
  return (
    <div className={styles.progress}>
      <div className={styles.progressHead}>
        <span aria-live="polite">
          <StateBadge state={stateBadge(i.state)} />
        </span>
        {active && (
          <span className={shared.muted}>
            {t("imports.progress.rows", { n: formatNumber(p.rows_done) })}
            {p.rows_per_second != null && ` · ${t("imports.progress.rate", { n: formatNumber(p.rows_per_second) })}`}
            {p.eta_seconds != null && ` · ${t("imports.progress.eta", { wait: formatWait(p.eta_seconds) })}`}
          </span>
        )}
        {!active && p.rows_per_second != null && i.state !== "undone" && (
          <span className={shared.muted}>{t("imports.progress.rateDone", { n: formatNumber(p.rows_per_second) })}</span>
        )}
      </div>
      <progress
        className={styles.bar}
        max={100}
        value={i.state === "queued" ? undefined : pct}
        aria-label={i.dry_run ? t("imports.progress.labelDry") : t("imports.progress.label")}
        aria-valuetext={i.state === "queued" ? t("imports.state.queued") : t("imports.progress.percent", { n: pct })}
      />
      <ImportCounts i={i} />
      {i.state === "failed" && i.error && (
        <p className={shared.alert} role="alert">
          {t("imports.failed.reason", { reason: i.error })}
        </p>
      )}
    </div>
  );
}
