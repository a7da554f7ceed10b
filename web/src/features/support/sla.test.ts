import { describe, expect, it } from "vitest";
import { nextTarget, readSla, shortDuration, targetState, WARN_MS } from "./sla";

const now = Date.parse("2026-12-04T12:00:00Z");
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();

describe("a ticket's SLA", () => {
  it("is absent when the ticket carries none or an empty one", () => {
    expect(readSla({})).toBeNull();
    expect(readSla({ sla: null })).toBeNull();
    expect(readSla({ sla: { policy_id: "p" } })).toBeNull();
  });

  it("reads the targets the policy has, leaving out the others", () => {
    expect(readSla({ sla: { policy_id: "p", first_response: { due_at: at(30), breached: false, met_at: null } } })).toEqual({
      first_response: { due_at: at(30), breached: false, met_at: null, paused: false },
    });
  });

  it("counts down, warns in the last hour, and says how long ago a target was breached", () => {
    expect(targetState({ due_at: at(120), breached: false, met_at: null, paused: false }, now)).toEqual({ kind: "running", leftMs: 120 * 60_000 });
    expect(targetState({ due_at: at(59), breached: false, met_at: null, paused: false }, now).kind).toBe("warning");
    expect(targetState({ due_at: at(-35), breached: false, met_at: null, paused: false }, now)).toEqual({ kind: "breached", overdueMs: 35 * 60_000 });
    expect(targetState({ due_at: at(10), breached: true, met_at: null, paused: false }, now)).toEqual({ kind: "breached", overdueMs: 0 });
    expect(targetState({ due_at: at(-5), breached: true, met_at: at(-10), paused: false }, now)).toEqual({ kind: "met", at: at(-10) });
    expect(WARN_MS).toBe(3_600_000);
  });

  it("names the unmet target due first", () => {
    const sla = readSla({
      sla: {
        first_response: { due_at: at(-100), breached: true, met_at: at(-200) },
        next_response: { due_at: at(90), breached: false, met_at: null },
        resolution: { due_at: at(30), breached: false, met_at: null },
      },
    });
    expect(nextTarget(sla)?.name).toBe("resolution");
    expect(nextTarget(null)).toBeNull();
  });

  it("says a target is paused while the ticket waits (pending, on hold), after any running target", () => {
    const paused = { due_at: null, breached: false, met_at: null, paused: true };
    expect(targetState(paused, now)).toEqual({ kind: "paused" });
    expect(targetState({ ...paused, breached: true }, now)).toEqual({ kind: "breached", overdueMs: 0 });
    expect(nextTarget({ first_response: paused, resolution: paused })?.name).toBe("first_response");
    const running = { due_at: at(30), breached: false, met_at: null, paused: false };
    expect(nextTarget({ first_response: paused, resolution: running })?.name).toBe("resolution");
    expect(nextTarget({ first_response: { ...paused, met_at: at(-5) } })).toBeNull();
  });

  it("writes a countdown short", () => {
    expect(shortDuration(20_000)).toBe("<1m");
    expect(shortDuration(12 * 60_000)).toBe("12m");
    expect(shortDuration((3 * 60 + 5) * 60_000)).toBe("3h 05m");
    expect(shortDuration((2 * 1440 + 3 * 60 + 7) * 60_000)).toBe("2d 3h");
    expect(shortDuration(2 * 1440 * 60_000)).toBe("2d");
  });
});
