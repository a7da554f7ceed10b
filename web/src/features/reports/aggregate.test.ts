import { describe, expect, it } from "vitest";
import type { Deal, Pipeline } from "../../api/types";
import { aggregatePipeline } from "./aggregate";

const pipeline: Pipeline = {
  id: "p",
  name: "Sales",
  stages: [
    { id: "a", name: "A", position: 1, probability: 15, type: "open" },
    { id: "b", name: "B", position: 2, probability: 50, type: "open" },
    { id: "w", name: "Won", position: 3, probability: 100, type: "won" },
  ],
};
const deal = (stage_id: string, amount: number | null, currency: string | null): Deal =>
  ({ id: Math.random().toString(), version: 1, created_at: "", updated_at: "", stage_id, amount, currency }) as Deal;

describe("aggregatePipeline", () => {
  it("adds up open stages per currency and rounds the weighted amount half up once", () => {
    const r = aggregatePipeline(pipeline, [deal("a", 3, "EUR"), deal("a", 7, "EUR"), deal("a", 100, "USD"), deal("b", null, null), deal("w", 999, "EUR")]);
    expect(r.stages.map((s) => s.name)).toEqual(["A", "B"]);
    // 3×15 + 7×15 = 150 → 1.5 → 2 (once, not 0.45→0 + 1.05→1)
    expect(r.stages[0]).toMatchObject({ count: 3, amounts: [{ currency: "EUR", amount: 10, weighted_amount: 2 }, { currency: "USD", amount: 100, weighted_amount: 15 }] });
    expect(r.stages[1]).toMatchObject({ count: 1, amounts: [] });
    expect(r.totals).toEqual({ count: 4, amounts: [{ currency: "EUR", amount: 10, weighted_amount: 2 }, { currency: "USD", amount: 100, weighted_amount: 15 }] });
  });
});
