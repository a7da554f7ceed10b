// The dashboard's grid, 12 columns wide (the server's bounds: x 0-11, w 1-12, x + w <= 12, y 0-1000,
// h 1-24): moving or resizing a widget pushes the widgets it lands on down, then every widget rises
// as far as the ones above let it, so the grid never overlaps and never keeps holes.
export const COLUMNS = 12;
export const MAX_ROW = 1000;
export const MAX_HEIGHT = 24;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function clampBox(b: Box): Box {
  const w = clamp(Math.round(b.w), 1, COLUMNS);
  const h = clamp(Math.round(b.h), 1, MAX_HEIGHT);
  return { x: clamp(Math.round(b.x), 0, COLUMNS - w), y: clamp(Math.round(b.y), 0, MAX_ROW), w, h };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Every widget as high as the widgets above it allow, in reading order (`first` wins a tie). */
export function compact<T extends Box>(items: T[], first = -1): T[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.y - items[b]!.y || (a === first ? -1 : b === first ? 1 : items[a]!.x - items[b]!.x));
  const placed: (T | undefined)[] = new Array(items.length);
  const done: T[] = [];
  for (const i of order) {
    let it = { ...items[i]!, y: 0 };
    while (done.some((d) => overlaps(d, it))) it = { ...it, y: it.y + 1 };
    placed[i] = it;
    done.push(it);
  }
  return placed as T[];
}

/**
 * The widgets with widget `index` moved or resized to `box` (clamped), the others making room:
 * moved up, it goes above the widgets it lands on; moved down onto a widget, the two swap.
 */
export function place<T extends Box>(items: T[], index: number, box: Box): T[] {
  const old = items[index]!;
  let moved = { ...old, ...clampBox(box) };
  let next = items.map((it, i) => (i === index ? moved : it));
  if (moved.y > old.y) {
    next = next.map((it, i) => {
      if (i === index || !overlaps(it, moved) || it.y < old.y) return it;
      moved = { ...moved, y: Math.max(moved.y, old.y + it.h) };
      return { ...it, y: old.y };
    });
    next[index] = moved;
  }
  const pushed = next.map((it, i) => (i !== index && overlaps(it, moved) ? { ...it, y: moved.y + moved.h } : it));
  return compact(pushed, index);
}

/** Where a new widget of w × h goes: the first place from the top left with room for it. */
export function freeSpot(items: Box[], w: number, h: number): Box {
  for (let y = 0; y <= MAX_ROW; y++)
    for (let x = 0; x + w <= COLUMNS; x++) {
      const b = { x, y, w, h };
      if (!items.some((it) => overlaps(it, b))) return b;
    }
  return { x: 0, y: MAX_ROW, w, h };
}

/** A keyboard step: arrows move the widget by one cell; with resize they change its width and height. */
export function keyStep(b: Box, key: string, resize: boolean): Box | null {
  const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  if (!d) return null;
  return resize ? clampBox({ ...b, w: b.w + d[0]!, h: b.h + d[1]! }) : clampBox({ ...b, x: b.x + d[0]!, y: b.y + d[1]! });
}
