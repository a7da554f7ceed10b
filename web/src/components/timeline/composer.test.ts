import { describe, expect, it } from "vitest";
import { buildActivity, emptyDraft, subjectFrom } from "./composer";

const link = { object: "contacts" as const, id: "c1" };

describe("buildActivity", () => {
  it("logs a note from its text alone, linked to the record, subject from the first line", () => {
    const r = buildActivity("note", { ...emptyDraft, text: "Called back\nwants a quote" }, link);
    expect(r).toEqual({ ok: true, body: { type: "note", contact_ids: ["c1"], subject: "Called back", body: "Called back\nwants a quote" } });
  });
  it("refuses an empty note", () => {
    expect(buildActivity("note", { ...emptyDraft, text: "  " }, link)).toEqual({ ok: false, errors: { text: "required" } });
  });
  it("logs a call with direction, outcome and minutes", () => {
    const r = buildActivity("call", { ...emptyDraft, text: "Left a message", direction: "outbound", outcome: "left_voicemail", minutes: "2.5" }, {
      object: "deals",
      id: "d1",
    });
    expect(r).toEqual({
      ok: true,
      body: { type: "call", deal_ids: ["d1"], subject: "Left a message", body: "Left a message", direction: "outbound", outcome: "left_voicemail", duration_seconds: 150 },
    });
    expect(buildActivity("call", { ...emptyDraft, text: "x", minutes: "soon" }, link)).toEqual({ ok: false, errors: { minutes: "invalid" } });
  });
  it("makes a task due at the end of the chosen local day", () => {
    const r = buildActivity("task", { ...emptyDraft, subject: "Send the quote", due: "2026-12-10" }, { object: "companies", id: "k" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body).toMatchObject({ type: "task", company_ids: ["k"], subject: "Send the quote", done: false });
    expect(r.body.due_at).toBe(new Date(2026, 11, 10, 23, 59).toISOString());
    expect(buildActivity("task", emptyDraft, link)).toEqual({ ok: false, errors: { subject: "required" } });
  });
  it("needs a meeting's start and an end after it", () => {
    const d = { ...emptyDraft, subject: "Demo", starts: "2026-12-10T10:00", ends: "2026-12-10T09:00" };
    expect(buildActivity("meeting", d, link)).toEqual({ ok: false, errors: { ends: "endBeforeStart" } });
    expect(buildActivity("meeting", { ...emptyDraft, subject: "Demo" }, link)).toEqual({ ok: false, errors: { starts: "required", ends: "required" } });
    const ok = buildActivity("meeting", { ...d, ends: "2026-12-10T11:00", location: " Room 2 " }, { object: "leads", id: "l" });
    expect(ok).toMatchObject({ ok: true, body: { type: "meeting", lead_ids: ["l"], subject: "Demo", location: "Room 2" } });
  });
});

describe("subjectFrom", () => {
  it("shortens a long first line", () => {
    expect(subjectFrom("a".repeat(100), 10)).toBe("aaaaaaaaa…");
  });
});
