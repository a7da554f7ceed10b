import type { ReactNode } from "react";
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
