import { describe, expect, it } from "vitest";
import { decimalAmount, minorOfDecimal } from "../../../i18n";
import { amountCurrency, amountInput, amountValue, amountWords, filtersCurrency } from "./money";

describe("amounts typed in the main unit of their currency", () => {
  it("are minor units by the currency's own decimals: none for JPY, three for KWD, two for EUR", () => {
    expect(minorOfDecimal("1500", "JPY")).toBe(1500);
    expect(minorOfDecimal("1.234", "KWD")).toBe(1234);
    expect(minorOfDecimal("1.234", "BHD")).toBe(1234);
    expect(minorOfDecimal("12.34", "EUR")).toBe(1234);
    expect(minorOfDecimal("12.5", "EUR")).toBe(1250);
    expect(minorOfDecimal("0.1", "KWD")).toBe(100);
    expect(minorOfDecimal("-3", "KWD")).toBe(-3000);
  });
  it("are exact where floating point is not (0.29 × 100 is 28.999…)", () => {
    expect(minorOfDecimal("0.29", "EUR")).toBe(29);
    expect(minorOfDecimal("1.005", "KWD")).toBe(1005);
  });
  it("are refused with more decimals than the currency has, or when not a number", () => {
    expect(minorOfDecimal("1500.5", "JPY")).toBeNull();
    expect(minorOfDecimal("1.2345", "KWD")).toBeNull();
    expect(minorOfDecimal("1.50", "JPY")).toBeNull();
    expect(minorOfDecimal("1.000", "JPY")).toBe(1);
    expect(minorOfDecimal("abc", "EUR")).toBeNull();
    expect(minorOfDecimal("1e3", "EUR")).toBeNull();
    expect(minorOfDecimal("99999999999999999", "EUR")).toBeNull();
  });
  it("go back to what was typed", () => {
    expect(decimalAmount(1234, "KWD")).toBe("1.234");
    expect(decimalAmount(1500, "JPY")).toBe("1500");
    expect(amountInput("1234", "KWD")).toBe("1.234");
    expect(amountInput("1000,2500", "JPY")).toBe("1000,2500");
    expect(amountInput("150000", "EUR")).toBe("1500.00");
  });
});

describe("a money filter's value", () => {
  it("is in minor units of the filter's currency, a list for in", () => {
    expect(amountValue("1000", "JPY")).toBe("1000");
    expect(amountValue("1.234", "KWD")).toBe("1234");
    expect(amountValue("10, 20.5", "EUR")).toBe("1000,2050");
    expect(amountValue("1.5", "JPY")).toBeNull();
    expect(amountValue("", "EUR")).toBeNull();
  });
  it("takes its currency from a custom money field, else from an \"is\" filter on the record's currency", () => {
    const jpy = [{ field: "currency", op: "eq" as const, value: "jpy" }];
    expect(filtersCurrency(jpy)).toBe("JPY");
    expect(filtersCurrency([{ field: "currency", op: "in" as const, value: "JPY,EUR" }])).toBeNull();
    expect(amountCurrency({ currency: "KWD" }, jpy)).toBe("KWD");
    expect(amountCurrency({}, jpy)).toBe("JPY");
    expect(amountCurrency(undefined, [])).toBeNull();
  });
  it("is said as money of that currency, or as minor units when there is none", () => {
    expect(amountWords("1500", "JPY")).toMatch(/1,500/);
    expect(amountWords("1500", "JPY")).not.toMatch(/15\.00/);
    expect(amountWords("1234", "KWD")).toMatch(/1\.234/);
    expect(amountWords("1500", null)).toBe("1,500 (minor units)");
  });
});
