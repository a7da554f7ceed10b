import { describe, expect, it } from "vitest";
import { customField, fieldsFromOpenApi } from "./fields";

const ops = (names: string[]) => ({ anyOf: [{ type: "string" }, { type: "object", properties: Object.fromEntries(names.map((n) => [n, { type: n === "is_null" ? "boolean" : "string" }])) }] });

const doc = {
  paths: {
    "/api/v1/deals": {
      get: {
        parameters: [
          { name: "sort", schema: { anyOf: [{ type: "string", enum: ["name", "-name", "amount", "-amount"] }] } },
          {
            name: "filter",
            schema: {
              properties: {
                name: ops(["eq", "ne", "contains", "is_null"]),
                amount: { anyOf: [{ type: "string" }, { type: "object", properties: { eq: { type: "integer" }, gt: { type: "integer" } } }] },
                stage_id: ops(["eq", "ne"]),
                owner_id: ops(["eq"]),
                expected_close_date: ops(["eq", "lt"]),
                status: ops(["eq", "in"]),
              },
            },
          },
        ],
      },
    },
  },
  components: {
    schemas: {
      Deal: {
        properties: {
          expected_close_date: { type: ["string", "null"], format: "date" },
          status: { type: ["string", "null"], enum: ["open", "won", null] },
        },
      },
    },
  },
};

describe("list fields from the OpenAPI document", () => {
  it("reads fields, operators, kinds and sortability", () => {
    const fs = Object.fromEntries(fieldsFromOpenApi(doc, "deals", "Deal").map((f) => [f.name, f]));
    expect(fs.name).toMatchObject({ kind: "text", ops: ["eq", "ne", "contains", "is_null"], sortable: true });
    expect(fs.amount).toMatchObject({ kind: "money", ops: ["eq", "gt"], sortable: true });
    expect(fs.stage_id?.kind).toBe("stage");
    expect(fs.owner_id?.kind).toBe("user");
    expect(fs.expected_close_date).toMatchObject({ kind: "date", sortable: false });
    expect(fs.status).toMatchObject({ kind: "enum", options: ["open", "won"] });
  });

  it("turns custom fields into custom.<name>", () => {
    expect(customField({ name: "tier", label: "Tier", type: "select", options: ["gold"] })).toMatchObject({
      name: "custom.tier",
      kind: "enum",
      options: ["gold"],
      sortable: true,
    });
    expect(customField({ name: "tags", type: "multi_select" }).sortable).toBe(false);
  });
});
