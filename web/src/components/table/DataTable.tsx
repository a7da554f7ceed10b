// A virtualised data grid (TanStack Table for column sizing, TanStack Virtual for rows): a fixed
// row height, only the rows in view (plus a small overscan) in the DOM, so a list of a million
// rows scrolls like one of fifty. The caller loads rows page by page; `onNearEnd` asks for the next
// page as the user nears the end. Sticky header; the selection and the first column stick to the
// left when the grid scrolls sideways (phones). Keyboard: arrows/Home/End move between rows, Enter
// opens, Space selects, e edits in place (when the caller allows); the resize handles take arrow keys too.
//
// Where the work goes (docs/benchmarks.md, "What a scroll renders"): scrolling
// renders GridBody alone (the virtualiser's state lives there), and GridBody renders only the rows
// coming into view (GridRow is memoised); the header (GridHeader) renders only when the columns,
// their widths or the selection do. The caller keeps `columns` stable (useMemo) for this to hold.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type MutableRefObject, type PointerEvent, type ReactNode, type RefObject } from "react";
import { getCoreRowModel, useReactTable, type ColumnDef, type ColumnSizingState } from "@tanstack/react-table";
import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { GridHeader, type HeaderActions } from "./GridHeader";
import { GridRow, SkeletonRow, type RowEvents } from "./GridRow";
import styles from "./DataTable.module.css";

export const ROW_HEIGHT = 40;

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
const SKELETON_ROWS = 12;

export function DataTable<T extends { id: string }>(p: DataTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

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

  useEffect(() => {
    if (active >= p.rows.length && p.rows.length > 0) setActive(p.rows.length - 1);
  }, [active, p.rows.length]);

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
  const latest = useRef({ p, onRowClick, onRowKey });
  latest.current = { p, onRowClick, onRowKey };
  const events = useMemo<RowEvents<T>>(
    () => ({
      click: (e, row, index) => latest.current.onRowClick(e, row, index),
      key: (e, row, index) => latest.current.onRowKey(e, row, index),
      focus: (index) => setActive(index),
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

interface GridBodyProps<T> {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Set to the body's virtualiser, for the keyboard's scrollToIndex. */
  virtualRef: MutableRefObject<Virtualizer<HTMLDivElement, Element> | null>;
  /** A keyboard move waits for its row to be mounted, then focuses it. */
  focusPending: MutableRefObject<boolean>;
  rows: T[];
  columns: DataColumn<T>[];
  widths: string;
  width: number;
  /** Skeleton rows after the loaded ones. */
  placeholders: number;
  /** Asks for the next page; null while none is wanted. */
  nearEnd: (() => void) | null;
  active: number;
  selected: Set<string>;
  rowName: (row: T) => string;
  rowClass: ((row: T) => string) | undefined;
  events: RowEvents<T>;
}

/** The rows in view: the virtualiser's state lives here, so a scroll renders this and nothing above. */
function GridBody<T extends { id: string }>(b: GridBodyProps<T>) {
  const virtual = useVirtualizer({
    count: b.rows.length + b.placeholders,
    getScrollElement: () => b.scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  b.virtualRef.current = virtual;
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;

  // Ask for the next page while about a page-height of rows remains below the view.
  const nearEnd = useRef(b.nearEnd);
  nearEnd.current = b.nearEnd;
  const wanted = b.nearEnd !== null && last >= b.rows.length - 60;
  useEffect(() => {
    if (wanted) nearEnd.current?.();
  }, [wanted, b.rows.length]);

  useEffect(() => {
    if (!b.focusPending.current) return;
    const el = b.scrollRef.current?.querySelector<HTMLElement>(`[data-row="${b.active}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      b.focusPending.current = false;
    }
  });

  // The row under the pointer (see DataColumn.cell's `hot`), from the pointer events of the body.
  const [pointed, setPointed] = useState(-1);
  const onPointerOver = (e: PointerEvent<HTMLDivElement>) => {
    const row = (e.target as Element).closest<HTMLElement>("[data-row]");
    setPointed(row ? Number(row.dataset.row) : -1);
  };

  const versioned = b.columns.some((c) => c.version);
  return (
    <div
      className={styles.body}
      style={{ height: virtual.getTotalSize(), width: b.width }}
      role="rowgroup"
      onPointerOver={onPointerOver}
      onPointerLeave={() => setPointed(-1)}
    >
      {items.map((item) => {
        const row = b.rows[item.index];
        if (!row) return <SkeletonRow key={`s${item.index}`} start={item.start} width={b.width} widths={b.widths} />;
        return (
          <GridRow<T>
            key={row.id}
            row={row}
            index={item.index}
            start={item.start}
            width={b.width}
            widths={b.widths}
            columns={b.columns}
            version={versioned ? b.columns.map((c) => c.version?.(row) ?? "").join("\u0001") : ""}
            selected={b.selected.has(row.id)}
            active={item.index === b.active}
            hot={item.index === b.active || item.index === pointed}
            extraClass={b.rowClass?.(row) ?? ""}
            name={b.rowName(row)}
            events={b.events}
          />
        );
      })}
    </div>
  );
}
