import { describe, expect, it } from "vitest";
import { assignSlots, windowOf } from "./slots";
import { currentIndex } from "./current";

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);

describe("row slots", () => {
  it("numbers the first records in view from 0", () => {
    expect([...assignSlots(ids(0, 4), new Map()).values()]).toEqual([0, 1, 2, 3]);
  });

  it("gives the records scrolling in the slots of those that scrolled out, the rest keep theirs", () => {
    const first = assignSlots(ids(0, 5), new Map());
    const next = assignSlots(ids(2, 7), first);
    expect(next.get("r2")).toBe(2);
    expect(next.get("r4")).toBe(4);
    // r0 and r1 left: r5 and r6 take their slots, no new slot is opened.
    expect(new Set([next.get("r5"), next.get("r6")])).toEqual(new Set([0, 1]));
    expect(new Set(next.values()).size).toBe(5);
  });

  it("keeps a record's slot when rows are inserted above it", () => {
    const first = assignSlots(["a", "b", "c"], new Map());
    const next = assignSlots(["new", "a", "b"], first);
    expect(next.get("a")).toBe(first.get("a"));
    expect(next.get("b")).toBe(first.get("b"));
    expect(next.get("new")).toBe(first.get("c"));
  });

  it("never gives two records one slot and stays within the most records ever in view", () => {
    let slots = new Map<string, number>();
    for (let top = 0; top < 500; top += 7) {
      const view = ids(top, top + 20 + (top % 5));
      slots = assignSlots(view, slots);
      const values = view.map((id) => slots.get(id)!);
      expect(new Set(values).size).toBe(view.length);
      expect(Math.max(...values)).toBeLessThan(25);
    }
  });

  it("opens new slots when more records come into view", () => {
    const first = assignSlots(ids(0, 3), new Map());
    const next = assignSlots(ids(0, 5), first);
    expect(next.get("r3")).toBe(3);
    expect(next.get("r4")).toBe(4);
  });
});

describe("the current row", () => {
  const rows = ids(0, 10).map((id) => ({ id }));

  it("is the first row before one is chosen", () => {
    expect(currentIndex(rows, { id: null, index: 0 })).toBe(0);
    expect(currentIndex([], { id: null, index: 3 })).toBe(0);
  });

  it("follows its record when rows are inserted above it", () => {
    expect(currentIndex([{ id: "x" }, { id: "y" }, ...rows], { id: "r4", index: 4 })).toBe(6);
  });

  it("stays at its place, within the rows, when its record is gone", () => {
    expect(currentIndex(rows.filter((r) => r.id !== "r4"), { id: "r4", index: 4 })).toBe(4);
    expect(currentIndex(rows.slice(0, 3), { id: "r9", index: 9 })).toBe(2);
  });
});

describe("the window of rows", () => {
  const range = (startIndex: number, endIndex: number, count = 1000) => ({ startIndex, endIndex, overscan: 3, count });

  it("keeps one size while the rows in view vary by one", () => {
    const most = { current: 0 };
    const a = windowOf(range(10, 20), most);
    const b = windowOf(range(11, 20), most);
    expect(a).toEqual(Array.from({ length: 17 }, (_, i) => 7 + i));
    expect(b.length).toBe(17);
    expect(b[0]).toBe(8);
  });

  it("is shifted down at the top and up at the end of the rows", () => {
    const most = { current: 0 };
    expect(windowOf(range(0, 10), most)).toEqual(Array.from({ length: 17 }, (_, i) => i));
    expect(windowOf(range(990, 999), most)).toEqual(Array.from({ length: 17 }, (_, i) => 983 + i));
  });

  it("holds every row when there are fewer than a window", () => {
    expect(windowOf(range(0, 4, 5), { current: 0 })).toEqual([0, 1, 2, 3, 4]);
    expect(windowOf(range(0, 0, 0), { current: 0 })).toEqual([]);
  });
});
