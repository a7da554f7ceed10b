// The grid's sticky header row: select-all, a sort button per sortable column, and a resize handle
// per column (mouse, touch, arrow keys, double-click to reset). Memoised: scrolling never renders it;
// only the columns, their widths, the column being resized or the select-all state do.
import { memo, type ReactNode } from "react";
import type { Table } from "@tanstack/react-table";
import { t } from "../../i18n";
import type { DataColumn } from "./DataTable";
import styles from "./DataTable.module.css";

/** The header's actions; a stable object whose functions read the grid's latest props. */
export interface HeaderActions {
  sort: (columnId: string) => void;
  selectAll: (all: boolean) => void;
  resize: (columnId: string, size: number) => void;
}

interface GridHeaderProps<T> {
  table: Table<T>;
  columns: DataColumn<T>[];
  /** The columns' widths joined by commas: the header renders again when one changes. */
  widths: string;
  width: number;
  /** The id of the column being resized, "" when none. */
  resizing: string;
  allSelected: boolean;
  someSelected: boolean;
  actions: HeaderActions;
}

export const GridHeader = memo(function GridHeader<T>(p: GridHeaderProps<T>) {
  const byId = new Map(p.columns.map((c) => [c.id, c]));
  return (
    <div className={styles.header} role="row" aria-rowindex={1} style={{ width: p.width }}>
      <div className={`${styles.cell} ${styles.select} ${styles.stickySelect}`} role="columnheader">
        <input
          type="checkbox"
          aria-label={t("lists.select.all")}
          checked={p.allSelected}
          ref={(el) => {
            if (el) el.indeterminate = p.someSelected;
          }}
          onChange={() => p.actions.selectAll(!p.allSelected)}
        />
      </div>
      {p.table.getFlatHeaders().map((h) => {
        const c = byId.get(h.column.id);
        if (!c) return null;
        const size = h.getSize();
        const sortable = c.sort !== undefined;
        const ariaSort = c.sort === "asc" ? "ascending" : c.sort === "desc" ? "descending" : sortable ? "none" : undefined;
        return (
          <div
            key={h.id}
            role="columnheader"
            aria-sort={ariaSort}
            className={`${styles.cell} ${styles.th} ${c.numeric ? styles.num : ""} ${c.primary ? styles.stickyPrimary : ""}`}
            style={{ width: size }}
          >
            {sortable ? (
              <button type="button" className={styles.sortButton} onClick={() => p.actions.sort(c.id)} title={t("lists.sort.hint", { name: c.header })}>
                <span className={styles.thText}>{c.header}</span>
                <span aria-hidden="true" className={styles.sortMark}>
                  {c.sort === "asc" ? "▲" : c.sort === "desc" ? "▼" : "↕"}
                </span>
              </button>
            ) : (
              <span className={styles.thText}>{c.header}</span>
            )}
            <div
              role="separator"
              aria-orientation="vertical"
              aria-label={t("lists.resize", { name: c.header })}
              aria-valuenow={size}
              aria-valuemin={60}
              aria-valuemax={800}
              tabIndex={0}
              className={`${styles.resizer} ${p.resizing === c.id ? styles.resizing : ""}`}
              onMouseDown={h.getResizeHandler()}
              onTouchStart={h.getResizeHandler()}
              onDoubleClick={() => h.column.resetSize()}
              onKeyDown={(e) => {
                const delta = e.key === "ArrowRight" ? 16 : e.key === "ArrowLeft" ? -16 : 0;
                if (!delta) return;
                e.preventDefault();
                p.actions.resize(c.id, Math.max(60, Math.min(800, size + delta)));
              }}
            />
          </div>
        );
      })}
    </div>
  );
}) as <T>(props: GridHeaderProps<T>) => ReactNode;
