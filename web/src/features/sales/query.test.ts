import { describe, expect, it } from "vitest";
import { deepQuery } from "./query";

describe("deepQuery", () => {
  it("writes filters two levels deep", () => {
    expect(decodeURIComponent(deepQuery({ limit: 100, filter: { id: { in: "a,b" }, active: "true" } }))).toBe("limit=100&filter[id][in]=a,b&filter[active]=true");
  });
  it("leaves out what is undefined", () => {
    expect(deepQuery({ limit: 1, cursor: undefined })).toBe("limit=1");
  });
});
