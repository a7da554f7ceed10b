import { describe, expect, it } from "vitest";
import { queryString } from "./query";

describe("queryString", () => {
  it("writes filters two levels deep, in order", () => {
    const q = queryString({ limit: 8, cursor: undefined, filter: { type: { eq: "task" }, owner_id: { in: ["a", "b"] } } });
    expect(decodeURIComponent(q)).toBe("limit=8&filter[type][eq]=task&filter[owner_id][in]=a,b");
  });
  it("leaves out undefined and null and encodes values", () => {
    expect(queryString({ limit: 1, cursor: null, q: "a&b=c" })).toBe("limit=1&q=a%26b%3Dc");
  });
  it("writes a one-level filter as filter[field]=value", () => {
    expect(decodeURIComponent(queryString({ filter: { active: "true" } }))).toBe("filter[active]=true");
  });
});
