import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv";

describe("csv", () => {
  it("quotes every field and doubles quotes", () => {
    expect(csvField('Acme "Big" Deal')).toBe('"Acme ""Big"" Deal"');
    expect(toCsv([["a", "b,c"], ["1", "line\nbreak"]])).toBe('"a","b,c"\r\n"1","line\nbreak"\r\n');
  });
  it("keeps formulas as text", () => {
    for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvField(f)).toBe(`"'${f}"`);
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("a=b")).toBe('"a=b"');
  });
});
