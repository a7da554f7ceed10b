import { describe, expect, it } from "vitest";
import { buildCsv, csvCell } from "./csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(["x", "y"])).toBe('"x, y"');
  });

  it("guards against formula injection in text but not in numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("builds a file with a header and CRLF lines", () => {
    expect(buildCsv(["Name", "City"], [["Ada", "London"], ["Bob", "Paris, TX"]])).toBe('Name,City\r\nAda,London\r\nBob,"Paris, TX"\r\n');
  });
});
