import { describe, expect, it } from "vitest";
import { fromDefinition, toDefinition, groupKey, measureKey, type ReportResult } from "./definition";
import { bucketDays, drillFilters, drillUrl, zoneMidnight } from "./drill";
import { compact, freeSpot, keyStep, overlaps, place } from "./grid";
import { answerCurrencies, chartModel } from "./answer";

describe("report definition", () => {
  it("round-trips the editor's state through the definition", () => {
    const s = {
      object: "deals",
      filters: [{ field: "amount", op: "gte" as const, value: "100000" }],
      groups: [{ kind: "owner" as const }, { kind: "date" as const, field: "closed_at", bucket: "quarter" as const }],
      measures: [{ op: "count" as const, field: "" }, { op: "sum" as const, field: "amount" }],
      sort: "-sum_amount",
    };
    const def = toDefinition(s);
    expect(def).toEqual({
      object: "deals",
      filter: { amount: { gte: "100000" } },
      group_by: ["owner_id", { field: "closed_at", bucket: "quarter" }],
      measures: [{ op: "count" }, { op: "sum", field: "amount" }],
      sort: "-sum_amount",
    });
    expect(fromDefinition(def)).toEqual(s);
    expect(groupKey(s.groups[1]!)).toBe("closed_at:quarter");
    expect(measureKey(s.measures[1]!)).toBe("sum_amount");
  });
  it("reads the server's normalised group-bys ({field: owner_id}, {field: team})", () => {
    const s = fromDefinition({ object: "deals", group_by: [{ field: "owner_id" }, { field: "team" }], measures: [{ op: "count" }] });
    expect(s.groups).toEqual([{ kind: "owner" }, { kind: "team" }]);
  });
});

describe("drill-down", () => {
  it("turns bucket labels into day ranges", () => {
    expect(bucketDays("2026-Q4", "quarter")).toEqual({ from: "2026-10-01", to: "2027-01-01" });
    expect(bucketDays("2026-02", "month")).toEqual({ from: "2026-02-01", to: "2026-03-01" });
    expect(bucketDays("2026-W01", "week")).toEqual({ from: "2025-12-29", to: "2026-01-05" });
    expect(bucketDays("2026-W11", "week")).toEqual({ from: "2026-03-09", to: "2026-03-16" });
    expect(bucketDays("2024-12-31", "day")).toEqual({ from: "2024-12-31", to: "2025-01-01" });
    expect(bucketDays("2026", "year")).toEqual({ from: "2026-01-01", to: "2027-01-01" });
    expect(bucketDays("nonsense", "year")).toBeNull();
  });
  it("finds a zone's midnight in UTC, across a change of offset too", () => {
    expect(zoneMidnight("2026-01-15", "UTC")).toBe("2026-01-15T00:00:00.000Z");
    expect(zoneMidnight("2026-01-15", "Europe/Paris")).toBe("2026-01-14T23:00:00.000Z");
    expect(zoneMidnight("2026-07-01", "Europe/Paris")).toBe("2026-06-30T22:00:00.000Z");
    expect(zoneMidnight("2026-03-01", "America/New_York")).toBe("2026-03-01T05:00:00.000Z");
    expect(zoneMidnight("2026-04-01", "Asia/Kolkata")).toBe("2026-03-31T18:30:00.000Z");
  });
  it("adds a filter per group value, the narrower bound, the currency", () => {
    const groupBy: ReportResult["group_by"] = [
      { key: "owner_id", field: "owner_id", kind: "owner" },
      { key: "closed_at:month", field: "closed_at", kind: "time", bucket: "month" },
    ];
    const base = [{ field: "closed_at", op: "gte" as const, value: "2026-03-15T00:00:00.000Z" }, { field: "status", op: "eq" as const, value: "won" }];
    expect(drillFilters(base, groupBy, ["u1", "2026-03"], "EUR", "UTC", [])).toEqual([
      { field: "closed_at", op: "gte", value: "2026-03-15T00:00:00.000Z" },
      { field: "status", op: "eq", value: "won" },
      { field: "owner_id", op: "eq", value: "u1" },
      { field: "closed_at", op: "lt", value: "2026-04-01T00:00:00.000Z" },
      { field: "currency", op: "eq", value: "EUR" },
    ]);
    expect(drillFilters([], groupBy, [null, "2026-03"], null, "UTC", [])?.[0]).toEqual({ field: "owner_id", op: "is_null", value: "true" });
  });
  it("says a team as its members, and gives up on the no-team group", () => {
    const groupBy: ReportResult["group_by"] = [{ key: "team", field: "team", kind: "team" }];
    expect(drillFilters([], groupBy, ["t1"], null, "UTC", [{ id: "t1", member_ids: ["a", "b"] }])).toEqual([{ field: "owner_id", op: "in", value: "a,b" }]);
    expect(drillFilters([], groupBy, [null], null, "UTC", [])).toBeNull();
  });
  it("writes the list page's URL", () => {
    expect(drillUrl("deals", [{ field: "stage_id", op: "eq", value: "s1" }])).toBe("/deals?filter%5Bstage_id%5D%5Beq%5D=s1");
  });
});

