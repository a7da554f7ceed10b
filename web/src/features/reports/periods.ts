// Report periods as whole months (YYYY-MM), which is what the forecast and funnel reports take.
export type PeriodKey = "this-month" | "this-quarter" | "next-6-months" | "this-year" | "last-12-months";

export const PERIODS: readonly PeriodKey[] = ["this-month", "this-quarter", "next-6-months", "this-year", "last-12-months"];

export interface MonthRange {
  from: string;
  to: string;
}

export function monthKey(year: number, monthIndex: number): string {
  const d = new Date(Date.UTC(year, monthIndex, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The months of a period around `now` (local calendar). */
export function periodRange(key: PeriodKey, now: Date = new Date()): MonthRange {
  const y = now.getFullYear();
  const m = now.getMonth();
  switch (key) {
    case "this-month":
      return { from: monthKey(y, m), to: monthKey(y, m) };
    case "this-quarter": {
      const q = m - (m % 3);
      return { from: monthKey(y, q), to: monthKey(y, q + 2) };
    }
    case "next-6-months":
      return { from: monthKey(y, m), to: monthKey(y, m + 5) };
    case "this-year":
      return { from: monthKey(y, 0), to: monthKey(y, 11) };
    case "last-12-months":
      return { from: monthKey(y, m - 11), to: monthKey(y, m) };
  }
}

/** "2026-12" → "Dec 2026"; "2026-Q4" → "Q4 2026", in the browser's locale. */
export function periodLabel(period: string, locale?: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `Q${q[2]} ${q[1]}`;
  const mm = /^(\d{4})-(\d{2})$/.exec(period);
  if (!mm) return period;
  const d = new Date(Number(mm[1]), Number(mm[2]) - 1, 1);
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric" }).format(d);
}
