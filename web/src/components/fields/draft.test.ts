import { describe, expect, it } from "vitest";
import { fromDraft, toDraft, toLocalInput } from "./draft";

describe("drafts", () => {
  it("edits money as a decimal of the currency and saves minor units", () => {
    expect(toDraft("money", 123456, "EUR")).toBe("1234.56");
    expect(toDraft("money", 500, "JPY")).toBe("500");
    expect(fromDraft("money", "1,250.5", "EUR")).toEqual({ ok: true, value: 125050 });
    expect(fromDraft("money", "lots", "EUR")).toEqual({ ok: false, error: "money" });
  });
  it("empties to null, lists drop blanks, numbers are checked", () => {
    expect(fromDraft("text", "  ", null)).toEqual({ ok: true, value: null });
    expect(fromDraft("emails", ["a@x.io", " ", "b@x.io "], null)).toEqual({ ok: true, value: ["a@x.io", "b@x.io"] });
    expect(fromDraft("number", "12 000", null)).toEqual({ ok: true, value: 12000 });
    expect(fromDraft("number", "twelve", null)).toEqual({ ok: false, error: "number" });
    expect(fromDraft("country", "de", null)).toEqual({ ok: true, value: "DE" });
  });
  it("round-trips a date-time through local time", () => {
    const iso = new Date(2026, 11, 3, 9, 30).toISOString();
    expect(toLocalInput(iso)).toBe("2026-12-03T09:30");
    expect(fromDraft("datetime", toDraft("datetime", iso), null)).toEqual({ ok: true, value: iso });
  });
});
