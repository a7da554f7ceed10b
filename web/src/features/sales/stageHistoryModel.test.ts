import { describe, expect, it } from "vitest";
import { formatDuration, stageStays } from "./stageHistoryModel";

describe("stageStays", () => {
  it("turns changes into stays, newest first, the last one lasting until now", () => {
    const stays = stageStays(
      [
        { id: 2, from_stage_id: "a", from_stage_name: "Lead in", to_stage_id: "b", to_stage_name: "Proposal", changed_at: "2026-01-03T00:00:00Z", changed_by: "u1" },
        { id: 1, from_stage_id: null, from_stage_name: null, to_stage_id: "a", to_stage_name: "Lead in", changed_at: "2026-01-01T00:00:00Z", changed_by: null },
      ],
      new Date("2026-01-03T05:00:00Z"),
    );
    expect(stays.map((s) => [s.from, s.to, s.duration, s.current])).toEqual([
      ["Lead in", "Proposal", "5 h", true],
      [null, "Lead in", "2 days", false],
    ]);
  });
  it("reads durations in the largest unit", () => {
    expect(formatDuration(10_000)).toBe("1 min");
    expect(formatDuration(90 * 60_000)).toBe("2 h");
    expect(formatDuration(36 * 3600_000)).toBe("36 h");
    expect(formatDuration(24 * 3600_000 * 5)).toBe("5 days");
  });
});
