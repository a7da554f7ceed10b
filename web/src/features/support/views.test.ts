import { describe, expect, it } from "vitest";
import { combinedFilters, parseQueue, queueQuery } from "./views";

const ctx = { meId: "u1", teamId: "t1", slaSort: false, slaFilter: false };

describe("the inbox's queues", () => {
  it("asks for my open tickets, newest change first", () => {
    expect(queueQuery("mine", ctx)).toEqual({
      filters: [
        { field: "assignee_id", op: "eq", value: "u1" },
        { field: "status", op: "in", value: "new,open,pending,on_hold" },
      ],
      sort: "-updated_at",
    });
  });

  it("lists unassigned tickets oldest first", () => {
    const q = queueQuery("unassigned", ctx);
    expect(q.filters[0]).toEqual({ field: "assignee_id", op: "is_null", value: "true" });
    expect(q.sort).toBe("created_at");
  });

  it("orders breaching tickets by their SLA's due time when the server has one, else by the longest wait", () => {
    expect(queueQuery("breaching", { ...ctx, slaSort: true }).sort).toBe("sla_due_at");
    expect(queueQuery("breaching", { ...ctx, slaSort: true, slaFilter: true })).toEqual({
      filters: [
        { field: "status", op: "in", value: "new,open,pending,on_hold" },
        { field: "sla_due_at", op: "is_null", value: "false" },
      ],
      sort: "sla_due_at",
    });
    expect(queueQuery("breaching", ctx)).toEqual({ filters: [{ field: "status", op: "in", value: "new,open,pending,on_hold" }], sort: "updated_at" });
  });

  it("filters a team's queue by its team", () => {
    expect(queueQuery("team", ctx).filters[0]).toEqual({ field: "team_id", op: "eq", value: "t1" });
  });

  it("lets the person's filter replace the queue's on the same field and operator, and add the others", () => {
    const base = queueQuery("open", ctx).filters;
    expect(
      combinedFilters(base, [
        { field: "status", op: "in", value: "pending" },
        { field: "priority", op: "eq", value: "urgent" },
      ]),
    ).toEqual([
      { field: "status", op: "in", value: "pending" },
      { field: "priority", op: "eq", value: "urgent" },
    ]);
  });

  it("opens on All open when the URL names no known queue", () => {
    expect(parseQueue(null)).toBe("open");
    expect(parseQueue("nonsense")).toBe("open");
    expect(parseQueue("mine")).toBe("mine");
  });
});
