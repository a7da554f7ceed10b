// A five-field cron expression (minute hour day month weekday, as the server's jobs::parse_cron
// reads it) said in plain words for the schedule trigger's preview: "Every weekday at 09:00",
// "Every 15 minutes", "On day 1 of every month at 06:30". The common shapes get a sentence; any
// other is said field by field. The server stays the judge of what is valid (a 422 on trigger.cron).
import { t } from "../../../i18n";

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** A weekday's name in the browser's language (0 and 7 are Sunday). */
function weekday(n: number): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(undefined, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2023, 0, 1 + (n % 7))));
}

function monthName(n: number): string {
  return new Intl.DateTimeFormat(undefined, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2023, n - 1, 1)));
}

/** A field's number, weekday or month names read as numbers; NaN when it is not one. */
function num(s: string, names?: string[], base = 0): number {
  const i = names ? names.indexOf(s.toUpperCase()) : -1;
  if (i >= 0) return i + base;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A list of single values ("1,15" → [1, 15]), or null when the field has ranges or steps. */
function singles(field: string, names?: string[], base = 0): number[] | null {
  const parts = field.split(",").map((p) => num(p, names, base));
  return parts.every((n) => Number.isInteger(n)) ? parts : null;
}

function joinWords(words: string[]): string {
  return new Intl.ListFormat(undefined, { style: "long", type: "conjunction" }).format(words);
}

function daysWords(dow: string): string | null {
  if (dow === "*") return null;
  const upper = dow.toUpperCase();
  if (upper === "MON-FRI" || upper === "1-5") return t("automations.cron.weekdays");
  if (upper === "SAT,SUN" || upper === "SUN,SAT" || upper === "0,6" || upper === "6,0") return t("automations.cron.weekends");
  const range = /^([A-Z0-9]+)-([A-Z0-9]+)$/.exec(upper);
  if (range) {
    const a = num(range[1]!, DAY_NAMES);
    const b = num(range[2]!, DAY_NAMES);
    if (Number.isInteger(a) && Number.isInteger(b)) return t("automations.cron.dayRange", { from: weekday(a), to: weekday(b) });
  }
  const list = singles(dow, DAY_NAMES);
  return list ? joinWords(list.map(weekday)) : t("automations.cron.field", { field: t("automations.cron.weekday"), value: dow });
}

/** The expression in words; null when it does not have five fields. */
export function cronWords(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === "") return null;
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const step = /^\*\/(\d+)$/;

  // Times of day: every N minutes, hourly at :MM, or at given hours and minute.
  let when: string;
  const minutes = singles(min);
  const hours = singles(hour);
  if (step.test(min) && hour === "*") when = t("automations.cron.everyMinutes", { n: step.exec(min)![1]! });
  else if (min === "*" && hour === "*") when = t("automations.cron.everyMinute");
  else if (minutes?.length === 1 && hour === "*") when = t("automations.cron.hourly", { minute: pad(minutes[0]!) });
  else if (minutes?.length === 1 && hours) when = t("automations.cron.at", { times: joinWords(hours.map((h) => `${pad(h)}:${pad(minutes[0]!)}`)) });
  else if (minutes?.length === 1 && step.test(hour)) when = t("automations.cron.everyHours", { n: step.exec(hour)![1]!, minute: pad(minutes[0]!) });
  else
    when = [
      t("automations.cron.field", { field: t("automations.cron.minute"), value: min }),
      t("automations.cron.field", { field: t("automations.cron.hour"), value: hour }),
    ].join(", ");

  // Which days: every day, weekdays, days of the month, months.
  const parts: string[] = [];
  const days = daysWords(dow);
  const monthDays = dom === "*" ? null : singles(dom);
  if (dom !== "*") parts.push(monthDays ? t("automations.cron.monthDays", { days: joinWords(monthDays.map(String)) }) : t("automations.cron.field", { field: t("automations.cron.day"), value: dom }));
  if (days) parts.push(t("automations.cron.on", { days }));
  if (month !== "*") {
    const months = singles(month, MONTH_NAMES, 1);
    parts.push(months ? t("automations.cron.in", { months: joinWords(months.map(monthName)) }) : t("automations.cron.field", { field: t("automations.cron.month"), value: month }));
  }
  if (parts.length === 0) parts.push(t("automations.cron.everyDay"));
  return `${when}, ${parts.join(", ")}`;
}
