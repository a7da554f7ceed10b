import type { IconName } from "../components/Icon";
import type { MessageKey } from "../i18n";

export interface NavItem {
  to: string;
  label: MessageKey;
  icon: IconName;
  /** The record object whose read scope decides whether the item shows. */
  object?: string;
  /** Shown in the phone's bottom bar (the four most used). */
  phone?: boolean;
}

export const mainNav: NavItem[] = [
  { to: "/", label: "nav.home", icon: "home", phone: true },
  { to: "/contacts", label: "nav.contacts", icon: "contacts", object: "contacts", phone: true },
  { to: "/companies", label: "nav.companies", icon: "companies", object: "companies" },
  { to: "/leads", label: "nav.leads", icon: "leads", object: "leads" },
  { to: "/deals", label: "nav.deals", icon: "deals", object: "deals", phone: true },
  { to: "/tasks", label: "nav.tasks", icon: "tasks", object: "activities", phone: true },
  { to: "/products", label: "nav.products", icon: "products", object: "products" },
  { to: "/tickets", label: "nav.support", icon: "support", object: "tickets" },
  { to: "/reports", label: "nav.reports", icon: "reports", object: "deals" },
  { to: "/marketing/forms", label: "marketingForms.nav", icon: "note", object: "contacts" },
];
