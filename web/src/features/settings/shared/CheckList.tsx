import type { ReactNode } from "react";
import { toggled } from "./actions";
import styles from "./settings.module.css";

/** A labelled group of checkboxes choosing a set of ids (a user's teams, a team's members…). */
export function CheckList({
  legend,
  options,
  value,
  onChange,
  empty,
  error,
}: {
  legend: string;
  options: { id: string; label: string }[];
  value: string[];
  onChange: (ids: string[]) => void;
  /** Said when there is nothing to choose from. */
  empty?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <fieldset className={styles.checks}>
      <legend>{legend}</legend>
      {options.length === 0 && empty && <span className={styles.muted}>{empty}</span>}
      {options.map((o) => (
        <label key={o.id} className={styles.check}>
          <input type="checkbox" checked={value.includes(o.id)} onChange={(e) => onChange(toggled(value, o.id, e.target.checked))} />
          {o.label}
        </label>
      ))}
      {error && (
        <span className={styles.alert} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
