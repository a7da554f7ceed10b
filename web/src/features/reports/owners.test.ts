import { describe, expect, it } from "vitest";
import { ownerParam } from "./owners";

describe("ownerParam", () => {
  it("names the owners, everyone or nobody", () => {
    expect(ownerParam(null)).toEqual({});
    expect(ownerParam([])).toBe("nobody");
    expect(ownerParam(["a"])).toEqual({ owner_id: "a" });
    expect(ownerParam(["a", "b"])).toEqual({ owner_id: "a,b" });
  });
  it("keeps to the API's 100 ids", () => {
    const many = Array.from({ length: 150 }, (_, i) => `u${i}`);
    expect((ownerParam(many) as { owner_id: string }).owner_id.split(",")).toHaveLength(100);
  });
});
