// The support report's periods: day ranges [from, to) as dates (YYYY-MM-DD), which the server reads
// as midnights in the workspace's time zone; `to` is the day after the last day shown.
export type SupportPeriodKey = "last-7-days" | "last-30-days" | "this-month" | "this-quarter" | "last-12-months";

export const SUPPORT_PERIODS: readonly SupportPeriodKey[] = ["last-7-days", "last-30-days", "this-month", "this-quarter", "last-12-months"];

export interface DayRange {
  from: string;
  to: string;
}

function day(year: number, monthIndex: number, date: number): string {
  const d = new Date(Date.UTC(year, monthIndex, date));
  return d.toISOString().slice(0, 10);
}

/** The days of a period around `now` (local calendar), `to` excluded. */
export function supportRange(key: SupportPeriodKey, now: Date = new Date()): DayRange {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  const tomorrow = day(y, m, d + 1);
  switch (key) {
    case "last-7-days":
      return { from: day(y, m, d - 6), to: tomorrow };
    case "last-30-days":
      return { from: day(y, m, d - 29), to: tomorrow };
    case "this-month":
      return { from: day(y, m, 1), to: tomorrow };
    case "this-quarter":
      return { from: day(y, m - (m % 3), 1), to: tomorrow };
    case "last-12-months":
      return { from: day(y - 1, m, d + 1), to: tomorrow };
  }
}
