// The marketing area's sections, in the order of its sub-navigation. Each section owns its pages
// under /marketing/<path>/* through its own routes file, loaded when first visited: a new section
// (campaigns, forms) is one line here and a folder beside segments/ and lists/.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { MessageKey } from "../../i18n";

export interface MarketingSection {
  path: string;
  label: MessageKey;
  routes: LazyExoticComponent<ComponentType>;
}

export const MARKETING_SECTIONS: MarketingSection[] = [
  { path: "segments", label: "marketing.nav.segments", routes: lazy(() => import("./segments/SegmentRoutes")) },
  { path: "lists", label: "marketing.nav.lists", routes: lazy(() => import("./lists/ListRoutes")) },
  { path: "campaigns", label: "marketingCampaigns.nav", routes: lazy(() => import("./campaigns/CampaignsRoutes")) },
  { path: "forms", label: "marketingForms.nav", routes: lazy(() => import("./forms/FormsRoutes")) },
];
