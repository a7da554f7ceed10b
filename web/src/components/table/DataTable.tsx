// A virtualised data grid (TanStack Table for column sizing, TanStack Virtual for rows): a fixed
// row height, only the rows in view (plus a small overscan) in the DOM, so a list of a million
// rows scrolls like one of fifty. The caller loads rows page by page; `onNearEnd` asks for the next
// page as the user nears the end. Sticky header; the selection and the first column stick to the
// left when the grid scrolls sideways (phones). Keyboard: arrows/Home/End move between rows, Enter
// opens, Space selects, e edits in place (when the caller allows); the resize handles take arrow keys too.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { t } from "../../i18n";
import styles from "./DataTable.module.css";

export const ROW_HEIGHT = 40;

export interface DataColumn<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  size?: number;
  numeric?: boolean;
  /** "asc" | "desc" | null when sortable, undefined when not. */
  sort?: "asc" | "desc" | null;
  /** The first column: sticks to the left and names the row. */
  primary?: boolean;
}

export interface DataTableProps<T extends { id: string }> {
  label: string;
  rows: T[];
  columns: DataColumn<T>[];
  /** All matching rows when the server counted them, for aria-rowcount. */
  total?: number | undefined;
  hasMore: boolean;
  loading: boolean;
  onNearEnd: () => void;
  onSort: (columnId: string) => void;
  onOpen: (row: T) => void;
  /** "e" on a focused row: edit it in place. */
  onEdit?: ((row: T) => void) | undefined;
  rowName: (row: T) => string;
  rowClass?: (row: T) => string;
  selected: Set<string>;
  onSelect: (row: T, index: number, shift: boolean) => void;
  onSelectAll: (all: boolean) => void;
  sizing: ColumnSizingState;
  onSizing: (s: ColumnSizingState) => void;
}

const SELECT_WIDTH = 44;
const SKELETON_ROWS = 12;

