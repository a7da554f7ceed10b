// Reordering a list of keyed items (a pipeline's stages, a rule's actions): dnd-kit's arrayMove by
// keys for a drop, one place up or down for the buttons beside the drag handle.

/** Moves the item `from` to where `to` is; unknown keys change nothing. */
export function moveKeyed<T extends { key: string }>(list: T[], from: string, to: string): T[] {
  const i = list.findIndex((s) => s.key === from);
  const j = list.findIndex((s) => s.key === to);
  if (i < 0 || j < 0 || i === j) return list;
  const next = [...list];
  const [moved] = next.splice(i, 1);
  next.splice(j, 0, moved!);
  return next;
}

/** Moves an item one place up (-1) or down (+1). */
export function nudgeKeyed<T extends { key: string }>(list: T[], key: string, delta: -1 | 1): T[] {
  const i = list.findIndex((s) => s.key === key);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= list.length) return list;
  return moveKeyed(list, key, list[j]!.key);
}

let counter = 0;
/** A key for an item made in the browser (no server id yet). */
export function newKey(): string {
  counter += 1;
  return `new-${counter}`;
}
