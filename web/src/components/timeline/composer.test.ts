import { describe, expect, it } from "vitest";
import { addMinutes, buildActivity, emptyDraft, subjectFrom, withStart } from "./composer";

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

describe("a meeting's end follows its start", () => {
  it("adds the default length in local time, across midnight too", () => {
    expect(addMinutes("2026-12-03T10:00", 30)).toBe("2026-12-03T10:30");
    expect(addMinutes("2026-12-31T23:45", 30)).toBe("2027-01-01T00:15");
    expect(addMinutes("", 30)).toBe("");
    expect(addMinutes("soon", 30)).toBe("");
  });
  it("moves the end with the start until an end is typed", () => {
    const a = withStart(emptyDraft, "2026-12-03T10:00", false);
    expect(a.ends).toBe("2026-12-03T10:30");
    const b = withStart(a, "2026-12-03T11:00", false);
    expect(b.ends).toBe("2026-12-03T11:30");
    const typed = { ...b, ends: "2026-12-03T12:15" };
    expect(withStart(typed, "2026-12-03T11:15", true)).toEqual({ ...typed, starts: "2026-12-03T11:15" });
  });
  it("keeps the end while the start is incomplete", () => {
    const a = withStart(emptyDraft, "2026-12-03T10:00", false);
    expect(withStart(a, "", false)).toEqual({ ...a, starts: "" });
  });
});
