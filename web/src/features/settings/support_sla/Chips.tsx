// A list of chosen values shown as chips, each with a remove button named for what it removes
// (holidays, companies, tags). A value the server refused (its path given in `errors`) is marked and
// its message said under the list.
import { fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { t } from "../../../i18n";
import styles from "./sla.module.css";

export function Chips({
  values,
  label,
  onRemove,
  errorAt,
  empty,
}: {
  values: readonly string[];
  /** The chip's text for a value (a company's name for its id). */
  label?: (value: string) => string;
  onRemove: (value: string) => void;
  /** The server's error for the value at index i, if any. */
  errorAt?: (i: number) => string | undefined;
  empty?: string;
}) {
  if (values.length === 0) return empty ? <p className={styles.explain}>{empty}</p> : null;
  const errors = values.map((_, i) => errorAt?.(i)).filter(Boolean);
  return (
    <>
      <ul className={styles.chips}>
        {values.map((v, i) => {
          const text = label ? label(v) : v;
          return (
            <li key={v} className={styles.chip} aria-invalid={errorAt?.(i) ? true : undefined}>
              <span className={styles.chipText}>{text}</span>
              <button type="button" className={styles.chipRemove} onClick={() => onRemove(v)} aria-label={t("sla.remove", { name: text })}>
                <Icon name="close" size={14} />
              </button>
            </li>
          );
        })}
      </ul>
      {errors.map((e, i) => (
        <span key={i} className={fieldStyles.error} role="alert">
          {e}
        </span>
      ))}
    </>
  );
}
