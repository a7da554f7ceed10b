import { describe, expect, it } from "vitest";
import { formatBytes, formatDate, formatDateTime, formatDue, formatTimeIn, withReadableTimes } from "./format";

describe("formatBytes", () => {
  it("says a file's size in the largest unit that keeps it at least 1", () => {
    expect(formatBytes(21)).toMatch(/^21\sbytes$/);
    expect(formatBytes(2048)).toMatch(/^2(\.0)?\skB$/);
    expect(formatBytes(1_536_000)).toMatch(/^1\.5\sMB$/);
  });
});

describe("formatDue", () => {
  it("shows a task due on a day (23:59 local) as the day alone", () => {
    const endOfDay = new Date(2026, 11, 4, 23, 59).toISOString();
    expect(formatDue(endOfDay)).toBe(formatDate(endOfDay));
  });
  it("shows any other due time with its time", () => {
    const morning = new Date(2026, 11, 4, 9, 30).toISOString();
    expect(formatDue(morning)).toBe(formatDateTime(morning));
    expect(formatDue(morning)).not.toBe(formatDate(morning));
  });
  it("passes through what it cannot read", () => {
    expect(formatDue("")).toBe("");
    expect(formatDue("soon")).toBe("soon");
  });
});

describe("withReadableTimes", () => {
  it("says the timestamps of a server's sentence in the browser's words, the rest as it is", () => {
    const at = "2026-12-04T04:58:34.589Z";
    expect(withReadableTimes(`every delivery failed since ${at}`)).toBe(`every delivery failed since ${formatDateTime(at)}`);
    expect(withReadableTimes("its creator was deactivated")).toBe("its creator was deactivated");
  });
  it("keeps the seconds when asked to be precise", () => {
    const at = new Date(2026, 11, 4, 9, 30, 15).toISOString();
    expect(formatDateTime(at, true)).toMatch(/15/);
    expect(formatDateTime(at)).not.toBe(formatDateTime(at, true));
  });
});

describe("formatTimeIn", () => {
  it("says the wall-clock time in the given zone, whatever the browser's", () => {
    const at = new Date("2026-12-04T00:30:00Z"); // a Friday in Tokyo, Thursday in New York
    expect(formatTimeIn("Asia/Tokyo", at)).toMatch(/9:30/);
    expect(formatTimeIn("America/New_York", at)).toMatch(/7:30/);
    expect(formatTimeIn("America/New_York", at)).not.toBe(formatTimeIn("Asia/Tokyo", at));
  });
  it("says nothing for a zone Intl does not know", () => {
    expect(formatTimeIn("Mars/Olympus_Mons")).toBe("");
  });
});
