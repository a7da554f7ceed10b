// Numbers, money and dates in the browser's locale, through Intl. Amounts arrive in minor units
// (cents for EUR, none for JPY): the currency's own number of fraction digits turns them into a
// decimal amount.
const locale = typeof navigator !== "undefined" ? navigator.language : "en";

const numberFormats = new Map<string, Intl.NumberFormat>();
function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = numberFormats.get(key);
  if (!f) {
    f = make();
    numberFormats.set(key, f);
  }
  return f;
}

export function currencyDigits(currency: string): number {
  try {
    return cached(`cur:${currency}`, () => new Intl.NumberFormat(locale, { style: "currency", currency })).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in minor units as money of its currency, e.g. 123456 EUR → "€1,234.56". */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined, compact = false): string {
  if (minor === null || minor === undefined) return "";
  if (!currency) return formatNumber(minor);
  const value = minor / 10 ** currencyDigits(currency);
  try {
    const f = cached(`m:${currency}:${compact}`, () =>
      new Intl.NumberFormat(locale, compact ? { style: "currency", currency, notation: "compact" } : { style: "currency", currency }),
    );
    return f.format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A decimal amount typed by a person ("1,234.5") to minor units, or null when it is not a number. */
export function parseMoney(text: string, currency: string): number | null {
  const group = new Intl.NumberFormat(locale).format(1111).replace(/1/g, "");
  const decimal = new Intl.NumberFormat(locale).format(1.1).replace(/1/g, "");
  const normalised = text.trim().split(group).join("").replace(decimal, ".").replace(/[^\d.-]/g, "");
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  const digits = currencyDigits(currency);
  const minor = Math.round(Number(normalised) * 10 ** digits);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as a plain decimal in the currency's main unit ("1234.50" for 123450 EUR, "1.234" for
 *  1234 KWD, "1234" for 1234 JPY), exact for any integer: for inputs and CSV cells. */
export function decimalAmount(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = minor < 0;
  const s = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  const whole = digits ? s.slice(0, -digits) : s;
  const frac = digits ? `.${s.slice(-digits)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
}

/** A plain decimal ("1.234", as a number input gives it) in minor units of the currency, exactly (no
 *  floating point); null when it is not a decimal number, has more decimals than the currency (a
 *  yen has none, a dinar three), or is beyond what a number holds exactly. */
export function minorOfDecimal(text: string, currency: string): number | null {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return null;
  const digits = currencyDigits(currency);
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > digits) return null;
  const minor = Number(`${m[1]}${m[2]}${frac.padEnd(digits, "0")}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return "";
  return cached("n", () => new Intl.NumberFormat(locale)).format(n);
}

/** A file's size in the largest unit that keeps it at least 1, e.g. 21 → "21 bytes", 2048 → "2 kB", 1536000 → "1.5 MB". */
export function formatBytes(n: number): string {
  const units = ["byte", "kilobyte", "megabyte", "gigabyte"] as const;
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  const unit = units[i]!;
  // "21 bytes" in words (the short form says "21 byte"); larger units short: "2.1 kB".
  const display = i === 0 ? "long" : "short";
  return cached(`b:${unit}`, () => new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: display, maximumFractionDigits: 1 })).format(v);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return "";
  return cached("p", () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })).format(ratio);
}

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

/** A calendar date (YYYY-MM-DD) or a timestamp, as a date; a date is never shifted by the time zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-").map(Number) as [number, number, number];
    return dateFormat.format(new Date(y, m - 1, d));
  }
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? value : dateFormat.format(t);
}

const preciseFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(value: string | null | undefined, precise = false): string {
  if (!value) return "";
  const t = new Date(value);
  return Number.isNaN(t.getTime()) ? value : (precise ? preciseFormat : dateTimeFormat).format(t);
}

/** A server's sentence with the RFC 3339 timestamps in it said as formatDateTime says them. */
export function withReadableTimes(text: string): string {
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, (m) => formatDateTime(m));
}

/** A task's due moment: a task due on a day is stored as 23:59 local time of that day
 *  (composer, create dialog) and reads as the day alone; any other time is shown. */
export function formatDue(value: string | null | undefined): string {
  if (!value) return "";
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return value;
  return t.getHours() === 23 && t.getMinutes() === 59 ? dateFormat.format(t) : dateTimeFormat.format(t);
}

/** From one moment to another, the shared part said once: "Dec 3, 2026, 10:00 – 10:30 AM". */
export function formatDateTimeRange(start: string, end: string): string {
  const a = new Date(start);
  const b = new Date(end);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime()) || b < a) return `${formatDateTime(start)} – ${formatDateTime(end)}`;
  return dateTimeFormat.formatRange(a, b);
}

const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });

/** "3 minutes ago", "tomorrow": for timelines and due dates. */
export function formatRelative(value: string | null | undefined, now: Date = new Date()): string {
  if (!value) return "";
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) return value;
  const seconds = Math.round((t - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, "second");
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 86400 * 30) return relative.format(Math.round(seconds / 86400), "day");
  return formatDate(value);
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The wall-clock time in an IANA time zone, with the weekday: "Thu 2:32 PM"; "" for a zone Intl does not know. */
export function formatTimeIn(zone: string, at: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: "short", hour: "numeric", minute: "2-digit" }).format(at);
  } catch {
    return "";
  }
}
