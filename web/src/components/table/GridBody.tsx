// The rows in view: the virtualiser's state lives here, so a scroll renders this and nothing above.
// Rows are keyed by slot (slots.ts), not by record, and rendered in slot order: a record scrolling in
// takes the row element of one that scrolled out, so a scroll changes the text of rows the page
// already has and neither creates nor moves any (the DOM order of the rows is their slots';
// aria-rowindex gives each its place). The window of rows keeps one size (slots.ts, windowOf), and
// the current row stays rendered while it is scrolled out of view, so the focus (and an inline edit)
// stays on its record.
import { useEffect, useRef, useState, type MutableRefObject, type PointerEvent, type RefObject } from "react";
import { useVirtualizer, type Range, type Virtualizer } from "@tanstack/react-virtual";
import type { DataColumn } from "./DataTable";
import { GridRow, ROW_HEIGHT, SkeletonRow, type RowEvents } from "./GridRow";
import { assignSlots, windowOf } from "./slots";
import styles from "./DataTable.module.css";

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
  /** The index of the current row. */
  active: number;
  selected: Set<string>;
  rowName: (row: T) => string;
  rowClass: ((row: T) => string) | undefined;
  events: RowEvents<T>;
}

export function GridBody<T extends { id: string }>(b: GridBodyProps<T>) {
  const loaded = b.rows.length;
  const mostInView = useRef(0);
  const virtual = useVirtualizer({
    count: loaded + b.placeholders,
    getScrollElement: () => b.scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    rangeExtractor: (range: Range) => {
      const indexes = windowOf(range, mostInView);
      // The current row wherever it is (kept for its focus).
      if (b.active >= loaded || indexes.includes(b.active)) return indexes;
      return [...indexes, b.active].sort((x, y) => x - y);
    },
  });
  b.virtualRef.current = virtual;
  const items = virtual.getVirtualItems();
  const last = items.reduce((m, item) => Math.max(m, item.index), 0);

  // Ask for the next page while about a page-height of rows remains below the view.
  const nearEnd = useRef(b.nearEnd);
  nearEnd.current = b.nearEnd;
  const wanted = b.nearEnd !== null && last >= loaded - 60;
  useEffect(() => {
    if (wanted) nearEnd.current?.();
  }, [wanted, loaded]);

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

  // Each loaded row in view takes its slot; the rows are rendered in slot order.
  const slots = useRef(new Map<string, number>());
  const shown = items.filter((item) => item.index < loaded);
  slots.current = assignSlots(
    shown.map((item) => b.rows[item.index]!.id),
    slots.current,
  );
  const bySlot = shown
    .map((item) => ({ item, row: b.rows[item.index]!, slot: slots.current.get(b.rows[item.index]!.id)! }))
    .sort((x, y) => x.slot - y.slot);

  const versioned = b.columns.some((c) => c.version);
  return (
    <div
      className={styles.body}
      style={{ height: virtual.getTotalSize(), width: b.width }}
      role="rowgroup"
      onPointerOver={onPointerOver}
      onPointerLeave={() => setPointed(-1)}
    >
      {bySlot.map(({ item, row, slot }) => (
        <GridRow<T>
          key={slot}
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
      ))}
      {items
        .filter((item) => item.index >= loaded)
        .map((item) => (
          <SkeletonRow key={`s${item.index}`} start={item.start} width={b.width} widths={b.widths} />
        ))}
    </div>
  );
}

