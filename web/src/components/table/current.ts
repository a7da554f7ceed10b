// The grid's current row (the one that takes the focus, tabIndex 0) follows its record, not its
// place: rows inserted above it by a live update or a refetch move it down with its record. When
// its record is gone (deleted, filtered out) the current row stays at its place, within the rows.

export interface Current {
  /** The record of the current row; null before one was chosen (the first row is current). */
  id: string | null;
  /** Its index when it was chosen: the fallback when the record is no longer in the rows. */
  index: number;
}

/** The index of the current row in `rows` (0 when there are none). */
export function currentIndex(rows: readonly { id: string }[], current: Current): number {
  if (current.id !== null) {
    const at = rows.findIndex((r) => r.id === current.id);
    if (at >= 0) return at;
  }
  return Math.max(0, Math.min(rows.length - 1, current.index));
}
