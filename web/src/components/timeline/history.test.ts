import { describe, expect, it } from "vitest";
import { formatHistoryEntry, mergeOf, type HistoryFormat } from "./history";

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

describe("a merge entry", () => {
  it("names its merge and how many records it took in, and shows no line for it", () => {
    const entry = {
      id: 9,
      action: "merge",
      changes: [
        { field: "city", before: "Rome", after: "Paris" },
        { field: "merge", before: null, after: { merge_id: "m-1", merged_ids: ["b", "c"] } },
      ],
    };
    expect(mergeOf(entry)).toEqual({ id: "m-1", count: 2 });
    expect(mergeOf({ action: "unmerge", changes: [{ field: "unmerge", after: { merge_id: "m-1", restored_ids: ["b"] } }] })).toEqual({ id: "m-1", count: 1 });
    expect(mergeOf({ action: "update", changes: [{ field: "city", after: "Rome" }] })).toBeNull();
    expect(formatHistoryEntry(entry, fmt).lines.map((l) => l.field)).toEqual(["city"]);
  });
});
