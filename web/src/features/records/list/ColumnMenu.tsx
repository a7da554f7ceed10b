// Choose and order the columns: a checkbox per field and move up/down buttons for the shown ones,
// all reachable by keyboard. The first (name) column is always shown and is not listed.
import { Dialog } from "../../../components/Dialog";
import { Button } from "../../../components/Button";
import { t } from "../../../i18n";
import type { ListField } from "./fields";
import { fieldLabel } from "./labels";
import { moveColumn } from "./state";
import styles from "./ListPage.module.css";

export interface ColumnMenuProps {
  fields: ListField[];
  columns: string[];
  onChange: (columns: string[]) => void;
  onReset: () => void;
  onClose: () => void;
}

export function ColumnMenu({ fields, columns, onChange, onReset, onClose }: ColumnMenuProps) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const hidden = fields.filter((f) => !columns.includes(f.name));
  const label = (name: string) => fieldLabel(byName.get(name) ?? name);
  return (
    <Dialog
      title={t("lists.columns.title")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onReset}>{t("lists.columns.reset")}</Button>
          <Button variant="primary" onClick={onClose}>
            {t("lists.columns.done")}
          </Button>
        </>
      }
    >
      <ul className={styles.columnList}>
        {columns.map((name, i) => (
          <li key={name} className={styles.columnItem}>
            <label>
              <input type="checkbox" checked onChange={() => onChange(columns.filter((c) => c !== name))} />
              {label(name)}
            </label>
            <span className={styles.columnMoves}>
              <Button size="small" variant="ghost" disabled={i === 0} aria-label={t("lists.columns.up", { name: label(name) })} onClick={() => onChange(moveColumn(columns, i, -1))}>
                ↑
              </Button>
              <Button size="small" variant="ghost" disabled={i === columns.length - 1} aria-label={t("lists.columns.down", { name: label(name) })} onClick={() => onChange(moveColumn(columns, i, 1))}>
                ↓
              </Button>
            </span>
          </li>
        ))}
        {hidden.map((f) => (
          <li key={f.name} className={styles.columnItem}>
            <label>
              <input type="checkbox" checked={false} onChange={() => onChange([...columns, f.name])} />
              {fieldLabel(f)}
            </label>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
