// The settings sub-navigation's groups and its filter (pure, so they are unit tested). Every page of
// pages.ts belongs to one group (navGroups.test.ts); a page added without a group still shows, under
// "More", rather than disappearing.
import type { MessageKey } from "../../i18n";

export interface NavPage {
  path: string;
  label: MessageKey;
}

export interface NavGroup {
  id: string;
  label: MessageKey;
  pages: NavPage[];
}

/** The groups in order, each naming its pages in order. */
export const NAV_GROUPS: readonly { id: string; label: MessageKey; paths: readonly string[] }[] = [
  { id: "you", label: "settings.group.you", paths: ["account", "calendar"] },
  { id: "workspace", label: "settings.group.workspace", paths: ["workspace", "fields", "automations"] },
  { id: "people", label: "settings.group.people", paths: ["users", "teams", "roles"] },
  { id: "sales", label: "settings.group.sales", paths: ["pipelines"] },
  { id: "support", label: "settings.group.support", paths: ["business-hours", "sla-policies", "macros", "support-channels"] },
  { id: "email", label: "settings.group.email", paths: ["email", "email-templates", "api-keys", "webhooks"] },
  { id: "data", label: "settings.group.data", paths: ["imports", "duplicates", "recycle-bin", "jobs"] },
  { id: "security", label: "settings.group.security", paths: ["mfa-policy", "audit"] },
];

/** The pages the user may see, in their groups (empty groups left out; ungrouped pages under "More"). */
export function groupPages(pages: readonly NavPage[]): NavGroup[] {
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const placed = new Set<string>();
  const groups: NavGroup[] = [];
  for (const g of NAV_GROUPS) {
    const members = g.paths.flatMap((path) => {
      const page = byPath.get(path);
      if (!page) return [];
      placed.add(path);
      return [page];
    });
    if (members.length) groups.push({ id: g.id, label: g.label, pages: members });
  }
  const rest = pages.filter((p) => !placed.has(p.path));
  if (rest.length) groups.push({ id: "other", label: "settings.group.other", pages: rest });
  return groups;
}

// Lower case without accents, so "sla" finds "SLA policies" and "equipe" finds "Équipes".
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

/**
 * The groups narrowed to the pages whose label, or whose group's label, holds every word of query
 * (so "support" keeps the whole Support group, "keys" finds API keys). An empty query keeps all.
 */
export function filterGroups(groups: readonly NavGroup[], query: string, text: (key: MessageKey) => string): NavGroup[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return [...groups];
  return groups.flatMap((g) => {
    const groupText = fold(text(g.label));
    const pages = g.pages.filter((p) => {
      const haystack = `${groupText} ${fold(text(p.label))}`;
      return words.every((w) => haystack.includes(w));
    });
    return pages.length ? [{ ...g, pages }] : [];
  });
}
