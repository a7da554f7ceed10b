// The calendar windows of the home page, in the browser's time zone.
const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** This month's first and last day, YYYY-MM-DD (for expected_close_date, a calendar date). */
export function thisMonthDates(now: Date = new Date()): { first: string; last: string; month: string } {
  const first = new Date(now.getFullYear(), now.getMonth(), 1);
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  return { first: ymd(first), last: ymd(last), month: `${first.getFullYear()}-${pad(first.getMonth() + 1)}` };
}

/** The first instant of today and of tomorrow, local, as RFC 3339 (for due_at, a timestamp). */
export function todayBounds(now: Date = new Date()): { startOfToday: string; endOfToday: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { startOfToday: start.toISOString(), endOfToday: end.toISOString() };
}

/** A task is overdue when it was due before today began. */
export function isOverdue(dueAt: string | null | undefined, now: Date = new Date()): boolean {
  if (!dueAt) return false;
  return new Date(dueAt).getTime() < new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}
