import { messages, type MessageKey } from "./messages";

export type { MessageKey };
export * from "./format";

/** The catalogue's text for key with {placeholders} filled from vars. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const text: string = messages[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A wait in seconds as words: "45 s", "3 min". */
export function formatWait(seconds: number): string {
  return seconds < 90 ? t("time.seconds", { n: seconds }) : t("time.minutes", { n: Math.ceil(seconds / 60) });
}
