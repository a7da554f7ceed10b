import { describe, expect, it } from "vitest";
import { fieldNameFromLabel, fieldPayload, formFromField } from "./fieldForm";

describe("custom field payload", () => {
  it("sends options for a select, one per line, blank lines dropped", () => {
    const s = { ...formFromField("deals"), label: "Tier", name: "tier", type: "select" as const, options: "Gold\n\n Silver \n" };
    expect(fieldPayload(s, true)).toEqual({ label: "Tier", required: false, unique: false, object_type: "deals", name: "tier", type: "select", options: ["Gold", "Silver"] });
  });

  it("leaves name, object and type out of an edit", () => {
    const s = { ...formFromField("deals"), label: "Budget", name: "budget", type: "money" as const, currency: "eur", min: "0", max: "" };
    const body = fieldPayload(s, false);
    expect(body).not.toHaveProperty("name");
    expect(body).not.toHaveProperty("type");
    expect(body).toMatchObject({ currency: "EUR", min: 0, max: null });
  });

  it("makes a valid name from a label", () => {
    expect(fieldNameFromLabel("Deal size (€)")).toBe("deal_size");
    expect(fieldNameFromLabel("2nd phone")).toBe("nd_phone");
  });
});
