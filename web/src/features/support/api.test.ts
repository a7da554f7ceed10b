import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/problem";
import { featuresOf, newerMessage } from "./api";

const ticketsList = (sorts: string[], filters: Record<string, unknown> = {}) => ({
  get: {
    parameters: [
      { name: "limit" },
      { name: "sort", schema: { anyOf: [{ type: "string" }, { enum: sorts.flatMap((s) => [s, `-${s}`]) }] } },
      { name: "filter", schema: { type: "object", properties: filters } },
    ],
  },
});

describe("what the server offers support", () => {
  it("finds nothing on a server without SLAs or macros (the pages then show neither)", () => {
    const doc = { paths: { "/api/v1/tickets": ticketsList(["number", "updated_at"]) }, components: { schemas: { Ticket: { properties: { subject: {} } } } } };
    expect(featuresOf(doc)).toEqual({ sla: false, slaSort: false, slaFilter: false, macros: false });
    expect(featuresOf(undefined)).toEqual({ sla: false, slaSort: false, slaFilter: false, macros: false });
  });

  it("sees the ticket's sla, the sla_due_at order and both macro routes once documented", () => {
    const doc = {
      paths: {
        "/api/v1/tickets": ticketsList(["number", "sla_due_at"], {
          sla_due_at: { anyOf: [{ type: "string" }, { type: "object", properties: { lt: {}, is_null: { type: "boolean" } } }] },
        }),
        "/api/v1/macros": {},
        "/api/v1/tickets/{id}/apply-macro": {},
      },
      components: { schemas: { Ticket: { properties: { subject: {}, sla: { type: "object" } } } } },
    };
    expect(featuresOf(doc)).toEqual({ sla: true, slaSort: true, slaFilter: true, macros: true });
  });

  it("wants both macro routes: a list of macros alone cannot be applied", () => {
    const doc = { paths: { "/api/v1/macros": {} } };
    expect(featuresOf(doc).macros).toBe(false);
  });
});

describe("the collision notice", () => {
  const newer = { id: "m2", kind: "reply", author_id: "u1", created_at: "2026-12-04T10:00:00Z" };
  it("reads the newer message a 409 names", () => {
    const e = new ApiError({ type: "x", title: "Conflict", status: 409, errors: [{ field: "after_message_id", code: "newer_message", message: "is not the newest", newer_message: newer } as never] });
    expect(newerMessage(e)).toEqual(newer);
  });
  it("is no collision for another refusal", () => {
    expect(newerMessage(new ApiError({ type: "x", title: "Conflict", status: 409 }))).toBeNull();
    expect(newerMessage(new ApiError({ type: "x", title: "Invalid", status: 422, errors: [{ field: "body", code: "required", message: "is required" }] }))).toBeNull();
    expect(newerMessage(new Error("network"))).toBeNull();
  });
});
