import { describe, expect, it } from "vitest";
import { withPinned } from "./columnWindow";

describe("withPinned", () => {
  it("keeps the virtualiser's window as it is when nothing is pinned", () => {
    expect(withPinned([3, 4, 5], [], 10)).toEqual([3, 4, 5]);
    expect(withPinned([3, 4, 5], [null, undefined], 10)).toEqual([3, 4, 5]);
  });
  it("adds a dragged or focused card far from the window, in order", () => {
    expect(withPinned([10, 11, 12], [0, 499], 500)).toEqual([0, 10, 11, 12, 499]);
  });
  it("does not repeat a pinned card already in the window", () => {
    expect(withPinned([1, 2, 3], [2, 2], 5)).toEqual([1, 2, 3]);
  });
  it("drops indexes outside the column (a card that has just left it)", () => {
    expect(withPinned([0, 1], [-1, 2, 7], 2)).toEqual([0, 1]);
    expect(withPinned([], [0], 0)).toEqual([]);
  });
});
