// Every section of the catalogue, imported at once: for the tests only (the app loads the sections
// through messages.ts, most of them lazily).
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
import { marketing } from "./catalog/marketing";
import { marketingSegments } from "./catalog/marketingSegments";
import { marketingLists } from "./catalog/marketingLists";
import { marketingForms } from "./catalog/marketingForms";
import { marketingCampaigns } from "./catalog/marketingCampaigns";
import { analytics } from "./catalog/analytics";
import { dedupe } from "./catalog/dedupe";

export const sections = { common, records, sales, home, reports, settings, search, lists, ops, automation, data, imports, support, settingsSla, settingsMacros, mail, settingsSupport, marketing, marketingSegments, marketingLists, marketingForms, marketingCampaigns, analytics, dedupe };
