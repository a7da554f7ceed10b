// What the command palette offers, as plain data: pages to go to, actions (create, sign out) with
// their shortcuts, and the search API's records grouped by object type. Kept free of React so the
// ordering and matching are unit-tested.
import type { MessageKey } from "../../i18n";

/** One hit of GET /api/v1/search (hand-typed until the route is in the OpenAPI document). */
export interface SearchHit {
  object_type: string;
  id: string;
  title: string;
  subtitle?: string | null;
  matched?: string | null;
}
export interface SearchAnswer {
  data: SearchHit[];
}

export type CommandRun = { kind: "go"; to: string } | { kind: "create"; object: string } | { kind: "sign-out" };

export interface PaletteCommand {
  id: string;
  group: "pages" | "actions";
  label: MessageKey;
  /** Extra words it is found by ("new", "add"…). */
  keywords: string[];
  /** Shown beside it, e.g. "C". */
  shortcut?: string;
  run: CommandRun;
}

export interface Access {
  /** Read scope per object ("none" hides the page). */
  canRead: (object: string) => boolean;
  canCreate: (object: string) => boolean;
  admin: boolean;
}

const PAGES: { id: string; label: MessageKey; to: string; object?: string; keywords: string[] }[] = [
  { id: "go-home", label: "search.go.home", to: "/", keywords: ["dashboard", "start"] },
  { id: "go-contacts", label: "search.go.contacts", to: "/contacts", object: "contacts", keywords: ["people"] },
  { id: "go-companies", label: "search.go.companies", to: "/companies", object: "companies", keywords: ["accounts", "organisations"] },
  { id: "go-leads", label: "search.go.leads", to: "/leads", object: "leads", keywords: ["prospects"] },
  { id: "go-deals", label: "search.go.deals", to: "/deals", object: "deals", keywords: ["opportunities"] },
  { id: "go-board", label: "search.go.board", to: "/deals/board", object: "deals", keywords: ["kanban", "pipeline"] },
  { id: "go-tasks", label: "search.go.tasks", to: "/tasks", object: "activities", keywords: ["todo", "activities"] },
  { id: "go-products", label: "search.go.products", to: "/products", object: "products", keywords: ["catalogue", "catalog"] },
  { id: "go-support", label: "search.go.support", to: "/tickets", object: "tickets", keywords: ["tickets", "inbox", "helpdesk", "service"] },
  { id: "go-reports", label: "search.go.reports", to: "/reports", object: "deals", keywords: ["forecast", "funnel", "pipeline"] },
  { id: "go-segments", label: "marketing.go.segments", to: "/marketing/segments", object: "contacts", keywords: ["marketing", "audience"] },
  { id: "go-marketing-lists", label: "marketing.go.lists", to: "/marketing/lists", object: "contacts", keywords: ["marketing", "audience", "static"] },
];

const CREATE: { object: string; label: MessageKey }[] = [
  { object: "contacts", label: "search.create.contact" },
  { object: "companies", label: "search.create.company" },
  { object: "leads", label: "search.create.lead" },
  { object: "deals", label: "search.create.deal" },
  { object: "activities", label: "search.create.task" },
  { object: "tickets", label: "search.create.ticket" },
];

/** The pages and actions this user may use, pages first. */
export function paletteCommands(access: Access): PaletteCommand[] {
  const pages: PaletteCommand[] = PAGES.filter((p) => !p.object || access.canRead(p.object)).map((p) => ({
    id: p.id,
    group: "pages",
    label: p.label,
    keywords: ["go", "open", ...p.keywords],
    run: { kind: "go", to: p.to },
  }));
  pages.push({
    id: "go-settings",
    group: "pages",
    label: "search.go.settings",
    keywords: ["go", "open", "preferences", "account", "password", "mfa", "workspace", "time zone"],
    run: { kind: "go", to: access.admin ? "/settings" : "/settings/account" },
  });
  const actions: PaletteCommand[] = CREATE.filter((c) => access.canCreate(c.object)).map((c) => ({
    id: `create-${c.object}`,
    group: "actions",
    label: c.label,
    keywords: ["new", "add", "create"],
    shortcut: "C",
    run: { kind: "create", object: c.object },
  }));
  actions.push({ id: "sign-out", group: "actions", label: "search.signOut", keywords: ["log out", "logout", "exit"], run: { kind: "sign-out" } });
  return [...pages, ...actions];
}

/**
 * Whether a command matches what was typed: every word typed starts a word of its label or
 * keywords ("go de" finds "Go to Deals"; "new con" finds "Create contact").
 */
export function commandMatches(label: string, keywords: readonly string[], query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = [label, ...keywords].join(" ").toLowerCase().split(/[\s/]+/).filter(Boolean);
  return words.every((w) => hay.some((h) => h.startsWith(w)));
}

/** The order record groups appear in; unknown types come after, alphabetically. */
export const TYPE_ORDER = ["contacts", "companies", "leads", "deals", "activities", "products"];

export interface HitGroup {
  objectType: string;
  hits: SearchHit[];
}

/** Hits grouped by object type (groups in TYPE_ORDER), each keeping the server's ranking. */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const by = new Map<string, SearchHit[]>();
  const seen = new Set<string>();
  for (const h of hits) {
    const key = `${h.object_type}/${h.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = by.get(h.object_type) ?? [];
    list.push(h);
    by.set(h.object_type, list);
  }
  const rank = (t: string) => {
    const i = TYPE_ORDER.indexOf(t);
    return i === -1 ? TYPE_ORDER.length : i;
  };
  return [...by.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([objectType, list]) => ({ objectType, hits: list }));
}

/** Where a hit opens: the record's page. */
export function hitPath(hit: Pick<SearchHit, "object_type" | "id">): string {
  return `/${encodeURIComponent(hit.object_type)}/${encodeURIComponent(hit.id)}`;
}
