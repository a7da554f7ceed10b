import { describe, expect, it } from "vitest";
import { buildConflict, changedFields, patchBody } from "./conflict";

const seen = { id: "1", version: 3, name: "Acme", city: "Berlin", emails: ["a@x.io"], custom: { tier: "gold" }, updated_at: "t1" };

describe("changedFields", () => {
  it("lists the fields that differ, custom fields by name, not the bookkeeping", () => {
    const fresh = { ...seen, version: 4, city: "Paris", updated_at: "t2", custom: { tier: "silver" } };
    expect(changedFields(seen, fresh)).toEqual([
      { field: "city", before: "Berlin", after: "Paris" },
      { field: "custom.tier", before: "gold", after: "silver" },
    ]);
  });
  it("treats null, missing and empty alike, and compares arrays by content", () => {
    expect(changedFields({ a: null, b: [], e: ["x"] }, { a: "", e: ["x"] })).toEqual([]);
    expect(changedFields({ e: ["x"] }, { e: ["x", "y"] })).toEqual([{ field: "e", before: ["x"], after: ["x", "y"] }]);
  });
});

describe("buildConflict", () => {
  const history = [
    { actor_id: "u2", at: "2026-12-03T10:00:00Z", changes: [{ field: "city", before: "Berlin", after: "Paris" }] },
    { actor_id: "u3", at: "2026-12-02T10:00:00Z", changes: [{ field: "name", before: "A", after: "Acme" }] },
  ];
  it("shows their value, mine, who changed it and the other moved fields", () => {
    const fresh = { ...seen, version: 5, city: "Paris", name: "Acme Inc" };
    const c = buildConflict("city", "Rome", "Berlin", fresh, seen, history);
    expect(c).toMatchObject({ field: "city", mine: "Rome", theirs: "Paris", base: "Berlin", version: 5, by: "u2" });
    expect(c?.others).toEqual([{ field: "name", before: "Acme", after: "Acme Inc" }]);
  });
  it("is no conflict when the server already has my value", () => {
    expect(buildConflict("city", "Paris", "Berlin", { ...seen, version: 5, city: "Paris" }, seen, history)).toBeNull();
  });
  it("names nobody when the field itself did not change", () => {
    const c = buildConflict("city", "Rome", "Berlin", { ...seen, version: 5, name: "Other" }, seen, history);
    expect(c?.by).toBeNull();
    expect(c?.theirs).toBe("Berlin");
  });
  it("reads custom fields", () => {
    const c = buildConflict("custom.tier", "bronze", "gold", { ...seen, version: 4, custom: { tier: "silver" } }, seen, []);
    expect(c?.theirs).toBe("silver");
  });
});

describe("patchBody", () => {
  it("nests custom fields", () => {
    expect(patchBody("custom.tier", "x")).toEqual({ custom: { tier: "x" } });
    expect(patchBody("city", null)).toEqual({ city: null });
  });
});
