// The standard fields a role's field rules may hide or make read-only, per object. Typed against
// the API's record schemas, so a renamed field fails the build. System fields (id, version, dates
// the server sets, owner) are left out: hiding them would break lists and scopes. Custom fields
// come from /api/v1/custom-fields as "custom.<name>".
import type { Activity, Company, Contact, Deal, Lead, Product, Ticket } from "../../../api/types";
import type { RoleObject } from "./matrix";

const companies: (keyof Company)[] = ["name", "domain", "industry", "size", "employee_count", "annual_revenue", "currency", "website", "phone", "street", "city", "region", "postal_code", "country", "description"];
const contacts: (keyof Contact)[] = ["first_name", "last_name", "email", "phone", "emails", "phones", "company_id", "job_title", "lifecycle_stage", "lead_source", "city", "country", "birthday", "linkedin_url", "description"];
const activities: (keyof Activity)[] = ["type", "subject", "body", "occurred_at", "due_at", "done", "direction", "duration_seconds", "outcome", "starts_at", "ends_at", "location", "attendees", "email_from", "email_to"];
const leads: (keyof Lead)[] = ["first_name", "last_name", "email", "phone", "company_name", "domain", "job_title", "website", "source", "status", "status_reason", "city", "country", "description"];
const deals: (keyof Deal)[] = ["name", "amount", "currency", "expected_close_date", "company_id", "lost_reason", "description"];
const products: (keyof Product)[] = ["sku", "name", "description", "unit_price", "currency", "active"];
const tickets: (keyof Ticket)[] = ["subject", "description", "status", "priority", "type", "channel", "requester_id", "company_id", "assignee_id", "team_id"];

export const STANDARD_FIELDS: Record<RoleObject, string[]> = { companies, contacts, activities, leads, deals, products, tickets };

/** "expected_close_date" → "Expected close date"; "custom.vip" keeps its custom field's label. */
export function fieldLabel(field: string): string {
  const s = field.replace(/^custom\./, "").replace(/_id$/, "").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
