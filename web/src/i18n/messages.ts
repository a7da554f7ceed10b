// Every user-facing text of the UI, in one catalogue assembled from one section per feature
// (catalog/<feature>.ts), so a translation replaces these files and nothing else. Components call
// t("key", {vars}); "{name}" in a message is replaced by vars.name. Keys are "<area>.<what>".
//
// Only the sections the shell and the sign-in page need are in the first script; the others load
// with the pages that use them (withCatalog in src/app/App.tsx), so the first page does not carry
// the whole catalogue. catalogSections.test.ts walks the imports from each page to check that every
// key a module uses is loaded before it renders. The key type covers every section (type imports
// are erased from the build).
import { common } from "./catalog/common";
import type { records } from "./catalog/records";
import type { sales } from "./catalog/sales";
import type { home } from "./catalog/home";
import type { reports } from "./catalog/reports";
import type { settings } from "./catalog/settings";
import type { search } from "./catalog/search";
import type { lists } from "./catalog/lists";
import type { ops } from "./catalog/ops";
import type { automation } from "./catalog/automation";
import type { data } from "./catalog/data";
import type { imports } from "./catalog/imports";
import type { mail } from "./catalog/mail";
import type { settingsSupport } from "./catalog/settingsSupport";
import type { support } from "./catalog/support";
import type { settingsSla } from "./catalog/settingsSla";
import type { settingsMacros } from "./catalog/settingsMacros";
import type { marketing } from "./catalog/marketing";
import type { marketingSegments } from "./catalog/marketingSegments";
import type { marketingLists } from "./catalog/marketingLists";
import type { marketingForms } from "./catalog/marketingForms";
import type { marketingCampaigns } from "./catalog/marketingCampaigns";
import type { analytics } from "./catalog/analytics";
import type { dedupe } from "./catalog/dedupe";

/** The sections in the first script. */
export const eagerSections = { common } as const;

/** The other sections, each its own chunk, by name. */
export const lazySections = {
  records: () => import("./catalog/records").then((m) => m.records),
  sales: () => import("./catalog/sales").then((m) => m.sales),
  home: () => import("./catalog/home").then((m) => m.home),
  reports: () => import("./catalog/reports").then((m) => m.reports),
  settings: () => import("./catalog/settings").then((m) => m.settings),
  search: () => import("./catalog/search").then((m) => m.search),
  lists: () => import("./catalog/lists").then((m) => m.lists),
  ops: () => import("./catalog/ops").then((m) => m.ops),
  automation: () => import("./catalog/automation").then((m) => m.automation),
  data: () => import("./catalog/data").then((m) => m.data),
  imports: () => import("./catalog/imports").then((m) => m.imports),
  mail: () => import("./catalog/mail").then((m) => m.mail),
  settingsSupport: () => import("./catalog/settingsSupport").then((m) => m.settingsSupport),
  support: () => import("./catalog/support").then((m) => m.support),
  settingsSla: () => import("./catalog/settingsSla").then((m) => m.settingsSla),
  settingsMacros: () => import("./catalog/settingsMacros").then((m) => m.settingsMacros),
  marketing: () => import("./catalog/marketing").then((m) => m.marketing),
  marketingSegments: () => import("./catalog/marketingSegments").then((m) => m.marketingSegments),
  marketingLists: () => import("./catalog/marketingLists").then((m) => m.marketingLists),
  marketingForms: () => import("./catalog/marketingForms").then((m) => m.marketingForms),
  marketingCampaigns: () => import("./catalog/marketingCampaigns").then((m) => m.marketingCampaigns),
  analytics: () => import("./catalog/analytics").then((m) => m.analytics),
  dedupe: () => import("./catalog/dedupe").then((m) => m.dedupe),
};

export type SectionName = keyof typeof lazySections;

type AllSections = typeof common &
  typeof records &
  typeof sales &
  typeof home &
  typeof reports &
  typeof settings &
  typeof search &
  typeof lists &
  typeof ops &
  typeof automation &
  typeof data &
  typeof imports &
  typeof mail &
  typeof settingsSupport &
  typeof support &
  typeof settingsSla &
  typeof settingsMacros &
  typeof marketing &
  typeof marketingSegments &
  typeof marketingLists &
  typeof marketingForms &
  typeof marketingCampaigns &
  typeof analytics &
  typeof dedupe;

export type MessageKey = keyof AllSections;
