import { describe, expect, it } from "vitest";
import { choicesFor, groupPairs, keptIds, MAX_GROUP, mergeIds, movedTotal, previewRows, reasonKey } from "./pairs";
import type { FieldPreview, Pair } from "./api";

const f = (field: string, a: unknown, b: unknown, chosen = "a"): FieldPreview => ({
  field,
  values: [
    { id: "a", value: a },
    { id: "b", value: b },
  ],
  chosen,
  value: chosen === "a" ? a : b,
});

describe("duplicate pairs", () => {
  it("names a reason's catalogue key", () => {
    expect(reasonKey("same email")).toBe("dedupe.reason.sameEmail");
    expect(reasonKey("similar name")).toBe("dedupe.reason.similarName");
  });

  it("lists fields with a value, those that differ first", () => {
    const rows = previewRows([f("city", "Rome", "Rome"), f("phone", null, ""), f("email", "a@x", "b@x"), f("tags", [], ["x"])]);
    expect(rows.map((r) => [r.field.field, r.differs])).toEqual([
      ["email", true],
      ["tags", true],
      ["city", false],
    ]);
  });

  it("keeps the person's choices over the defaults", () => {
    expect(keptIds([f("city", "Rome", "Paris"), f("email", "a", "b", "b")], { city: "b" })).toEqual({ city: "b", email: "b" });
  });

  it("puts the survivor first and drops choices of other records", () => {
    expect(mergeIds(["a", "b"], "b")).toEqual(["b", "a"]);
    expect(choicesFor({ city: "b", email: "z" }, ["a", "b"])).toEqual({ city: "b" });
    expect(movedTotal({ activity_links: 3, deal_contacts: 2 })).toBe(5);
  });

  const pair = (a: string, b: string, percent: number, reasons: string[] = ["same name"], found = "2026-01-01T00:00:00Z"): Pair => ({
    object: "contacts",
    ids: [a, b],
    confidence_percent: percent,
    reasons,
    found_at: found,
  });

  it("joins pairs sharing a record into one group, strongest first", () => {
    const groups = groupPairs([
      pair("a", "b", 90, ["same email"]),
      pair("x", "y", 80),
      pair("b", "c", 70, ["same phone", "same name"], "2026-02-01T00:00:00Z"),
      pair("c", "a", 60),
    ]);
    expect(groups.map((g) => g.ids)).toEqual([["a", "b", "c"], ["x", "y"]]);
    expect(groups[0]!.pairs).toHaveLength(3);
    expect(groups[0]!.confidence_percent).toBe(90);
    expect(groups[0]!.reasons).toEqual(["same email", "same phone", "same name"]);
    expect(groups[0]!.found_at).toBe("2026-02-01T00:00:00Z");
  });

  it("joins two groups a later pair links, and leaves a group too large to merge as its pairs", () => {
    expect(groupPairs([pair("a", "b", 90), pair("c", "d", 80), pair("d", "a", 70)]).map((g) => g.ids)).toEqual([["a", "b", "c", "d"]]);
    const chain = Array.from({ length: MAX_GROUP }, (_, i) => pair(`r${i}`, `r${i + 1}`, 90));
    const groups = groupPairs(chain);
    expect(groups).toHaveLength(MAX_GROUP);
    expect(groups.every((g) => g.ids.length === 2)).toBe(true);
  });
});
