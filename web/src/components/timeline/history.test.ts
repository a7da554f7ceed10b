import { describe, expect, it } from "vitest";
import { formatHistoryEntry, type HistoryFormat } from "./history";

const fmt: HistoryFormat = {
  label: (f) => ({ city: "City", owner_id: "Owner", emails: "Other emails" })[f] ?? f,
  value: (f, v) => (v === null || v === undefined ? "" : f === "owner_id" ? `user:${String(v)}` : Array.isArray(v) ? v.join(", ") : String(v)),
  actor: (id) => (id ? `Name of ${id}` : "System"),
};

describe("formatHistoryEntry", () => {
  it("turns changes into labelled before → after lines with who and when", () => {
    const e = formatHistoryEntry(
      {
        id: 7,
        action: "update",
        actor_id: "u1",
        at: "2026-12-03T10:00:00Z",
        changes: [
          { field: "city", before: "Berlin", after: "Paris" },
          { field: "owner_id", before: null, after: "u2" },
          { field: "emails", before: ["a@x.io"], after: [] },
          { field: "updated_at", before: "a", after: "b" },
        ],
      },
      fmt,
    );
    expect(e.actor).toBe("Name of u1");
    expect(e.key).toBe("7");
    expect(e.lines).toEqual([
      { field: "city", label: "City", before: "Berlin", after: "Paris", kind: "changed" },
      { field: "owner_id", label: "Owner", before: "", after: "user:u2", kind: "set" },
      { field: "emails", label: "Other emails", before: "a@x.io", after: "", kind: "cleared" },
    ]);
  });
  it("names the system when no actor is known, and keeps a create without changes", () => {
    const e = formatHistoryEntry({ action: "create", at: "t" }, fmt);
    expect(e).toMatchObject({ actor: "System", action: "create", lines: [] });
  });
  it("says who imported a record from which file, without lines", () => {
    const e = formatHistoryEntry(
      { id: 9, action: "import", actor_id: "u1", at: "t", changes: [{ field: "import", before: null, after: { import_id: "i1", file_name: "crm.csv" } }] },
      fmt,
    );
    expect(e).toMatchObject({ actor: "Name of u1", action: "import", lines: [], file: "crm.csv" });
  });
});
