import { describe, expect, it } from "vitest";
import { appendPage, boardOf, columnTotals, moveCard, placementFor, sumCards, type BoardCard, type BoardState } from "./boardModel";

function card(id: string, amount: number | null = 1000, currency: string | null = "EUR"): BoardCard {
  return { id, name: id, amount, currency, expected_close_date: null, company_id: null, owner_id: null, stage_entered_at: null, version: 1 };
}

function board(): BoardState {
  return {
    pipelineId: "p",
    name: "Sales",
    columns: [
      { id: "s1", name: "Lead in", kind: "open", probability: 10, cards: [card("a"), card("b", 500, "USD"), card("c")], nextCursor: null, count: 3, amounts: { EUR: 2000, USD: 500 } },
      { id: "s2", name: "Proposal", kind: "open", probability: 50, cards: [card("d")], nextCursor: "x", count: 7, amounts: { EUR: 7000 } },
      { id: "s3", name: "Lost", kind: "lost", probability: 0, cards: [], nextCursor: null, count: 0, amounts: {} },
    ],
  };
}

describe("placementFor", () => {
  it("puts a card below the one above it", () => {
    expect(placementFor(["a", "m", "b"], 1)).toEqual({ after_id: "a" });
    expect(placementFor(["a", "b", "m"], 2)).toEqual({ after_id: "b" });
  });
  it("puts a first card above the one below it", () => {
    expect(placementFor(["m", "a", "b"], 0)).toEqual({ before_id: "a" });
  });
  it("names no neighbour in an otherwise empty column", () => {
    expect(placementFor(["m"], 0)).toEqual({});
  });
});

describe("moveCard", () => {
  it("moves a card to another column with its count and amount", () => {
    const next = moveCard(board(), "b", "s2", 1);
    expect(next.columns[0]!.cards.map((c) => c.id)).toEqual(["a", "c"]);
    expect(next.columns[1]!.cards.map((c) => c.id)).toEqual(["d", "b"]);
    expect(next.columns[0]!.count).toBe(2);
    expect(next.columns[1]!.count).toBe(8);
    expect(next.columns[0]!.amounts).toEqual({ EUR: 2000 });
    expect(next.columns[1]!.amounts).toEqual({ EUR: 7000, USD: 500 });
  });
  it("reorders within a column without touching its totals", () => {
    const next = moveCard(board(), "a", "s1", 2);
    expect(next.columns[0]!.cards.map((c) => c.id)).toEqual(["b", "c", "a"]);
    expect(next.columns[0]!.count).toBe(3);
    expect(next.columns[0]!.amounts).toEqual({ EUR: 2000, USD: 500 });
  });
  it("clamps the index and leaves the input unchanged", () => {
    const before = board();
    const next = moveCard(before, "a", "s3", 99);
    expect(next.columns[2]!.cards.map((c) => c.id)).toEqual(["a"]);
    expect(before.columns[0]!.cards).toHaveLength(3);
    expect(before.columns[2]!.cards).toHaveLength(0);
  });
  it("gives the board back for an unknown card or column", () => {
    const b = board();
    expect(moveCard(b, "zz", "s2", 0)).toBe(b);
    expect(moveCard(b, "a", "nope", 0)).toBe(b);
  });
  it("keeps hidden amounts hidden", () => {
    const b = board();
    b.columns[0]!.amounts = null;
    expect(moveCard(b, "a", "s2", 0).columns[0]!.amounts).toBeNull();
  });
});

describe("columnTotals", () => {
  it("gives one line per currency, never adding currencies, with the weighted amount", () => {
    expect(columnTotals({ EUR: 10000, USD: 25001, JPY: 0 }, 25)).toEqual([
      { currency: "USD", amount: 25001, weighted: 6250 },
      { currency: "EUR", amount: 10000, weighted: 2500 },
    ]);
  });
  it("is empty when amounts are hidden", () => {
    expect(columnTotals(null, 50)).toEqual([]);
  });
  it("sums cards per currency", () => {
    expect(sumCards([card("a", 100), card("b", 50, "USD"), card("c", null), card("d", 5)])).toEqual({ EUR: 105, USD: 50 });
  });
});

describe("boardOf and appendPage", () => {
  it("reads the server's answer, leaving archived stages out", () => {
    const b = boardOf({
      pipeline_id: "p",
      name: "Sales",
      stages: [
        { id: "s1", name: "A", position: 0, probability: 20, type: "open", deals: [{ id: "a", name: "Deal", version: 3 }], next_cursor: null, count: 1, amount_by_currency: {} },
        { id: "s2", name: "Old", position: 1, probability: 20, type: "open", archived: true, deals: [] },
      ],
    });
    expect(b.columns).toHaveLength(1);
    expect(b.columns[0]!.cards[0]).toMatchObject({ id: "a", name: "Deal", version: 3, amount: null });
  });
  it("appends a page without duplicating a card already there", () => {
    const next = appendPage(board(), "s2", [card("d"), card("e")], null);
    expect(next.columns[1]!.cards.map((c) => c.id)).toEqual(["d", "e"]);
    expect(next.columns[1]!.nextCursor).toBeNull();
  });
});
