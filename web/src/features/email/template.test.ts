import { describe, expect, it } from "vitest";
import { errorPlace, insertAt, offsetOf, templatePieces, usedObjects } from "./template";

describe("email templates in the editor", () => {
  const known = (n: string) => n === "contact.first_name" || n === "company.custom.tier";

  it("marks the merge fields of a text, known or not, and the broken ones", () => {
    expect(templatePieces("Hi {{ contact.first_name }}, {{contact.nope}} {{oops}}!", known)).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "field", name: "contact.first_name", known: true },
      { kind: "text", text: ", " },
      { kind: "field", name: "contact.nope", known: false },
      { kind: "text", text: " " },
      { kind: "broken", text: "{{oops}}" },
      { kind: "text", text: "!" },
    ]);
    expect(templatePieces("{{company.custom.tier}}", known)).toEqual([{ kind: "field", name: "company.custom.tier", known: true }]);
    expect(templatePieces("no fields", known)).toEqual([{ kind: "text", text: "no fields" }]);
  });

  it("lists the records a template reads", () => {
    expect(usedObjects("Hi {{contact.first_name}}", "{{deal.name}} {{contact.last_name}}", "")).toEqual(["contact", "deal"]);
    expect(usedObjects("plain")).toEqual([]);
  });

  it("finds the server's line and column in the text, counting characters as the server does", () => {
    const place = errorPlace("has an unknown merge field {{contact.nope}} at line 2, column 4");
    expect(place).toEqual({ line: 2, column: 4 });
    const text = "Hello\nHi {{contact.nope}}";
    expect(text.slice(offsetOf(text, 2, 4))).toBe("{{contact.nope}}");
    const emoji = "😀 {{x}}";
    expect(emoji.slice(offsetOf(emoji, 1, 3))).toBe("{{x}}");
    expect(offsetOf("ab\ncd", 1, 9)).toBe(2);
    expect(offsetOf("ab", 5, 1)).toBe(2);
    expect(errorPlace("must be at most 102400 bytes")).toBeNull();
  });

  it("inserts a field at the caret or over the selection", () => {
    expect(insertAt("Hi !", 3, 3, "{{contact.first_name}}")).toEqual({ text: "Hi {{contact.first_name}}!", caret: 25 });
    expect(insertAt("Hi NAME!", 3, 7, "{{x.y}}")).toEqual({ text: "Hi {{x.y}}!", caret: 10 });
  });
});
