import { describe, expect, it } from "vitest";
import { blankMacro, macroBody, macroForm, macroPatch, UNASSIGN, type Macro } from "./macro";

const stored: Macro = {
  id: "01900000-0000-7000-8000-000000000003",
  name: "Refund sent",
  kind: "reply",
  body: "Hi {{contact.first_name}}, your refund is on its way.",
  changes: { status: "solved", assignee_id: null, add_tags: ["refund"] },
  shared: true,
  owner_id: null,
  version: 2,
  created_by: "u",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe("macros in the editor", () => {
  it("sends only the changes chosen", () => {
    expect(macroBody({ ...blankMacro(), name: " Ack ", body: "Thanks" })).toEqual({ name: "Ack", kind: "reply", body: "Thanks", changes: {}, shared: true });
  });

  it("reads a stored macro: null assignee means unassign, and sends it back the same", () => {
    const f = macroForm(stored);
    expect(f.assignee).toBe(UNASSIGN);
    expect(f.status).toBe("solved");
    expect(macroBody(f).changes).toEqual(stored.changes);
    expect(macroPatch(f, f)).toEqual({});
  });

  it("patches the parts changed, changes whole", () => {
    const f = macroForm(stored);
    expect(macroPatch(f, { ...f, priority: "high" })).toEqual({ changes: { status: "solved", priority: "high", assignee_id: null, add_tags: ["refund"] } });
    expect(macroPatch(f, { ...f, assignee: "" })).toEqual({ changes: { status: "solved", add_tags: ["refund"] } });
    expect(macroPatch(f, { ...f, name: "Refund done", kind: "note" })).toEqual({ name: "Refund done", kind: "note" });
  });
});
