import { eagerSections, lazySections, type MessageKey, type SectionName } from "./messages";

export type { MessageKey, SectionName };
export * from "./format";

// The texts loaded so far: the eager sections, then each lazy section as it arrives.
const loaded = new Map<string, string>();
for (const section of Object.values(eagerSections)) for (const [k, v] of Object.entries(section)) loaded.set(k, v);
const pending = new Map<SectionName, Promise<void>>();

/** Loads the named sections of the catalogue (each once; a failed load is tried again next time). */
export function loadSections(names: readonly SectionName[]): Promise<void> {
  return Promise.all(
    names.map((name) => {
      let p = pending.get(name);
      if (!p) {
        p = lazySections[name]().then(
          (section) => {
            for (const [k, v] of Object.entries(section)) loaded.set(k, v);
          },
          (e: unknown) => {
            pending.delete(name);
            throw e;
          },
        );
        pending.set(name, p);
      }
      return p;
    }),
  ).then(() => undefined);
}

/** A lazily loaded module (a page's chunk) once the catalogue sections it uses are loaded too. */
export function withCatalog<T>(sections: readonly SectionName[], load: () => Promise<T>): Promise<T> {
  return Promise.all([load(), loadSections(sections)]).then(([m]) => m);
}

/** Whether the loaded catalogue has key (labels fall back to a readable API name when not). */
export function hasMessage(key: string): key is MessageKey {
  return loaded.has(key);
}

/** The catalogue's text for key with {placeholders} filled from vars. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  // A key whose section is not loaded shows as itself (catalogSections.test.ts keeps that from happening).
  const text = loaded.get(key) ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** A wait in seconds as words: "45 s", "3 min". */
export function formatWait(seconds: number): string {
  return seconds < 90 ? t("time.seconds", { n: seconds }) : t("time.minutes", { n: Math.ceil(seconds / 60) });
}
