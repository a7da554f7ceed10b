// The filter bar: one chip per condition, read as a sentence ("Owner is me"); a chip opens its
// editor, its × removes it; "Filter" adds one. The caller turns conditions into sentences.
import type { ReactNode } from "react";
import { Icon } from "../Icon";
import { t } from "../../i18n";
import styles from "./FilterBar.module.css";

export interface Chip {
  id: string;
  sentence: string;
}

export interface FilterBarProps {
  chips: Chip[];
  onAdd: () => void;
  onEdit: (id: string) => void;
  onRemove: (id: string) => void;
  onClear: () => void;
  /** The add button's words ("Filter" by default; an automation's "Condition"). */
  addLabel?: string;
  /** Chips the server refused: marked, their sentence said as invalid. */
  invalid?: ReadonlySet<string>;
  /** Without the page's side padding (a bar inside a card, an automation's conditions). */
  flush?: boolean;
  /** Extra controls at the end of the bar (columns, download…). */
  children?: ReactNode;
}

export function FilterBar({ chips, onAdd, onEdit, onRemove, onClear, addLabel, invalid, flush, children }: FilterBarProps) {
  return (
    <div className={`${styles.bar} ${flush ? styles.flush : ""}`} role="group" aria-label={t("lists.filter.bar")}>
      <ul className={styles.chips}>
        {chips.map((c) => (
          <li key={c.id} className={`${styles.chip} ${invalid?.has(c.id) ? styles.invalid : ""}`}>
            <button
              type="button"
              className={styles.chipText}
              onClick={() => onEdit(c.id)}
              aria-label={t("lists.filter.edit", { sentence: c.sentence })}
              aria-invalid={invalid?.has(c.id) ? true : undefined}
            >
              {c.sentence}
            </button>
            <button type="button" className={styles.chipRemove} onClick={() => onRemove(c.id)} aria-label={t("lists.filter.remove", { sentence: c.sentence })}>
              <Icon name="close" size={14} />
            </button>
          </li>
        ))}
        <li>
          <button type="button" className={styles.add} onClick={onAdd}>
            <Icon name="filter" size={16} />
            {addLabel ?? t("lists.filter.add")}
          </button>
        </li>
        {chips.length > 1 && (
          <li>
            <button type="button" className={styles.clear} onClick={onClear}>
              {t("lists.filter.clear")}
            </button>
          </li>
        )}
      </ul>
      {children && <div className={styles.tools}>{children}</div>}
    </div>
  );
}
