import { describe, expect, it } from "vitest";
import { withTag } from "./tags";

describe("typed tags", () => {
  it("adds a typed tag once, regardless of case", () => {
    expect(withTag(["VIP"], " vip, ")).toEqual(["VIP"]);
    expect(withTag(["VIP"], "refund,")).toEqual(["VIP", "refund"]);
    expect(withTag([], "  ")).toEqual([]);
    expect(withTag([], "x".repeat(80), 64)).toEqual(["x".repeat(64)]);
  });
});
