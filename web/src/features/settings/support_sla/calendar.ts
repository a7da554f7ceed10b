// A business-hours calendar as its editor holds it, apart from React: the weekdays Monday first
// (the server's keys sun..sat), each day's intervals with a key for React, the holidays sorted,
// and what a save sends (a create: everything; a change: the parts that differ, week and holidays
// whole as the PATCH replaces them). The server's field paths (week.mon[0].open, holidays[2]) are
// the same paths the editor shows its errors at.
import type { Schemas } from "../../../api/types";
import { newKey } from "../shared/reorder";

export type BusinessHours = Schemas["BusinessHours"];
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];
export const WORKDAYS: readonly Day[] = ["mon", "tue", "wed", "thu", "fri"];
/** The server's bounds: intervals a day, holidays a calendar. */
export const MAX_INTERVALS = 8;
export const MAX_HOLIDAYS = 400;

export interface Interval {
  key: string;
  open: string;
  close: string;
}

export interface CalendarForm {
  name: string;
  time_zone: string;
  week: Record<Day, Interval[]>;
  holidays: string[];
  team_id: string;
  is_default: boolean;
}

const interval = (open: string, close: string): Interval => ({ key: newKey(), open, close });

/** A new calendar: 09:00-17:00 on weekdays, in the zone given (the workspace's). */
export function blankCalendar(zone: string): CalendarForm {
  const week = Object.fromEntries(DAYS.map((d) => [d, WORKDAYS.includes(d) ? [interval("09:00", "17:00")] : []])) as Record<Day, Interval[]>;
  return { name: "", time_zone: zone, week, holidays: [], team_id: "", is_default: false };
}

export function calendarForm(b: BusinessHours): CalendarForm {
  const stored = (b.week ?? {}) as Partial<Record<Day, { open: string; close: string }[]>>;
  const week = Object.fromEntries(DAYS.map((d) => [d, (stored[d] ?? []).map((h) => interval(h.open, h.close))])) as Record<Day, Interval[]>;
  return { name: b.name, time_zone: b.time_zone, week, holidays: [...(b.holidays ?? [])].sort(), team_id: b.team_id ?? "", is_default: b.is_default };
}

type WeekJson = Record<Day, { open: string; close: string }[]>;
const weekJson = (f: CalendarForm): WeekJson =>
  Object.fromEntries(DAYS.map((d) => [d, f.week[d].map(({ open, close }) => ({ open, close }))])) as WeekJson;

export type CalendarBody = Schemas["BusinessHoursPatch"];

/** Everything, for a create. */
export function calendarBody(f: CalendarForm): Schemas["BusinessHoursInput"] {
  return { name: f.name.trim(), time_zone: f.time_zone, week: weekJson(f), holidays: f.holidays, team_id: f.team_id || null, is_default: f.is_default };
}

/** The parts that differ from `from`, for a PATCH (empty: nothing to save). */
export function calendarPatch(from: CalendarForm, f: CalendarForm): CalendarBody {
  const a: CalendarBody = calendarBody(from);
  const b: CalendarBody = calendarBody(f);
  const out: CalendarBody = {};
  for (const k of Object.keys(b) as (keyof CalendarBody)[])
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) (out as Record<string, unknown>)[k] = b[k];
  return out;
}

/** A close at or before its open runs past midnight (the server's reading). */
export const overnight = (h: { open: string; close: string }) => /^\d\d:\d\d$/.test(h.open) && /^\d\d:\d\d$/.test(h.close) && h.close <= h.open && h.close !== "00:00";

/** The week with `from`'s hours copied onto `to` (fresh keys). */
export function copyDay(week: Record<Day, Interval[]>, from: Day, to: readonly Day[]): Record<Day, Interval[]> {
  const next = { ...week };
  for (const d of to) if (d !== from) next[d] = week[from].map((h) => interval(h.open, h.close));
  return next;
}

/** The holidays with `date` added, sorted, once. */
export function addHoliday(holidays: readonly string[], date: string): string[] {
  return holidays.includes(date) ? [...holidays] : [...holidays, date].sort();
}

/** Open hours a week, in minutes (overnight intervals count to the next morning; 24:00 is midnight). */
export function weeklyMinutes(week: Record<Day, Interval[]>): number {
  const mins = (s: string) => (/^\d\d:\d\d$/.test(s) ? Number(s.slice(0, 2)) * 60 + Number(s.slice(3)) : NaN);
  let total = 0;
  for (const d of DAYS)
    for (const h of week[d]) {
      const open = mins(h.open);
      const close = mins(h.close);
      if (Number.isNaN(open) || Number.isNaN(close)) continue;
      total += close > open ? close - open : 1440 - open + close;
    }
  return total;
}

export { interval as newInterval };

/** "42", "37.5": a week's open minutes as hours, to a tenth, in the browser's number format. */
export function weeklyHours(minutes: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(Math.round(minutes / 6) / 10);
}

/** The weekday's name in the browser's language ("Monday"; short: "Mon"). 2024-01-01 was a Monday. */
export function dayName(day: Day, style: "long" | "short" = "long"): string {
  const date = new Date(Date.UTC(2024, 0, 1 + DAYS.indexOf(day)));
  return new Intl.DateTimeFormat(undefined, { weekday: style, timeZone: "UTC" }).format(date);
}
