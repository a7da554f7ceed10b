// Drill-down: the records behind one figure of a report, as the object's list page with equivalent
// filters in its URL: the definition's filters, then one per group value (a field's value, the owner,
// a team's members, a date bucket as a range from its first instant included to the next bucket's
// excluded, on the workspace time zone's wall clock) and the currency of a split figure. The list
// takes one filter per field and operator, so where a group's bound meets the definition's on the
// same operator the narrower one is kept.
import { serializeListState, type Filter } from "../records/list/state";
import type { Bucket, ReportResult } from "./definition";

type GroupBy = ReportResult["group_by"][number];

export interface TeamMembers {
  id: string;
  member_ids: string[];
}

/** The first day of a bucket label ("2026-03-14", "2026-W11", "2026-03", "2026-Q1", "2026") and the next bucket's. */
export function bucketDays(label: string, bucket: Bucket): { from: string; to: string } | null {
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
  let m: RegExpExecArray | null;
  switch (bucket) {
    case "day":
      if (!(m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label))) return null;
      return { from: iso(+m[1]!, +m[2]!, +m[3]!), to: iso(+m[1]!, +m[2]!, +m[3]! + 1) };
    case "week": {
      if (!(m = /^(\d{4})-W(\d{2})$/.exec(label))) return null;
      // ISO week 1 holds January 4th; weeks start on Monday.
      const jan4 = new Date(Date.UTC(+m[1]!, 0, 4));
      const monday1 = 4 - ((jan4.getUTCDay() + 6) % 7);
      const start = monday1 + (+m[2]! - 1) * 7;
      return { from: iso(+m[1]!, 1, start), to: iso(+m[1]!, 1, start + 7) };
    }
    case "month":
      if (!(m = /^(\d{4})-(\d{2})$/.exec(label))) return null;
      return { from: iso(+m[1]!, +m[2]!, 1), to: iso(+m[1]!, +m[2]! + 1, 1) };
    case "quarter":
      if (!(m = /^(\d{4})-Q([1-4])$/.exec(label))) return null;
      return { from: iso(+m[1]!, (+m[2]! - 1) * 3 + 1, 1), to: iso(+m[1]!, (+m[2]! - 1) * 3 + 4, 1) };
    case "year":
      if (!(m = /^(\d{4})$/.exec(label))) return null;
      return { from: iso(+m[1]!, 1, 1), to: iso(+m[1]! + 1, 1, 1) };
  }
}

/** Minutes `zone` is ahead of UTC at the instant `ms`. */
function offsetMinutes(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour") % 24, n("minute"), n("second"));
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The UTC instant (ISO 8601, milliseconds, "Z") of midnight starting `day` on `zone`'s wall clock. */
export function zoneMidnight(day: string, zone: string): string {
  const wall = Date.parse(`${day}T00:00:00Z`);
  let guess = wall - offsetMinutes(wall, zone) * 60000;
  // A second pass when the offset at the guess differs (the day starts across a change of offset).
  guess = wall - offsetMinutes(guess, zone) * 60000;
  return new Date(guess).toISOString();
}

/** Adds f, or where the same field and operator are filtered already, keeps the narrower bound. */
function narrow(filters: Filter[], f: Filter): Filter[] {
  const i = filters.findIndex((x) => x.field === f.field && x.op === f.op);
  if (i < 0) return [...filters, f];
  const old = filters[i]!.value;
  const keep = f.op === "gt" || f.op === "gte" ? (f.value > old ? f.value : old) : f.op === "lt" || f.op === "lte" ? (f.value < old ? f.value : old) : f.value;
  return filters.map((x, j) => (j === i ? { ...x, value: keep } : x));
}

/**
 * The list filters for the records behind a figure: `groups` are the row's group values (one per
 * group-by), `currency` its currency when the figures are split. Null when a group cannot be said as
 * a list filter (the records of owners in no team).
 */
export function drillFilters(base: Filter[], groupBy: GroupBy[], groups: unknown[], currency: string | null | undefined, timeZone: string, teams: TeamMembers[]): Filter[] | null {
  let out = [...base];
  for (let i = 0; i < groupBy.length; i++) {
    const g = groupBy[i]!;
    const v = groups[i];
    if (g.kind === "team") {
      if (v === null || v === undefined) return null;
      const members = teams.find((tm) => tm.id === v)?.member_ids ?? [];
      if (members.length === 0) return null;
      out = narrow(out, { field: "owner_id", op: "in", value: members.join(",") });
      continue;
    }
    if (v === null || v === undefined) {
      out = narrow(out, { field: g.field, op: "is_null", value: "true" });
      continue;
    }
    if ((g.kind === "date" || g.kind === "time") && g.bucket) {
      const days = bucketDays(String(v), g.bucket);
      if (!days) return null;
      const bound = (d: string) => (g.kind === "time" ? zoneMidnight(d, timeZone) : d);
      out = narrow(out, { field: g.field, op: "gte", value: bound(days.from) });
      out = narrow(out, { field: g.field, op: "lt", value: bound(days.to) });
      continue;
    }
    out = narrow(out, { field: g.field, op: "eq", value: String(v) });
  }
  if (currency) out = narrow(out, { field: "currency", op: "eq", value: currency });
  return out;
}

/** The list page's URL for those filters. */
export function drillUrl(object: string, filters: Filter[]): string {
  return `/${object}?${serializeListState({ filters, sort: null, columns: null, view: null }).toString()}`;
}
