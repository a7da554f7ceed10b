import { describe, expect, it } from "vitest";
import { checkDuration, formatDuration, MAX_MINUTES, parseDuration } from "./duration";

describe("SLA durations", () => {
  it("reads minutes and units in any spacing", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("4h")).toBe(240);
    expect(parseDuration("1d 2h")).toBe(26 * 60);
    expect(parseDuration("1d2h30m")).toBe(26 * 60 + 30);
    expect(parseDuration(" 45 m ")).toBe(45);
    expect(parseDuration("2W")).toBe(14 * 1440);
  });

  it("refuses what is not a duration", () => {
    for (const bad of ["", "h", "4 hours", "1.5h", "-3", "0", "0h", "1h 2h", "4h x", "d1"]) expect(parseDuration(bad), bad).toBeNull();
  });

  it("shows a duration exactly, in the largest units", () => {
    expect(formatDuration(240)).toBe("4h");
    expect(formatDuration(26 * 60 + 30)).toBe("1d 2h 30m");
    expect(formatDuration(45)).toBe("45m");
    expect(formatDuration(14 * 1440)).toBe("14d");
    expect(formatDuration(0)).toBe("");
  });

  it("round-trips what it shows", () => {
    for (const m of [1, 59, 60, 61, 1439, 1440, 1441, 10_000, MAX_MINUTES]) expect(parseDuration(formatDuration(m))).toBe(m);
  });

  it("checks the server's bounds", () => {
    expect(checkDuration("366d")).toEqual({ minutes: MAX_MINUTES });
    expect(checkDuration("367d")).toEqual({ error: "range" });
    expect(checkDuration("soon")).toEqual({ error: "format" });
  });
});
