import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDue } from "./format";

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
