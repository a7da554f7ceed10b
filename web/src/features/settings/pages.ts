// The settings pages in the order of the sub-navigation: everyone's own pages, then the admin pages
// (listed to admins only).
import type { MessageKey } from "../../i18n";

export const ADMIN_PAGES = [
  { path: "workspace", label: "settings.nav.workspace" },
  { path: "users", label: "settings.nav.users" },
  { path: "teams", label: "settings.nav.teams" },
  { path: "roles", label: "settings.nav.roles" },
  { path: "fields", label: "settings.nav.fields" },
  { path: "pipelines", label: "settings.nav.pipelines" },
  { path: "api-keys", label: "settings.nav.apiKeys" },
  { path: "webhooks", label: "settings.nav.webhooks" },
  { path: "automations", label: "settings.nav.automations" },
  { path: "business-hours", label: "settings.nav.businessHours" },
  { path: "sla-policies", label: "settings.nav.slaPolicies" },
  { path: "macros", label: "settings.nav.macros" },
  { path: "email", label: "settings.nav.email" },
  { path: "email-templates", label: "settings.nav.emailTemplates" },
  { path: "support-channels", label: "settings.nav.supportChannels" },
  { path: "mfa-policy", label: "settings.nav.mfaPolicy" },
  { path: "audit", label: "settings.nav.audit" },
  { path: "jobs", label: "settings.nav.jobs" },
  { path: "recycle-bin", label: "settings.nav.recycleBin" },
] as const satisfies readonly { path: string; label: MessageKey }[];

export const ACCOUNT_PAGE = { path: "account", label: "settings.nav.account" } as const satisfies { path: string; label: MessageKey };
export const CALENDAR_PAGE = { path: "calendar", label: "settings.nav.calendar" } as const satisfies { path: string; label: MessageKey };
/** Imports: anyone whose role creates records (the page says so to the others). */
export const IMPORTS_PAGE = { path: "imports", label: "settings.nav.imports" } as const satisfies { path: string; label: MessageKey };
/** Duplicates: anyone who reads contacts, companies or leads (merging needs update and delete rights). */
export const DUPLICATES_PAGE = { path: "duplicates", label: "settings.nav.duplicates" } as const satisfies { path: string; label: MessageKey };
/** Every user's own pages, first in the sub-navigation. */
export const OWN_PAGES = [ACCOUNT_PAGE, CALENDAR_PAGE, IMPORTS_PAGE, DUPLICATES_PAGE];
