import { describe, expect, it } from "vitest";
import {
  cellKey,
  draftFromRole,
  matrixFromPermissions,
  nameFromLabel,
  permissionsFromMatrix,
  rolePayload,
  rulesFromRole,
  rulesPayload,
  setRow,
  setRule,
} from "./matrix";

describe("role matrix", () => {
  it("fills what the API leaves out with none", () => {
    const m = matrixFromPermissions({ deals: { read: "own", update: "team" } } as never);
    expect(m.deals).toEqual({ read: "own", create: "none", update: "team", delete: "none", export: "none" });
    expect(m.companies.read).toBe("none");
  });

  it("ignores values that are not scopes", () => {
    const m = matrixFromPermissions({ deals: { read: "everything" } } as never);
    expect(m.deals.read).toBe("none");
  });

  it("round-trips: API → matrix → API names every object and action", () => {
    const perms = { contacts: { read: "all", create: "own", update: "own", delete: "none", export: "team" } };
    const back = permissionsFromMatrix(matrixFromPermissions(perms as never)) as Record<string, Record<string, string>>;
    expect(back.contacts).toEqual(perms.contacts);
    expect(Object.keys(back)).toEqual(["companies", "contacts", "activities", "leads", "deals", "products", "tickets"]);
    expect(back.leads).toEqual({ read: "none", create: "none", update: "none", delete: "none", export: "none" });
  });

  it("sets a whole row", () => {
    const m = setRow(matrixFromPermissions(undefined), "deals", "team");
    expect(Object.values(m.deals)).toEqual(["team", "team", "team", "team", "team"]);
    expect(m.contacts.read).toBe("none");
  });
});

describe("field rules", () => {
  it("reads only hidden and read_only", () => {
    const r = rulesFromRole({ deals: { amount: "hidden", name: "read_only", x: "bogus" } } as never);
    expect(r.deals).toEqual({ amount: "hidden", name: "read_only" });
  });

  it("visible removes the rule, and empty objects are not sent", () => {
    let r = rulesFromRole({ deals: { amount: "hidden" } } as never);
    r = setRule(r, "contacts", "custom.vip", "read_only");
    r = setRule(r, "deals", "amount", "visible");
    expect(rulesPayload(r)).toEqual({ contacts: { "custom.vip": "read_only" } });
  });

  it("does not change the rules it was given", () => {
    const r = rulesFromRole({ deals: { amount: "hidden" } } as never);
    setRule(r, "deals", "amount", "visible");
    expect(r.deals.amount).toBe("hidden");
  });
});

describe("role payload", () => {
  it("sends the name only when creating", () => {
    const d = { ...draftFromRole(null), name: "field_sales", label: " Field sales ", can_reassign: true };
    const created = rolePayload(d, true);
    expect(created.name).toBe("field_sales");
    expect(created.label).toBe("Field sales");
    expect(created.description).toBeNull();
    expect(rolePayload(d, false)).not.toHaveProperty("name");
  });

  it("keys cells as the server's 422 names them", () => {
    expect(cellKey("deals", "read")).toBe("permissions.deals.read");
  });

  it("derives a valid name from a label", () => {
    expect(nameFromLabel("Field sales (EU)")).toBe("field_sales_eu");
    expect(nameFromLabel("Équipe 2")).toBe("equipe_2");
    expect(nameFromLabel("42")).toBe("");
  });
});
