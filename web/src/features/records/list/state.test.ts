import { describe, expect, it } from "vitest";
import { moveColumn, nextSort, parseListState, serializeListState, withFilter, sortDirection } from "./state";

describe("list state in the URL", () => {
  it("round-trips filters, sort, columns and the view", () => {
    const s = {
      filters: [
        { field: "city", op: "eq" as const, value: "Berlin, Mitte" },
        { field: "created_at", op: "gt" as const, value: "2026-01-01" },
        { field: "custom.tier", op: "in" as const, value: "gold,silver" },
      ],
      sort: "-created_at",
      columns: ["email", "city", "custom.tier"],
      view: "v1",
    };
    const text = serializeListState(s).toString();
    expect(text).toContain("filter%5Bcity%5D%5Beq%5D=Berlin%2C+Mitte");
    expect(parseListState(new URLSearchParams(text))).toEqual(s);
  });

  it("reads the plain eq form and ignores unknown operators", () => {
    const s = parseListState(new URLSearchParams("filter[city]=Paris&filter[x][like]=a"));
    expect(s.filters).toEqual([{ field: "city", op: "eq", value: "Paris" }]);
    expect(s.sort).toBeNull();
    expect(s.columns).toBeNull();
  });

  it("replaces a filter on the same field and operator", () => {
    const fs = withFilter([{ field: "city", op: "eq", value: "A" }], { field: "city", op: "eq", value: "B" });
    expect(fs).toEqual([{ field: "city", op: "eq", value: "B" }]);
    expect(withFilter(fs, { field: "city", op: "ne", value: "C" })).toHaveLength(2);
  });

  it("cycles sort asc, desc, none", () => {
    expect(nextSort(null, "name")).toBe("name");
    expect(nextSort("name", "name")).toBe("-name");
    expect(nextSort("-name", "name")).toBeNull();
    expect(nextSort("-amount", "name")).toBe("name");
    expect(sortDirection("-name", "name")).toBe("desc");
    expect(sortDirection("name", "named")).toBeNull();
  });

  it("moves columns within bounds", () => {
    expect(moveColumn(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveColumn(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});
