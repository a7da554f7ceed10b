// A virtualised data grid (TanStack Table for column sizing, TanStack Virtual for rows): a fixed
// row height, only the rows in view (plus a small overscan) in the DOM, so a list of a million
// rows scrolls like one of fifty. The caller loads rows page by page; `onNearEnd` asks for the next
// page as the user nears the end. Sticky header; the selection and the first column stick to the
// left when the grid scrolls sideways (phones). Keyboard: arrows (or j/k)/Home/End move between rows, Enter
// opens, Space selects, e edits in place (when the caller allows); the resize handles take arrow keys too.
//
// Where the work goes (docs/benchmarks.md, "What a scroll renders" and "Rows re-used from a pool"): scrolling
// renders GridBody alone (the virtualiser's state lives there), and GridBody renders only the rows
// coming into view (GridRow is memoised), in a fixed pool of row elements that take the records
// scrolling in (slots.ts); the header (GridHeader) renders only when the columns, their widths or
// the selection do. The caller keeps `columns` stable (useMemo) for this to hold.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState } from "@tanstack/react-table";
import type { Virtualizer } from "@tanstack/react-virtual";
import { GridHeader, type HeaderActions } from "./GridHeader";
import { GridBody } from "./GridBody";
import { ROW_HEIGHT, type RowEvents } from "./GridRow";
import { currentIndex, type Current } from "./current";
import styles from "./DataTable.module.css";

export interface DataColumn<T> {
  id: string;
  header: string;
  /**
   * The cell's content. `hot`: the row is under the pointer or is the grid's current row; controls
   * shown only then (an edit button) are rendered only then, which keeps the rows that scroll by light.
   */
  cell: (row: T, hot: boolean) => ReactNode;
  size?: number;
  numeric?: boolean;
  /** "asc" | "desc" | null when sortable, undefined when not. */
  sort?: "asc" | "desc" | null;
  /** The first column: sticks to the left and names the row. */
  primary?: boolean;
  /** Takes the room the columns leave in a wider box, until the person sizes it (one column at most). */
  grow?: boolean;
  /** A class on the column's body cells (e.g. room kept for a control shown only in hot rows). */
  cellClass?: string;
  /**
   * What the cell shows beyond its record (a name looked up by id): the cell renders again when
   * this string changes. Without it a cell renders only with its record, column and width.
   */
  version?: (row: T) => string;
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
const MAX_WIDTH = 800;  // a column at most (resized or grown)
const SKELETON_ROWS = 12;

export function DataTable<T extends { id: string }>(p: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  // The current row follows its record (current.ts); `active` is its index in the rows.
  const [current, setCurrent] = useState<Current>({ id: null, index: 0 });
  const active = useMemo(() => currentIndex(p.rows, current), [p.rows, current]);
  const focusPending = useRef(false);
  const setActive = (index: number) => setCurrent({ id: p.rows[index]?.id ?? null, index });

  const defs = useMemo<ColumnDef<T>[]>(
    () => p.columns.map((c) => ({ id: c.id, size: c.size ?? 160, minSize: 60, maxSize: MAX_WIDTH, accessorFn: (r: T) => r.id })),
    [p.columns],
  );
  // The grid's box, measured; the growing column's share of what the other columns leave of it.
  const [room, setRoom] = useState(Number.POSITIVE_INFINITY);
  const sizing = useMemo(() => {
    const grow = p.columns.find((c) => c.grow);
    if (!grow || grow.id in p.sizing || !Number.isFinite(room)) return p.sizing;
    const used = p.columns.reduce((sum, c) => sum + (p.sizing[c.id] ?? c.size ?? 160), SELECT_WIDTH);
    const base = grow.size ?? 160;
    // Less the last header's resize handle, which reaches 3 px past its column (a sideways scroll else).
    const grown = Math.min(MAX_WIDTH, base + Math.max(0, Math.floor(room - used) - 3));
    return grown > base ? { ...p.sizing, [grow.id]: grown } : p.sizing;
  }, [p.columns, p.sizing, room]);
  const table = useReactTable({
    data: p.rows,
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    columnResizeMode: "onChange",
    state: { columnSizing: sizing },
    // Applied to the person's own sizes: the growing column stays growing while another is resized.
    onColumnSizingChange: (u) => p.onSizing(typeof u === "function" ? u(p.sizing) : u),
  });

  const { allSelected, someSelected } = useMemo(() => {
    let n = 0;
    for (const r of p.rows) if (p.selected.has(r.id)) n++;
    return { allSelected: p.rows.length > 0 && n === p.rows.length, someSelected: n > 0 && n < p.rows.length };
  }, [p.rows, p.selected]);

  function move(to: number) {
    const i = Math.max(0, Math.min(p.rows.length - 1, to));
    setActive(i);
    focusPending.current = true;
    virtualRef.current?.scrollToIndex(i, { align: "auto" });
  }

  function onRowKey(e: KeyboardEvent<HTMLDivElement>, row: T, index: number) {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      j: () => move(index + 1),
      k: () => move(index - 1),
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

  // The column widths as one string, so that rows and header render when a width changes and not otherwise.
  const widths = p.columns.map((c) => table.getColumn(c.id)?.getSize() ?? 160).join(",");
  const width = SELECT_WIDTH + table.getTotalSize();
  // Handlers for the rows and the header: stable objects reading the latest props through a ref.
  const latest = useRef({ p, onRowClick, onRowKey, setActive });
  latest.current = { p, onRowClick, onRowKey, setActive };
  const events = useMemo<RowEvents<T>>(
    () => ({
      click: (e, row, index) => latest.current.onRowClick(e, row, index),
      key: (e, row, index) => latest.current.onRowKey(e, row, index),
      focus: (index) => latest.current.setActive(index),
      select: (row, index, shift) => latest.current.p.onSelect(row, index, shift),
    }),
    [],
  );
  const actions = useMemo<HeaderActions>(
    () => ({
      sort: (id) => latest.current.p.onSort(id),
      selectAll: (all) => latest.current.p.onSelectAll(all),
      resize: (id, size) => latest.current.p.onSizing({ ...latest.current.p.sizing, [id]: size }),
    }),
    [],
  );

  // The first columns stick to the left only when the grid is wider than its box (a phone): sticky
  // cells cost the browser work in every row at every scroll, for nothing while nothing scrolls sideways.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setRoom(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={scrollRef}
      className={`${styles.scroller} ${width > room ? styles.pinned : ""}`}
      role="grid"
      aria-label={p.label}
      aria-rowcount={p.total !== undefined ? p.total + 1 : -1}
      aria-colcount={p.columns.length + 1}
      aria-busy={p.loading || undefined}
    >
      <GridHeader<T>
        table={table}
        columns={p.columns}
        widths={widths}
        width={width}
        resizing={table.getState().columnSizingInfo.isResizingColumn || ""}
        allSelected={allSelected}
        someSelected={someSelected}
        actions={actions}
      />
      <GridBody<T>
        {...{ scrollRef, virtualRef, focusPending, widths, width, active, events }}
        rows={p.rows}
        columns={p.columns}
        placeholders={p.loading && p.rows.length === 0 ? SKELETON_ROWS : p.hasMore ? 3 : 0}
        nearEnd={p.hasMore && !p.loading ? p.onNearEnd : null}
        selected={p.selected}
        rowName={p.rowName}
        rowClass={p.rowClass}
      />
    </div>
  );
}
