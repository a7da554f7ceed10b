import { describe, expect, it } from "vitest";
import { mergeGroups, schemaFields } from "./mergeFields";

const doc = {
  components: {
    schemas: {
      Contact: {
        properties: {
          id: { type: "string" },
          first_name: { type: ["string", "null"] },
          emails: { type: ["array", "null"], items: { type: "string" } },
          custom: { type: "object" },
          version: { type: "integer" },
        },
      },
      Deal: {
        properties: {
          name: { type: "string" },
          contacts: { type: "array", items: { type: "object" } },
          amount: { type: ["integer", "null"] },
        },
      },
    },
  },
};

describe("merge fields", () => {
  it("takes a record's plain fields, not its nested objects or bookkeeping", () => {
    expect(schemaFields(doc, "Contact")).toEqual(["id", "first_name", "emails"]);
    expect(schemaFields(doc, "Deal")).toEqual(["name", "amount"]);
    expect(schemaFields(doc, "Nope")).toEqual([]);
  });

  it("groups them per record with the workspace's custom fields", () => {
    const groups = mergeGroups(doc, { deals: [{ name: "tier", label: "Tier" }] });
    expect(groups.map((g) => g.object)).toEqual(["contact", "company", "lead", "deal"]);
    expect(groups[0]!.fields.map((f) => f.name)).toEqual(["contact.id", "contact.first_name", "contact.emails"]);
    expect(groups[3]!.fields.map((f) => f.name)).toEqual(["deal.name", "deal.amount", "deal.custom.tier"]);
    expect(groups[3]!.fields[2]!.label).toBe("Tier");
  });
});