export function DataTable<T extends { id: string }>(p: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const latestSelect = useRef(p.onSelect);
  latestSelect.current = p.onSelect;

  const defs = useMemo<ColumnDef<T>[]>(
    () => p.columns.map((c) => ({ id: c.id, size: c.size ?? 160, minSize: 60, maxSize: 800, accessorFn: (r: T) => r.id })),
    [p.columns],
  );
  const table = useReactTable({
    data: p.rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    columnResizeMode: "onChange",
    state: { columnSizing: p.sizing },
    onColumnSizingChange: (u) => p.onSizing(typeof u === "function" ? u(p.sizing) : u),
  });

  const placeholders = p.loading && p.rows.length === 0 ? SKELETON_ROWS : p.hasMore ? 3 : 0;
  const count = p.rows.length + placeholders;
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;

  // Ask for the next page while about a page-height of rows remains below the view.
  useEffect(() => {
    if (p.hasMore && !p.loading && last >= p.rows.length - 60) p.onNearEnd();
  }, [last, p.hasMore, p.loading, p.rows.length, p]);

  useEffect(() => {
    if (active >= p.rows.length && p.rows.length > 0) setActive(p.rows.length - 1);
  }, [active, p.rows.length]);

  useEffect(() => {
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row="${active}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const headers = table.getFlatHeaders();
  const width = SELECT_WIDTH + table.getTotalSize();
  const allSelected = p.rows.length > 0 && p.rows.every((r) => p.selected.has(r.id));
  const someSelected = !allSelected && p.rows.some((r) => p.selected.has(r.id));

  function move(to: number) {
    const i = Math.max(0, Math.min(p.rows.length - 1, to));
    setActive(i);
    focusPending.current = true;
    virtual.scrollToIndex(i, { align: "auto" });
  }

  function onRowKey(e: KeyboardEvent<HTMLDivElement>, row: T, index: number) {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      PageDown: () => move(index + page),
      PageUp: () => move(index - page),
      Home: () => move(0),
      End: () => move(p.rows.length - 1),
      Enter: () => p.onOpen(row),
      " ": () => p.onSelect(row, index, e.shiftKey),
      ...(p.onEdit ? { e: () => p.onEdit?.(row) } : {}),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  }

  function onRowClick(e: MouseEvent<HTMLDivElement>, row: T, index: number) {
    setActive(index);
    const target = e.target as HTMLElement;
    if (target.closest("a, button, input, label, select, textarea")) return;
    p.onOpen(row);
  }

  const colWidth = (id: string) => table.getColumn(id)?.getSize() ?? 160;
  // The column widths as one string, so that a row re-renders when a width changes and not otherwise.
  const widths = p.columns.map((c) => colWidth(c.id)).join(",");
  // The rows' handlers read the latest props through a ref: a stable object, so that scrolling (which
  // re-renders this grid every frame) renders only the rows coming into view, not those already there.
  const latest = useRef({ onRowClick, onRowKey, setActive });
  latest.current = { onRowClick, onRowKey, setActive };
  const events = useMemo<RowEvents<T>>(
    () => ({
      click: (e, row, index) => latest.current.onRowClick(e, row, index),
      key: (e, row, index) => latest.current.onRowKey(e, row, index),
      focus: (index) => latest.current.setActive(index),
      select: (row, index, shift) => latestSelect.current(row, index, shift),
    }),
    [],
  );

  return (
    <div
      ref={scrollRef}
      className={styles.scroller}
      role="grid"
      aria-label={p.label}
      aria-rowcount={p.total !== undefined ? p.total + 1 : -1}
      aria-colcount={p.columns.length + 1}
      aria-busy={p.loading || undefined}
    >
      <div className={styles.header} role="row" aria-rowindex={1} style={{ width }}>
        <div className={`${styles.cell} ${styles.select} ${styles.stickySelect}`} role="columnheader">
          <input
            type="checkbox"
            aria-label={t("lists.select.all")}
            checked={allSelected}
            ref={(el) => {
              if (el) el.indeterminate = someSelected;
            }}
            onChange={() => p.onSelectAll(!allSelected)}
          />
        </div>
        {headers.map((h) => {
          const c = p.columns.find((x) => x.id === h.column.id)!;
          const sortable = c.sort !== undefined;
          const ariaSort = c.sort === "asc" ? "ascending" : c.sort === "desc" ? "descending" : sortable ? "none" : undefined;
          return (
            <div
              key={h.id}
              role="columnheader"
              aria-sort={ariaSort}
              className={`${styles.cell} ${styles.th} ${c.numeric ? styles.num : ""} ${c.primary ? styles.stickyPrimary : ""}`}
              style={{ width: h.getSize() }}
            >
              {sortable ? (
                <button type="button" className={styles.sortButton} onClick={() => p.onSort(c.id)} title={t("lists.sort.hint", { name: c.header })}>
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
                aria-valuenow={h.getSize()}
                aria-valuemin={60}
                aria-valuemax={800}
                tabIndex={0}
                className={`${styles.resizer} ${h.column.getIsResizing() ? styles.resizing : ""}`}
                onMouseDown={h.getResizeHandler()}
                onTouchStart={h.getResizeHandler()}
                onDoubleClick={() => h.column.resetSize()}
                onKeyDown={(e) => {
                  const delta = e.key === "ArrowRight" ? 16 : e.key === "ArrowLeft" ? -16 : 0;
                  if (!delta) return;
                  e.preventDefault();
                  p.onSizing({ ...p.sizing, [c.id]: Math.max(60, Math.min(800, h.getSize() + delta)) });
                }}
              />
            </div>
          );
        })}
      </div>
      <div className={styles.body} style={{ height: virtual.getTotalSize(), width }} role="rowgroup">
        {items.map((item) => {
          const row = p.rows[item.index];
          const top = { transform: `translateY(${item.start}px)`, width };
          if (!row) {
            return (
              <div key={`s${item.index}`} className={styles.row} style={top} role="row" aria-hidden="true">
                <div className={`${styles.cell} ${styles.select}`} />
                {p.columns.map((c) => (
                  <div key={c.id} className={styles.cell} style={{ width: colWidth(c.id) }}>
                    <span className={styles.skeleton} />
                  </div>
                ))}
              </div>
            );
          }
          return (
            <GridRow<T>
              key={row.id}
              row={row}
              index={item.index}
              start={item.start}
              width={width}
              widths={widths}
              columns={p.columns}
              selected={p.selected.has(row.id)}
              active={item.index === active}
              extraClass={p.rowClass?.(row) ?? ""}
              name={p.rowName(row)}
              events={events}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowEvents<T> {
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
  selected: boolean;
  active: boolean;
  extraClass: string;
  name: string;
  events: RowEvents<T>;
}

// One row of the grid, memoised: its props change only when its record, selection, focus or the
// columns do, never because the grid scrolled.
const GridRow = memo(function GridRow<T extends { id: string }>(r: GridRowProps<T>) {
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
      <div role="gridcell" className={`${styles.cell} ${styles.select} ${styles.stickySelect}`}>
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={t("lists.select.row", { name: r.name })}
          checked={r.selected}
          onChange={() => undefined}
          onClick={(e) => {
            e.stopPropagation();
            r.events.select(r.row, r.index, e.shiftKey);
          }}
        />
      </div>
      {r.columns.map((c, i) => (
        <div
          key={c.id}
          role="gridcell"
          className={`${styles.cell} ${c.numeric ? styles.num : ""} ${c.primary ? `${styles.stickyPrimary} ${styles.primary}` : ""}`}
          style={{ width: widths[i] }}
        >
          <span className={styles.content}>{c.cell(r.row)}</span>
        </div>
      ))}
    </div>
  );
}) as <T extends { id: string }>(props: GridRowProps<T>) => ReactNode;
