// SLA targets are minutes on the server; admins think in "4h" or "1d 2h". A duration is typed as
// whole minutes ("90"), or as parts with units w (7 days), d (24 hours), h and m in any spacing
// ("1d 2h", "1d2h30m", "45 m"), and shown back in the largest units that say it exactly.

/** The server's bound for a target: 1 minute to 366 days. */
export const MAX_MINUTES = 366 * 24 * 60;

const UNIT_MINUTES: Record<string, number> = { w: 7 * 24 * 60, d: 24 * 60, h: 60, m: 1 };

/** Minutes of a typed duration, or null when it is not one (or is zero). Bounds are the caller's. */
export function parseDuration(typed: string): number | null {
  const text = typed.trim().toLowerCase();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) || null;
  const part = /(\d+)\s*([wdhm])\s*/y;
  let total = 0;
  const seen = new Set<string>();
  part.lastIndex = 0;
  while (part.lastIndex < text.length) {
    const m = part.exec(text);
    if (!m) return null;
    const unit = m[2]!;
    if (seen.has(unit)) return null; // "1h 2h" is a typo, not 3h
    seen.add(unit);
    total += Number(m[1]) * UNIT_MINUTES[unit]!;
    if (!Number.isSafeInteger(total)) return null;
  }
  return total || null;
}

/** "1d 2h 30m", "4h", "45m": exact, largest units first (weeks are left as days: "14d"). */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return "";
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : "", h ? `${h}h` : "", m ? `${m}m` : ""].filter(Boolean).join(" ");
}

export type DurationCheck = { minutes: number } | { error: "format" | "range" };

/** A typed target checked as the server will: a duration of 1 minute to 366 days. */
export function checkDuration(typed: string): DurationCheck {
  const minutes = parseDuration(typed);
  if (minutes === null) return { error: "format" };
  if (minutes > MAX_MINUTES) return { error: "range" };
  return { minutes };
}
