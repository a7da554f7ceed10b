import { describe, expect, it } from "vitest";
import { listQuery } from "./query";

describe("listQuery", () => {
  it("writes filter[field][op]=value and skips what is unset", () => {
    const q = listQuery({ limit: 8, cursor: undefined, filter: { type: "task", done: "false", owner_id: { in: "a,b" } } });
    expect(decodeURIComponent(q)).toBe("limit=8&filter[type]=task&filter[done]=false&filter[owner_id][in]=a,b");
  });
});
