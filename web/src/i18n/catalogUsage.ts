// Which catalogue keys each module of the UI uses, and which sections are loaded when it runs: the
// walk behind catalogSections.test.ts (tests only). It reads the sources as text:
// - keys: every string literal that is a key, and every template literal starting "<area>.<what>.${"
//   (a prefix: each section holding a key with that prefix must be loaded);
// - static imports (not `import type`) run with their importer, so they share its sections;
// - a dynamic import runs later with its importer's sections, plus those named when it is wrapped
//   as withCatalog([...], () => import("...")).
export type Sources = Record<string, string>; // "/src/app/App.tsx" → text
export type Sections = Record<string, Record<string, string>>;

export interface Missing {
  module: string;
  /** The key, or a prefix ending in "." */
  key: string;
  section: string;
  /** The chain of modules from the entry, each with the sections it added. */
  via: string;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /(withCatalog\(\s*\[([^\]]*)\]\s*,\s*\(\)\s*=>\s*)?import\(\s*["']([^"']+)["']\s*\)/g;
const STRING = /["']([a-zA-Z][\w-]*\.[\w.-]+)["']/g;
const TEMPLATE_PREFIX = /`([a-zA-Z][\w-]*\.[\w.-]*\.)\$\{/g;

function resolve(sources: Sources, from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  const base = parts.join("/");
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (candidate in sources) return candidate;
  return null;
}

export function walkCatalogUse(sources: Sources, sections: Sections, entry: string, eager: string[]): Missing[] {
  const sectionOf = new Map<string, string>();
  for (const [name, s] of Object.entries(sections)) for (const key of Object.keys(s)) sectionOf.set(key, name);
  const sectionsWithPrefix = (prefix: string) =>
    Object.entries(sections)
      .filter(([, s]) => Object.keys(s).some((k) => k.startsWith(prefix)))
      .map(([name]) => name);

  const missing: Missing[] = [];
  const seen = new Set<string>();
  const visit = (module: string, loaded: Set<string>, via: string) => {
    const state = `${module}|${[...loaded].sort().join(",")}`;
    if (seen.has(state) || module.startsWith("/src/i18n/catalog/")) return;
    seen.add(state);
    const text = sources[module] ?? "";
    for (const m of text.matchAll(STRING)) {
      const section = sectionOf.get(m[1]!);
      if (section && !loaded.has(section)) missing.push({ module, key: m[1]!, section, via });
    }
    for (const m of text.matchAll(TEMPLATE_PREFIX))
      for (const section of sectionsWithPrefix(m[1]!)) if (!loaded.has(section)) missing.push({ module, key: m[1]!, section, via });
    for (const m of text.matchAll(STATIC_IMPORT)) {
      const next = resolve(sources, module, m[1]!);
      if (next) visit(next, loaded, via);
    }
    for (const m of text.matchAll(DYNAMIC_IMPORT)) {
      const next = resolve(sources, module, m[3]!);
      if (!next) continue;
      const added = m[1] ? [...m[2]!.matchAll(/["'](\w+)["']/g)].map((s) => s[1]!) : [];
      visit(next, new Set([...loaded, ...added]), `${via} → ${next}${added.length ? ` [${added.join(", ")}]` : ""}`);
    }
  };
  visit(entry, new Set(eager), entry);
  return missing;
}
