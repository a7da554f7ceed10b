// Between a field's API value and what its editor holds while a person types: strings for inputs,
// string lists for email/phone lists. Money is typed as a decimal in the record's currency and
// sent in minor units; a date-time is typed in local time and sent as UTC.
import { currencyDigits, parseMoney } from "../../i18n/format";
import type { ValueKind } from "./values";

export type Draft = string | string[] | boolean;

const p2 = (n: number) => String(n).padStart(2, "0");

/** An ISO timestamp as a datetime-local input value, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

export function isListKind(kind: ValueKind): boolean {
  return kind === "emails" || kind === "phones" || kind === "list";
}

export function toDraft(kind: ValueKind, v: unknown, currency?: string | null): Draft {
  if (isListKind(kind)) return Array.isArray(v) ? v.map(String) : [];
  if (kind === "bool") return Boolean(v);
  if (v === null || v === undefined) return "";
  if (kind === "money" && typeof v === "number") {
    const digits = currencyDigits(currency || "EUR");
    return (v / 10 ** digits).toFixed(digits);
  }
  if (kind === "datetime" && typeof v === "string") return toLocalInput(v);
  return String(v);
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: "number" | "money" };

export function fromDraft(kind: ValueKind, d: Draft, currency?: string | null): Parsed {
  if (Array.isArray(d)) return { ok: true, value: d.map((s) => s.trim()).filter(Boolean) };
  if (typeof d === "boolean") return { ok: true, value: d };
  const s = d.trim();
  if (!s) return { ok: true, value: null };
  switch (kind) {
    case "number": {
      const n = Number(s.replace(/[\s,]/g, ""));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: "number" };
    }
    case "money": {
      const minor = parseMoney(s, currency || "EUR");
      return minor === null ? { ok: false, error: "money" } : { ok: true, value: minor };
    }
    case "datetime": {
      const t = new Date(s);
      return Number.isNaN(t.getTime()) ? { ok: true, value: s } : { ok: true, value: t.toISOString() };
    }
    case "country":
    case "currency":
      return { ok: true, value: s.toUpperCase() };
    default:
      return { ok: true, value: s };
  }
}
