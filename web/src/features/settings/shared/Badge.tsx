import type { ReactNode } from "react";
import { t, type MessageKey } from "../../../i18n";
import styles from "./settings.module.css";

export type Tone = "neutral" | "ok" | "warn" | "danger" | "accent";

/**
 * A small status pill. Its text says the status; the colour only helps scanning, and a mark before
 * the text ("✓", "✕") tells states apart without it.
 */
export function Badge({ tone = "neutral", mark, children }: { tone?: Tone; mark?: string; children: ReactNode }) {
  return (
    <span className={`${styles.badge} ${tone === "neutral" ? "" : styles[tone]}`}>
      {mark && <span aria-hidden="true">{mark}</span>}
      {children}
    </span>
  );
}

/** A state (a job's, a webhook's, a delivery's) as a badge: its tone, its mark and its word. */
export interface BadgeState {
  tone: Tone;
  mark: string;
  label: MessageKey;
}

export function StateBadge({ state }: { state: BadgeState }) {
  return (
    <Badge tone={state.tone} mark={state.mark}>
      {t(state.label)}
    </Badge>
  );
}
