import { describe, expect, it } from "vitest";
import { t } from "../../i18n";
import { ADMIN_PAGES, OWN_PAGES } from "./pages";
import { filterGroups, groupPages, NAV_GROUPS } from "./navGroups";

const all = [...OWN_PAGES, ...ADMIN_PAGES];

describe("the settings navigation's groups", () => {
  it("puts every page in exactly one group, none under More", () => {
    const listed = NAV_GROUPS.flatMap((g) => g.paths);
    expect([...listed].sort()).toEqual(all.map((p) => p.path).sort());
    expect(new Set(listed).size).toBe(listed.length);
    expect(groupPages(all).map((g) => g.id)).not.toContain("other");
  });

  it("shows a non-admin only the groups of their own pages", () => {
    const groups = groupPages(OWN_PAGES);
    expect(groups.map((g) => [g.id, g.pages.map((p) => p.path)])).toEqual([
      ["you", ["account", "calendar"]],
      ["data", ["imports", "duplicates"]],
    ]);
  });

  it("keeps a page no group names, under More", () => {
    const groups = groupPages([...all, { path: "new-page", label: "settings.nav.label" }]);
    expect(groups.at(-1)).toEqual({ id: "other", label: "settings.group.other", pages: [{ path: "new-page", label: "settings.nav.label" }] });
  });
});

describe("the settings navigation's filter", () => {
  const groups = groupPages(all);
  const paths = (q: string) => filterGroups(groups, q, t).flatMap((g) => g.pages.map((p) => p.path));

  it("keeps everything for an empty query", () => {
    expect(paths("  ")).toHaveLength(all.length);
  });

  it("matches page labels by every word, ignoring case", () => {
    expect(paths("keys")).toEqual(["api-keys"]);
    expect(paths("SLA")).toEqual(["sla-policies"]);
    expect(paths("email tem")).toEqual(["email-templates"]);
  });

  it("keeps a whole group whose name matches", () => {
    expect(paths("people")).toEqual(["users", "teams", "roles"]);
  });

  it("ignores accents", () => {
    const fr = (k: string) => (k === "settings.nav.teams" ? "Équipes" : t(k as Parameters<typeof t>[0]));
    expect(filterGroups(groups, "equipes", fr).flatMap((g) => g.pages.map((p) => p.path))).toEqual(["teams"]);
  });

  it("finds nothing for a word no label holds", () => {
    expect(filterGroups(groups, "zebra", t)).toEqual([]);
  });
});
