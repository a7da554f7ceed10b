// Which cards of a virtualised column are mounted: the virtualiser's window (visible cards plus
// overscan) and, besides, the card being dragged and the card holding focus wherever they are —
// dnd-kit loses a drag whose card unmounts, and a focused card that unmounts drops the focus to
// the page. No React here (columnWindow.test.ts).

/** `range` with the `pinned` indexes added, sorted, without repeats or indexes outside [0, count). */
export function withPinned(range: readonly number[], pinned: readonly (number | null | undefined)[], count: number): number[] {
  const out = new Set(range.filter((i) => i >= 0 && i < count));
  for (const i of pinned) if (i !== null && i !== undefined && i >= 0 && i < count) out.add(i);
  return [...out].sort((a, b) => a - b);
}
