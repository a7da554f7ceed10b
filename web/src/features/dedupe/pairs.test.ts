import { describe, expect, it } from "vitest";
import { choicesFor, keptIds, mergeIds, movedTotal, previewRows, reasonKey } from "./pairs";
import type { FieldPreview } from "./api";

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
});
