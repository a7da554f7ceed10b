// One row of the grid and its cells, memoised so that scrolling renders only the rows whose record
// changed: a row's props change only with its record, place, selection, focus, the columns or their
// widths, its `version` (what its cells look up by id, e.g. a company's name) or whether it is hot
// (pointed at or current); a cell's only with its record, column, width, version or hotness, so
// selecting a row does not render its cells. Rows are re-used for other records as the grid scrolls
// (GridBody), so they are kept light: a cell is one element holding its content (text where it can),
// the selection box a drawn span, not a form control (docs/benchmarks.md, "Rows re-used from a pool").
import { memo, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { t } from "../../i18n";
import type { DataColumn } from "./DataTable";
import styles from "./DataTable.module.css";

/** The height of a row (DataTable.module.css draws it). */
export const ROW_HEIGHT = 40;

/** The rows' handlers: one stable object for every row, reading the grid's latest props. */
export interface RowEvents<T> {
  click: (e: MouseEvent<HTMLDivElement>, row: T, index: number) => void;
  key: (e: KeyboardEvent<HTMLDivElement>, row: T, index: number) => void;
  focus: (index: number) => void;
  select: (row: T, index: number, shift: boolean) => void;
}

interface GridRowProps<T> {
  row: T;
  index: number;
  start: number;
  width: number;
  /** The columns' widths joined by commas, in column order. */
  widths: string;
  columns: DataColumn<T>[];
  /** The columns' versions for this row (DataColumn.version), joined. */
  version: string;
  selected: boolean;
  active: boolean;
  /** Under the pointer or the current row (DataColumn.cell). */
  hot: boolean;
  extraClass: string;
  name: string;
  events: RowEvents<T>;
}

export const GridRow = memo(function GridRow<T extends { id: string }>(r: GridRowProps<T>) {
  const widths = r.widths.split(",").map(Number);
  return (
    <div
      data-row={r.index}
      role="row"
      aria-rowindex={r.index + 2}
      aria-selected={r.selected}
      tabIndex={r.active ? 0 : -1}
      className={`${styles.row} ${r.selected ? styles.selected : ""} ${r.extraClass}`}
      style={{ transform: `translateY(${r.start}px)`, width: r.width }}
      onClick={(e) => r.events.click(e, r.row, r.index)}
      onKeyDown={(e) => r.events.key(e, r.row, r.index)}
      onFocus={(e) => e.target === e.currentTarget && r.events.focus(r.index)}
    >
      <div role="gridcell" className={`${styles.td} ${styles.select} ${styles.stickySelect}`}>
        {/* Not focusable: the row is (Space selects it); a click selects, shift-click a range. */}
        <span
          role="checkbox"
          className={styles.check}
          aria-label={t("lists.select.row", { name: r.name })}
          aria-checked={r.selected}
          onClick={(e) => {
            e.stopPropagation();
            r.events.select(r.row, r.index, e.shiftKey);
          }}
        />
      </div>
      {r.columns.map((c, i) => (
        <GridCell<T> key={c.id} column={c} row={r.row} width={widths[i] ?? 160} hot={r.hot} version={c.version?.(r.row) ?? ""} />
      ))}
    </div>
  );
}) as <T extends { id: string }>(props: GridRowProps<T>) => ReactNode;

interface GridCellProps<T> {
  column: DataColumn<T>;
  row: T;
  width: number;
  hot: boolean;
  /** Only renders the cell again when it changes (DataColumn.version). */
  version: string;
}

const GridCell = memo(function GridCell<T>({ column: c, row, width, hot }: GridCellProps<T>) {
  return (
    <div
      role="gridcell"
      className={`${styles.td} ${c.numeric ? styles.num : ""} ${c.primary ? `${styles.stickyPrimary} ${styles.primary}` : ""} ${c.cellClass ?? ""}`}
      style={{ width }}
    >
      {c.cell(row, hot)}
    </div>
  );
}) as <T>(props: GridCellProps<T>) => ReactNode;

/** A row not loaded yet (the next page is on its way): grey bars in the columns' widths. */
export const SkeletonRow = memo(function SkeletonRow({ start, width, widths }: { start: number; width: number; widths: string }) {
  return (
    <div className={styles.row} style={{ transform: `translateY(${start}px)`, width }} role="row" aria-hidden="true">
      <div className={`${styles.cell} ${styles.select}`} />
      {widths.split(",").map((w, i) => (
        <div key={i} className={styles.cell} style={{ width: Number(w) }}>
          <span className={styles.skeleton} />
        </div>
      ))}
    </div>
  );
});
