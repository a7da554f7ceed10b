import type { ReactNode } from "react";
import styles from "./settings.module.css";

export type Tone = "neutral" | "ok" | "warn" | "danger" | "accent";

/** A small status pill. Its text says the status; the colour only helps scanning. */
export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`${styles.badge} ${tone === "neutral" ? "" : styles[tone]}`}>{children}</span>;
}
