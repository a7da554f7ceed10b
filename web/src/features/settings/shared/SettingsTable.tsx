// The list table of the settings pages: a header row, one row per item with its actions at the
// end (their header named for screen readers), an empty state that says what to do first. On a
// phone each row stacks, every cell but the naming one labelled with its column's header.
import type { ReactNode } from "react";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { t } from "../../../i18n";
import { ScrollArea } from "./ScrollArea";
import type { PageAction } from "./SettingsPage";
import styles from "./settings.module.css";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: no label before it when the row stacks on a phone. */
  primary?: boolean;
  numeric?: boolean;
  className?: string;
}

export interface EmptyProps {
  title: string;
  body?: ReactNode;
  action?: PageAction;
}

/** An empty list: what it would hold and, when there is one, the action that fills it. */
export function Empty({ title, body, action }: EmptyProps) {
  return (
    <EmptyState title={title} action={action && <Button onClick={action.run}>{action.label}</Button>}>
      {body}
    </EmptyState>
  );
}

export function SettingsTable<T>({
  label,
  rows,
  rowKey,
  columns,
  actions,
  empty,
}: {
  /** The table's accessible name (the page's title will do). */
  label: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: Column<T>[];
  /** The row's buttons, at its end. */
  actions?: (row: T) => ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty?: EmptyProps;
}) {
  if (rows.length === 0 && empty) return <Empty {...empty} />;
  const cellClass = (c: Column<T>) => [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ") || undefined;
  return (
    <ScrollArea label={label}>
      <table className={`${styles.table} ${styles.stack}`} aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? "num" : undefined}>
                {c.header}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{t("settings.actions")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} className={cellClass(c)} data-label={c.primary ? undefined : c.header}>
                  {c.cell(row)}
                </td>
              ))}
              {actions && (
                <td>
                  <div className={styles.rowActions}>{actions(row)}</div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

/** The usual naming cell: the name, and under it a muted second line (an email, a description). */
export function NameCell({ name, sub, mono }: { name: ReactNode; sub?: ReactNode; mono?: boolean }) {
  return (
    <>
      <div className={styles.name}>{name}</div>
      {sub && <div className={`${styles.muted} ${styles.small} ${mono ? styles.mono : ""}`}>{sub}</div>}
    </>
  );
}
