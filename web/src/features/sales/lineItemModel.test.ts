import { describe, expect, it } from "vitest";
import { parseQuantity } from "./lineItemModel";

describe("parseQuantity", () => {
  it("reads decimal points and commas", () => {
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1.5")).toBe(1.5);
    expect(parseQuantity("1,5")).toBe(1.5);
    expect(parseQuantity("1,234.5")).toBe(1234.5);
    expect(parseQuantity("10 %")).toBe(10);
  });
  it("refuses what is not a number", () => {
    expect(parseQuantity("")).toBeNull();
    expect(parseQuantity("two")).toBeNull();
    expect(parseQuantity("1..2")).toBeNull();
  });
});
