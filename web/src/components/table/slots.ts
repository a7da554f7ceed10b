// The grid's pool of row elements: each record in view holds a slot (the React key of its row), so a
// scroll re-uses the rows of the records that left for the records that came in (their text changes,
// no element is created or removed), as the cheapest grid does (docs/benchmarks.md). A record keeps
// its slot as long as it stays in view, whatever its index: the row holding the focus or an inline
// edit stays the same element when rows are inserted above it.
import type { Range } from "@tanstack/react-virtual";

/**
 * The slots of the records now in view (`ids`), given those of the last render: a record still in
 * view keeps its slot, a new one takes the lowest slot no record holds. Slots stay below the largest
 * number of records ever in view at once.
 */
export function assignSlots(ids: readonly string[], previous: ReadonlyMap<string, number>): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const id of ids) {
    const slot = previous.get(id);
    if (slot !== undefined && !next.has(id)) {
      next.set(id, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const id of ids) {
    if (next.has(id)) continue;
    while (taken.has(free)) free++;
    next.set(id, free);
    taken.add(free);
  }
  return next;
}

/**
 * The rows rendered: those in view and the overscan on both sides, as a window of a constant size
 * (the most rows ever in view plus the overscan), shifted down at the top of the list and up at its
 * end. The rows in view vary by one as the view scrolls by fractions of a row; a window that varied
 * with them would remove a row element and create one again every other frame.
 */
export function windowOf(range: Range, mostInView: { current: number }): number[] {
  if (range.count === 0) return [];
  mostInView.current = Math.max(mostInView.current, range.endIndex - range.startIndex + 1);
  const size = Math.min(range.count, mostInView.current + 2 * range.overscan);
  const start = Math.max(0, Math.min(range.startIndex - range.overscan, range.count - size));
  return Array.from({ length: size }, (_, i) => start + i);
}
