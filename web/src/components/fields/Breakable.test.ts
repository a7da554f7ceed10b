import { describe, expect, it } from "vitest";
import { addressParts } from "./Breakable";

describe("addressParts", () => {
  it("cuts an address after @ and before dots", () => {
    expect(addressParts("maximilian.oberhauser@very-long-company.example.com")).toEqual([
      "maximilian",
      ".oberhauser@",
      "very-",
      "long-",
      "company",
      ".example",
      ".com",
    ]);
  });
  it("cuts a URL after slashes but not inside //", () => {
    expect(addressParts("https://example.com/a/b?x=1&y=2")).toEqual(["https://", "example", ".com/", "a/", "b", "?x=1", "&y=2"]);
  });
  it("keeps a text without break points whole, and an empty one empty", () => {
    expect(addressParts("abcdef")).toEqual(["abcdef"]);
    expect(addressParts("")).toEqual([""]);
  });
  it("always joins back to the text", () => {
    for (const s of ["a..b", "@@x", "-a-", "a--b", "a//b//c", "x@y.z, w@v.u"]) expect(addressParts(s).join("")).toBe(s);
  });
});
