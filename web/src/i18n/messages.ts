// Every user-facing text of the UI, in one catalogue assembled from one section per feature
// (catalog/<feature>.ts), so a translation replaces these files and nothing else. Components call
// t("key", {vars}); "{name}" in a message is replaced by vars.name. Keys are "<area>.<what>".
import { common } from "./catalog/common";
import { records } from "./catalog/records";
import { sales } from "./catalog/sales";
import { home } from "./catalog/home";
import { reports } from "./catalog/reports";
import { settings } from "./catalog/settings";
import { search } from "./catalog/search";
import { lists } from "./catalog/lists";
import { ops } from "./catalog/ops";
import { automation } from "./catalog/automation";
import { data } from "./catalog/data";
import { imports } from "./catalog/imports";
import { mail } from "./catalog/mail";
import { settingsSupport } from "./catalog/settingsSupport";
import { support } from "./catalog/support";
import { settingsSla } from "./catalog/settingsSla";
import { settingsMacros } from "./catalog/settingsMacros";
import { marketingForms } from "./catalog/marketingForms";

export const messages = { ...common, ...records, ...sales, ...home, ...reports, ...settings, ...search, ...lists, ...ops, ...automation, ...data, ...imports, ...support, ...settingsSla, ...settingsMacros, ...mail, ...settingsSupport, ...marketingForms } as const;

export type MessageKey = keyof typeof messages;
