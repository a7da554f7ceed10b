// What the UI knows of each record object: its labels, how a record is named, where it lives and
// the columns a list shows by default. Field metadata for filters comes from the server (the
// OpenAPI document and the workspace's custom fields); this is only presentation.
import type { ObjectType } from "../../api/types";

export interface ObjectInfo {
  object: ObjectType;
  singular: string;
  plural: string;
  /** The page of the list ("/contacts"); tasks live at /tasks. */
  path: string;
  defaultColumns: string[];
}

export const objects: Record<ObjectType, ObjectInfo> = {
  companies: { object: "companies", singular: "Company", plural: "Companies", path: "/companies", defaultColumns: ["name", "domain", "industry", "city", "owner_id", "created_at"] },
  contacts: { object: "contacts", singular: "Contact", plural: "Contacts", path: "/contacts", defaultColumns: ["name", "email", "phone", "company_id", "job_title", "owner_id"] },
  leads: { object: "leads", singular: "Lead", plural: "Leads", path: "/leads", defaultColumns: ["name", "company_name", "email", "status", "source", "owner_id"] },
  deals: { object: "deals", singular: "Deal", plural: "Deals", path: "/deals", defaultColumns: ["name", "amount", "stage_id", "expected_close_date", "company_id", "owner_id"] },
  products: { object: "products", singular: "Product", plural: "Products", path: "/products", defaultColumns: ["name", "sku", "unit_price", "active"] },
  activities: { object: "activities", singular: "Activity", plural: "Activities", path: "/tasks", defaultColumns: ["subject", "type", "due_at", "done", "owner_id"] },
  // The support inbox (features/support) is the tickets' list; these columns serve the generic parts.
  tickets: { object: "tickets", singular: "Ticket", plural: "Tickets", path: "/tickets", defaultColumns: ["subject", "status", "priority", "assignee_id", "updated_at"] },
};

type AnyRecord = Record<string, unknown>;

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/** The name a person knows a record by: "Ada Lovelace", "Acme", "ada@example.com" as a last resort. */
export function recordTitle(object: ObjectType | string, r: AnyRecord | null | undefined): string {
  if (!r) return "";
  switch (object) {
    case "contacts":
    case "leads": {
      const name = [text(r.first_name), text(r.last_name)].filter(Boolean).join(" ");
      return name || text(r.email) || text(r.company_name) || "(no name)";
    }
    case "activities":
      return text(r.subject) || text(r.type) || "(no subject)";
    case "tickets": {
      const subject = text(r.subject) || "(no subject)";
      return typeof r.number === "number" ? `#${r.number} ${subject}` : subject;
    }
    default:
      return text(r.name) || "(no name)";
  }
}

/** The page of one record. */
export function recordPath(object: ObjectType | string, id: string): string {
  return `/${object}/${id}`;
}
