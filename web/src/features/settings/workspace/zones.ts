// The time zones a workspace can run on, apart from React: the browser's IANA names (with UTC, which
// V8's list leaves out, and the saved zone, which may be an alias the list does not carry), each
// zone's offset from UTC at a moment, and the search the zone picker runs over them.

export interface Zone {
  /** The IANA name the server stores: "America/New_York". */
  id: string;
  /** The name as read: "America/New York". */
  label: string;
  /** Minutes east of UTC at the moment the list was made (daylight saving moves it). */
  minutes: number;
  /** "UTC", "UTC+05:30", "UTC-03:00". */
  offset: string;
}

/** The browser's IANA names, or none where the browser cannot list them. */
export function supportedZones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}

/** The names to offer: UTC first, then the browser's in order, with the saved one when it is missing. */
export function zoneIds(saved: string, supported: readonly string[] = supportedZones()): string[] {
  const rest = supported.filter((z) => z !== "UTC");
  if (saved && saved !== "UTC" && !rest.includes(saved)) rest.push(saved);
  return ["UTC", ...rest.sort()];
}

const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();

/** Minutes east of UTC in zone at the moment, from Intl's "GMT+05:30"; null for a zone Intl does not know. */
export function offsetMinutes(zone: string, at: Date): number | null {
  let f = offsetFormats.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    } catch {
      f = null; // RangeError: not a zone this browser knows
    }
    offsetFormats.set(zone, f);
  }
  if (!f) return null;
  const name = f.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
  if (name === "GMT") return 0; // UTC itself, and zones on it (Africa/Abidjan)
  const m = /^GMT([+\-−])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "+" ? minutes : -minutes;
}

/** An offset as read: "UTC", "UTC+05:30", "UTC-03:00". */
export function offsetText(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `UTC${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

/**
 * Cities IANA renamed that browsers (ICU) still list under the old name: the new one is said beside
 * it, so "Kolkata" finds Asia/Calcutta. The stored name stays the browser's, which the server knows.
 */
const RENAMED: Record<string, string> = {
  "Africa/Asmera": "Asmara",
  "America/Godthab": "Nuuk",
  "Asia/Calcutta": "Kolkata",
  "Asia/Katmandu": "Kathmandu",
  "Asia/Rangoon": "Yangon",
  "Asia/Saigon": "Ho Chi Minh",
  "Atlantic/Faeroe": "Faroe",
  "Europe/Kiev": "Kyiv",
  "Pacific/Enderbury": "Kanton",
  "Pacific/Ponape": "Pohnpei",
  "Pacific/Truk": "Chuuk",
};

/** "America/Argentina/Buenos_Aires" → "America/Argentina/Buenos Aires"; "Asia/Calcutta" → "Asia/Calcutta (Kolkata)". */
export function zoneLabel(id: string): string {
  const label = id.replace(/_/g, " ");
  const renamed = RENAMED[id];
  return renamed ? `${label} (${renamed})` : label;
}

/** The zones to offer at the moment, each with its offset then; zones Intl does not know show no offset. */
export function zoneList(ids: readonly string[], at: Date): Zone[] {
  return ids.map((id) => {
    const minutes = offsetMinutes(id, at);
    return { id, label: zoneLabel(id), minutes: minutes ?? 0, offset: minutes === null ? "" : offsetText(minutes) };
  });
}

/** An offset as people type it ("utc+1", "gmt-5", "+5:30", "-03:30") in minutes; null for other words. */
export function typedOffset(word: string): number | null {
  const m = /^(?:utc|gmt)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(word);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "+" ? minutes : -minutes;
}

/**
 * Whether a zone matches what was typed: every word typed is part of its name ("new york",
 * "europe par") or, when it is an offset ("utc+1", "+05:30"), equals its offset then. "_" and
 * the typographic minus are read as " " and "-".
 */
export function zoneMatches(z: Zone, typed: string): boolean {
  const words = typed.toLowerCase().replace(/_/g, " ").replace(/−/g, "-").split(/\s+/).filter(Boolean);
  const hay = `${z.label} ${z.offset}${z.offset && z.minutes === 0 ? " gmt" : ""}`.toLowerCase();
  return words.every((w) => {
    const offset = typedOffset(w);
    return offset === null ? hay.includes(w) : z.offset !== "" && offset === z.minutes;
  });
}

/** The browser's own zone, for "use my time zone". */
export function browserZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
