import { useId, type ReactNode } from "react";
import { fieldStyles } from "../../../components/Field";
import styles from "./settings.module.css";

/** A labelled native select (keyboard and screen readers for free) with its server error under it. */
export function SelectField({
  label,
  value,
  onChange,
  error,
  children,
  disabled,
  help,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  children: ReactNode;
  disabled?: boolean;
  /** A line under the select saying what the choice means. */
  help?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className={styles.select}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : help ? `${id}-help` : undefined}
      >
        {children}
      </select>
      {help && !error && (
        <span id={`${id}-help`} className={fieldStyles.help}>
          {help}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
