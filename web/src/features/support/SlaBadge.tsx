// SLA badges that count down: "First response · 2h 05m left", amber in the last hour, red with
// "breached 35m ago" after; a met target says so, and a paused one (pending, on hold) too. The time is re-read every 30 seconds. Rendered
// only for tickets that carry `sla` (servers with SLA policies); nothing otherwise.
import { useEffect, useState } from "react";
import { formatDateTime, t, type MessageKey } from "../../i18n";
import { Icon } from "../../components/Icon";
import { nextTarget, readSla, shortDuration, SLA_TARGETS, targetState, type SlaTarget, type SlaTargetName } from "./sla";
import styles from "./support.module.css";

/** Now, refreshed every `ms` (one timer per component using it). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

function Badge({ name, target, now, compact }: { name: SlaTargetName; target: SlaTarget; now: number; compact?: boolean }) {
  const state = targetState(target, now);
  if (state.kind === "none") return null;
  const label = t(`support.sla.${name}` as MessageKey);
  let text: string;
  let tone: string;
  if (state.kind === "met") {
    text = t("support.sla.met");
    tone = styles.slaMet!;
  } else if (state.kind === "paused") {
    text = t("support.sla.paused");
    tone = styles.slaPaused!;
  } else if (state.kind === "breached") {
    text = state.overdueMs > 0 ? t("support.sla.breachedAgo", { time: shortDuration(state.overdueMs) }) : t("support.sla.breached");
    tone = styles.slaBreached!;
  } else {
    text = t("support.sla.left", { time: shortDuration(state.leftMs) });
    tone = state.kind === "warning" ? styles.slaWarning! : styles.slaRunning!;
  }
  const title = target.due_at ? t("support.sla.due", { when: formatDateTime(target.due_at) }) : undefined;
  return (
    <span className={`${styles.sla} ${tone}`} title={title}>
      <Icon name={state.kind === "met" ? "check" : state.kind === "breached" ? "warning" : state.kind === "paused" ? "pause" : "clock"} size={14} />
      {compact ? <span className="visually-hidden">{label}: </span> : <span className={styles.slaName}>{label}</span>}
      <span>{text}</span>
    </span>
  );
}

/** Every target of the ticket's SLA (the ticket page's header). */
export function SlaBadges({ ticket }: { ticket: Record<string, unknown> }) {
  const now = useNow();
  const sla = readSla(ticket);
  if (!sla) return null;
  return (
    <div className={styles.slaList} role="group" aria-label={t("support.sla.title")}>
      {SLA_TARGETS.map((name) => {
        const target = sla[name];
        return target ? <Badge key={name} name={name} target={target} now={now} /> : null;
      })}
    </div>
  );
}

/** The target due next, compact (the inbox's SLA column). */
export function SlaCell({ ticket }: { ticket: Record<string, unknown> }) {
  const now = useNow();
  const next = nextTarget(readSla(ticket));
  if (!next) return null;
  return <Badge name={next.name} target={next.target} now={now} compact />;
}
