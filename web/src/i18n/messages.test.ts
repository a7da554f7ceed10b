import { describe, expect, it } from "vitest";
import { sections } from "./allSections";
import { eagerSections, lazySections } from "./messages";
import { hasMessage, t, type MessageKey } from "./index";

describe("the message catalogue", () => {
  // The sections are merged into one table, so a key defined twice silently takes the later text
  // (a contact's history once read "Created in {stage}", the deal board's wording).
  it("defines each key in one section only", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, section] of Object.entries(sections))
      for (const key of Object.keys(section)) {
        const first = seen.get(key);
        if (first) twice.push(`${key} (${first} and ${name})`);
        else seen.set(key, name);
      }
    expect(twice).toEqual([]);
  });

  it("assembles every section, each eager or lazy", () => {
    expect([...Object.keys(eagerSections), ...Object.keys(lazySections)].sort()).toEqual(Object.keys(sections).sort());
  });

  it("answers every key of every section once loaded (the test setup loads them all)", () => {
    for (const section of Object.values(sections))
      for (const [key, text] of Object.entries(section)) {
        expect(hasMessage(key)).toBe(true);
        expect(t(key as MessageKey)).toBe(text);
      }
  });
});
