import { describe, expect, it } from "vitest";
import { SUPPORT_PERIODS, supportRange } from "./supportPeriods";

describe("supportRange", () => {
  const now = new Date(2026, 11, 4, 15, 30); // 4 Dec 2026, local
  it("ends with today, the day after excluded", () => {
    expect(supportRange("last-7-days", now)).toEqual({ from: "2026-11-28", to: "2026-12-05" });
    expect(supportRange("last-30-days", now)).toEqual({ from: "2026-11-05", to: "2026-12-05" });
    expect(supportRange("this-month", now)).toEqual({ from: "2026-12-01", to: "2026-12-05" });
    expect(supportRange("this-quarter", now)).toEqual({ from: "2026-10-01", to: "2026-12-05" });
    expect(supportRange("last-12-months", now)).toEqual({ from: "2025-12-05", to: "2026-12-05" });
  });
  it("stays within the server's 366 days, across a leap year too", () => {
    for (const key of SUPPORT_PERIODS) {
      for (const at of [now, new Date(2028, 1, 29), new Date(2024, 2, 1)]) {
        const r = supportRange(key, at);
        const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
        expect(days).toBeGreaterThan(0);
        expect(days).toBeLessThanOrEqual(366);
      }
    }
  });
});