describe("dashboard grid", () => {
  const a = { x: 0, y: 0, w: 6, h: 4 };
  const b = { x: 6, y: 0, w: 6, h: 4 };
  const c = { x: 0, y: 4, w: 12, h: 3 };
  it("pushes what a moved widget lands on and rises again", () => {
    const out = place([a, b, c], 2, { x: 0, y: 0, w: 12, h: 3 });
    expect(out[2]).toEqual({ x: 0, y: 0, w: 12, h: 3 });
    expect(out[0]).toEqual({ x: 0, y: 3, w: 6, h: 4 });
    expect(out[1]).toEqual({ x: 6, y: 3, w: 6, h: 4 });
    for (let i = 0; i < out.length; i++) for (let j = i + 1; j < out.length; j++) expect(overlaps(out[i]!, out[j]!)).toBe(false);
  });
  it("swaps with the widget below when moved down onto it", () => {
    const out = place([a, b, c], 0, { ...a, y: 1 });
    expect(out[2]!.y).toBe(0);
    expect(out[0]!.y).toBe(3);
  });
  it("clamps to the 12 columns and closes holes", () => {
    expect(place([a], 0, { x: 10, y: 5, w: 6, h: 4 })[0]).toEqual({ x: 6, y: 0, w: 6, h: 4 });
    expect(compact([{ x: 0, y: 9, w: 3, h: 2 }])[0]!.y).toBe(0);
  });
  it("finds a free spot and steps with the keyboard", () => {
    expect(freeSpot([a, b], 4, 3)).toEqual({ x: 0, y: 4, w: 4, h: 3 });
    expect(keyStep(a, "ArrowRight", false)).toEqual({ ...a, x: 1 });
    expect(keyStep(a, "ArrowRight", true)).toEqual({ ...a, w: 7 });
    expect(keyStep(a, "ArrowLeft", false)).toEqual(a);
    expect(keyStep(a, "Enter", false)).toBeNull();
  });
});

describe("answer", () => {
  const answer: ReportResult = {
    object: "deals",
    time_zone: "UTC",
    group_by: [
      { key: "owner_id", field: "owner_id", kind: "owner" },
      { key: "stage_id", field: "stage_id", kind: "field" },
    ],
    measures: [{ key: "sum_amount", op: "sum", field: "amount", money: true }],
    currency_split: true,
    rows: [
      { groups: ["u1", "s1"], currency: "EUR", values: { sum_amount: 100 } },
      { groups: ["u1", "s2"], currency: "EUR", values: { sum_amount: 50 } },
      { groups: ["u2", "s2"], currency: "EUR", values: { sum_amount: 70 } },
      { groups: ["u2", "s2"], currency: "USD", values: { sum_amount: 9 } },
    ],
    series: [],
    totals: [],
    truncated: false,
  };
  it("charts one currency, a dataset per first group along the second", () => {
    expect(answerCurrencies(answer)).toEqual(["EUR", "USD"]);
    const m = chartModel(answer, "sum_amount", "EUR", (_, v) => String(v), "Sum");
    expect(m.labels).toEqual(["s1", "s2"]);
    expect(m.datasets.map((d) => [d.label, d.data])).toEqual([
      ["u1", [100, 50]],
      ["u2", [null, 70]],
    ]);
    expect(m.datasets[1]!.points[1]).toEqual({ groups: ["u2", "s2"], currency: "EUR" });
  });
});
