import { describe, expect, it } from "vitest";
import { commandMatches, groupHits, hitPath, paletteCommands, type SearchHit } from "./palette";

describe("palette commands", () => {
  it("offers pages the user reads and creates they may do, pages first", () => {
    const cmds = paletteCommands({ canRead: (o) => o !== "products", canCreate: (o) => o === "contacts" || o === "activities", admin: false });
    const ids = cmds.map((c) => c.id);
    expect(ids).toContain("go-board");
    expect(ids).not.toContain("go-products");
    expect(ids.filter((i) => i.startsWith("create-"))).toEqual(["create-contacts", "create-activities"]);
    expect(ids.at(-1)).toBe("sign-out");
    expect(cmds.findIndex((c) => c.group === "actions")).toBeGreaterThan(cmds.findLastIndex((c) => c.group === "pages"));
    expect(cmds.find((c) => c.id === "go-settings")!.run).toEqual({ kind: "go", to: "/settings/account" });
    expect(cmds.find((c) => c.id === "create-contacts")!.shortcut).toBe("C");
  });
  it("matches typed word prefixes against the label and keywords", () => {
    expect(commandMatches("Go to Deals", ["go"], "go de")).toBe(true);
    expect(commandMatches("Go to Deal board", ["kanban"], "kan")).toBe(true);
    expect(commandMatches("Create contact", ["new"], "new con")).toBe(true);
    expect(commandMatches("Go to Deals", [], "eals")).toBe(false);
    expect(commandMatches("Anything", [], "  ")).toBe(true);
  });
});

describe("search hits", () => {
  const hit = (object_type: string, id: string): SearchHit => ({ object_type, id, title: `${object_type} ${id}` });
  it("groups by object type in a fixed order, keeping the server's ranking and dropping repeats", () => {
    const groups = groupHits([hit("deals", "1"), hit("contacts", "2"), hit("zebras", "9"), hit("contacts", "3"), hit("companies", "4"), hit("contacts", "2")]);
    expect(groups.map((g) => g.objectType)).toEqual(["contacts", "companies", "deals", "zebras"]);
    expect(groups[0]!.hits.map((h) => h.id)).toEqual(["2", "3"]);
  });
  it("opens the record's page", () => {
    expect(hitPath({ object_type: "contacts", id: "01a2" })).toBe("/contacts/01a2");
    expect(hitPath({ object_type: "contacts", id: "../x" })).toBe("/contacts/..%2Fx");
  });
});
