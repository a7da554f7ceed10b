import { describe, expect, it } from "vitest";
import { blankPolicy, changedKeys, moved, policyBody, policyForm, renumber, targetText, type PolicyBody, type SlaPolicy } from "./policy";

const stored: SlaPolicy = {
  id: "01900000-0000-7000-8000-000000000002",
  name: "VIP",
  position: 3,
  conditions: { priority: ["urgent"], company_id: [], tags: ["vip"] },
  targets: { first_response: { urgent: 30, high: 120 }, resolution: 1560 },
  business_hours_id: null,
  calendar_time: true,
  pause_statuses: ["on_hold"],
  warning: { minutes_before: 15 },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 1,
};

const bodyOf = (f: ReturnType<typeof blankPolicy>): PolicyBody => {
  const r = policyBody(f);
  if (!("body" in r)) throw new Error(JSON.stringify(r.errors));
  return r.body;
};

describe("SLA policies in the editor", () => {
  it("starts with a first response and a resolution target on the ticket's calendar", () => {
    const b = bodyOf({ ...blankPolicy(), name: " Standard " });
    expect(b).toEqual({
      name: "Standard",
      conditions: { priority: [], company_id: [], tags: [] },
      targets: { first_response: 240, resolution: 3 * 1440 },
      business_hours_id: null,
      calendar_time: false,
      pause_statuses: ["pending", "on_hold"],
      warning: { percent: 80 },
    });
  });

  it("reads a stored policy and sends it back unchanged", () => {
    const f = policyForm(stored);
    expect(f.targets.first_response).toMatchObject({ mode: "per", per: { urgent: "30m", high: "2h", normal: "", low: "" } });
    expect(f.targets.resolution).toMatchObject({ mode: "flat", flat: "1d 2h" });
    expect(f.targets.next_response.mode).toBe("off");
    expect(f.clock).toBe("calendar");
    expect(f.warning).toBe("before");
    const b = bodyOf(f);
    expect(b.targets).toEqual(stored.targets);
    expect(b.warning).toEqual({ minutes_before: 15 });
    expect(b.calendar_time).toBe(true);
    expect(changedKeys(b, bodyOf(f))).toEqual([]);
    expect(changedKeys(b, bodyOf({ ...f, tags: [] }))).toEqual(["conditions"]);
  });

  it("names each field to correct, by the server's path, before sending", () => {
    const f = blankPolicy();
    f.targets.first_response = { mode: "per", flat: "", per: { urgent: "soon", high: "", normal: "", low: "400d" } };
    f.warning = "percent";
    f.percent = "120";
    expect(policyBody(f)).toEqual({
      errors: { "targets.first_response.urgent": "format", "targets.first_response.low": "range", "warning.percent": "percent" },
    });
    const none = blankPolicy();
    none.targets.first_response.mode = "off";
    none.targets.resolution.mode = "off";
    expect(policyBody(none)).toEqual({ errors: { targets: "noTarget" } });
  });

  it("names a calendar by id", () => {
    expect(bodyOf({ ...blankPolicy(), clock: "cal-1" })).toMatchObject({ business_hours_id: "cal-1", calendar_time: false });
  });

  it("reorders: moves one place and renumbers only what changed", () => {
    const list = [
      { id: "a", position: 0 },
      { id: "b", position: 1 },
      { id: "c", position: 5 },
    ];
    const next = moved(list, "c", -1);
    expect(next.map((p) => p.id)).toEqual(["a", "c", "b"]);
    expect(renumber(next)).toEqual([
      { id: "c", position: 1 },
      { id: "b", position: 2 },
    ]);
    expect(moved(list, "a", -1)).toEqual(list);
  });

  it("says a target in short words", () => {
    expect(targetText(90, (p) => p)).toBe("1h 30m");
    expect(targetText({ high: 60, urgent: 15 }, (p) => p)).toBe("urgent 15m · high 1h");
  });
});
