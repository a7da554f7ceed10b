import { describe, expect, it } from "vitest";
import { auditQuery, emptyAuditFilters, showValue } from "./audit";

describe("audit filters", () => {
  it("sends only what is set", () => {
    expect(auditQuery(emptyAuditFilters)).toEqual({});
    expect(auditQuery({ ...emptyAuditFilters, action: "delete", object_type: "deals" })).toEqual({ action: "delete", object_type: "deals" });
  });

  it("makes the period a half-open interval of whole local days", () => {
    const q = auditQuery({ ...emptyAuditFilters, from: "2026-03-01", to: "2026-03-01" });
    expect(new Date(q.until!).getTime() - new Date(q.since!).getTime()).toBe(24 * 3600 * 1000);
    expect(new Date(q.since!).getDate()).toBe(1);
  });

  it("shows values readably", () => {
    expect(showValue(null)).toBe("∅");
    expect(showValue("Won")).toBe("Won");
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});
