import { describe, expect, it } from "vitest";
import { detailLines, eventWords, triggerSentence, type Names } from "./words";

const names: Names = {
  field: (n) => ({ stage_id: "Stage", status: "Status", expected_close_date: "Expected close date", owner_id: "Owner" })[n] ?? n,
  value: (f, v) => (f === "stage_id" ? ({ s1: "Proposal", s2: "Won" }[String(v)] ?? String(v)) : f === "owner_id" ? ({ u1: "Ada" }[String(v)] ?? String(v)) : String(v)),
  stage: (id) => ({ s1: "Proposal", s2: "Won" })[id] ?? id,
  pipeline: (id) => ({ p1: "Sales" })[id] ?? id,
  user: (id) => ({ u1: "Ada" })[id] ?? id,
};

describe("a trigger in words", () => {
  it("says what starts the rule", () => {
    expect(triggerSentence("deals", { type: "stage_changed", to_stage_id: "s2" }, names)).toBe("When a deal's stage changes to Won");
    expect(triggerSentence("deals", { type: "stage_changed", from_stage_id: "s1", to_stage_id: "s2", pipeline_id: "p1" }, names)).toBe(
      "When a deal's stage changes from Proposal to Won (pipeline Sales)",
    );
    expect(triggerSentence("contacts", { type: "record_created" }, names)).toBe("When a contact is created");
    expect(triggerSentence("leads", { type: "field_changed", field: "status", to: "qualified" }, names)).toBe("When a lead's Status changes to qualified");
    expect(triggerSentence("leads", { type: "lead_converted" }, names)).toBe("When a lead is converted");
  });

  it("says a date trigger's days before or after and its time", () => {
    expect(triggerSentence("deals", { type: "date_relative", field: "expected_close_date", offset_days: -3, at: "09:00" }, names)).toBe(
      "3 days before a deal's Expected close date, at 09:00",
    );
    expect(triggerSentence("deals", { type: "date_relative", field: "expected_close_date", offset_days: 0, at: "08:30" }, names)).toBe(
      "On a deal's Expected close date, at 08:30",
    );
  });

  it("says a schedule in words, or as typed when it cannot", () => {
    expect(triggerSentence("companies", { type: "schedule", cron: "0 9 * * MON-FRI" }, names)).toBe("On a schedule: At 09:00, on Monday to Friday");
    expect(triggerSentence("companies", { type: "schedule", cron: "nonsense" }, names)).toBe("On a schedule: nonsense");
  });
});

describe("what an action would do or did", () => {
  it("says field changes with names, and a change to the same value as such", () => {
    expect(detailLines({ changes: [{ field: "stage_id", before: "s1", after: "s2" }] }, names)).toEqual(["set Stage from Proposal to Won"]);
    expect(detailLines({ changes: [{ field: "owner_id", before: null, after: "u1" }] }, names)).toEqual(["set Owner from empty to Ada"]);
    expect(detailLines({ changes: [{ field: "status", before: "won", after: "won" }] }, names)).toEqual(["leave Status at won (already so)"]);
  });

  it("says the task, the activity and the request", () => {
    const [task] = detailLines({ activity: { type: "task", subject: "Hand over", due_at: "2026-12-06T10:00:00Z", owner_id: "u1" } }, names);
    expect(task).toMatch(/^create the task “Hand over”, due .+, for Ada$/);
    expect(detailLines({ activity: { type: "call", subject: "Check in" } }, names)).toEqual(["log a call “Check in”"]);
    expect(detailLines({ request: { method: "POST", url: "https://x.example/h" } }, names)).toEqual(["POST to https://x.example/h"]);
    expect(detailLines({ url: "https://x.example/h", http_status: 204, duration_ms: 31 }, names)).toEqual(["POST to https://x.example/h: answered 204 in 31 ms"]);
  });
});

describe("what started a run", () => {
  it("is said in words, an unknown event as the server names it", () => {
    expect(eventWords("deal.stage_changed")).toBe("Stage changed");
    expect(eventWords("contact.updated")).toBe("Changed");
    expect(eventWords("schedule")).toBe("Schedule");
    expect(eventWords("lead.merged")).toBe("lead.merged");
  });
});
