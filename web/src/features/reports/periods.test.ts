import { describe, expect, it } from "vitest";
import { periodLabel, periodRange } from "./periods";

describe("periods", () => {
  const now = new Date(2026, 10, 15); // 15 Nov 2026
  it("turns presets into month ranges", () => {
    expect(periodRange("this-month", now)).toEqual({ from: "2026-11", to: "2026-11" });
    expect(periodRange("this-quarter", now)).toEqual({ from: "2026-10", to: "2026-12" });
    expect(periodRange("next-6-months", now)).toEqual({ from: "2026-11", to: "2027-04" });
    expect(periodRange("this-year", now)).toEqual({ from: "2026-01", to: "2026-12" });
    expect(periodRange("last-12-months", now)).toEqual({ from: "2025-12", to: "2026-11" });
  });
  it("labels months and quarters", () => {
    expect(periodLabel("2026-Q4")).toBe("Q4 2026");
    expect(periodLabel("2026-11", "en-US")).toBe("Nov 2026");
  });
});
