// Who an email from a record goes to: the addresses typed (commas, semicolons or spaces between
// them, "Name <a@b>" read as its address), the record's own people to start from, and the record
// the email concerns — the page's record, whose timeline logs it (naming more would need the
// sender to read each of them, and a company's timeline already shows its contacts' emails), plus
// what a template's merge fields need.
import type { ObjectType } from "../../api/types";

export type MailObject = "contacts" | "companies" | "leads" | "deals";
export const MAIL_OBJECTS: readonly ObjectType[] = ["contacts", "companies", "leads", "deals"];

export interface Person {
  name: string;
  email: string;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The addresses of a typed list, in order, each once (case-insensitively), empty pieces dropped. */
export function parseAddresses(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(/[,;\n]+/)) {
    const angle = /<([^<>]*)>/.exec(piece);
    for (const a of (angle ? angle[1]! : piece).split(/\s+/)) {
      const addr = a.trim();
      if (!addr || seen.has(addr.toLowerCase())) continue;
      seen.add(addr.toLowerCase());
      out.push(addr);
    }
  }
  return out;
}

/** The addresses that are not addresses ("bob@", "alice"), said before sending. */
export function badAddresses(list: string[]): string[] {
  return list.filter((a) => !ADDRESS.test(a));
}

/**
 * Who to write to first: a contact or lead itself; a deal's first contact with the rest in Cc; a
 * company's first contact. `people` are the record's related contacts (a deal's, a company's) in order.
 */
export function prefill(object: MailObject, record: Record<string, unknown>, people: Person[]): { to: string[]; cc: string[] } {
  if (object === "contacts" || object === "leads") {
    const own = typeof record.email === "string" && record.email ? record.email : null;
    return { to: own ? [own] : [], cc: [] };
  }
  const withEmail = people.filter((p) => p.email);
  const [first, ...rest] = withEmail;
  if (!first) return { to: [], cc: [] };
  return object === "deals" ? { to: [first.email], cc: rest.map((p) => p.email) } : { to: [first.email], cc: [] };
}

type LinkField = "contact_id" | "company_id" | "lead_id" | "deal_id";
const LINK: Record<MailObject, LinkField> = { contacts: "contact_id", companies: "company_id", leads: "lead_id", deals: "deal_id" };

/**
 * The records the email names (its body's contact_id, company_id…): the page's record, whose
 * timeline logs it, and what a template's merge fields read besides — a contact's company, a deal's
 * company and first contact, a company's first contact — each only when the template uses it (the
 * sender must be able to read every record named). `used` are the template's objects ("contact").
 */
export function recordLinks(
  object: MailObject,
  record: Record<string, unknown> & { id: string },
  people: (Person & { id: string })[],
  used: readonly string[] = [],
): Partial<Record<LinkField, string>> {
  const links: Partial<Record<LinkField, string>> = { [LINK[object]]: record.id };
  const company = typeof record.company_id === "string" ? record.company_id : null;
  if (used.includes("company") && company && !links.company_id) links.company_id = company;
  const person = people.find((p) => p.email) ?? people[0];
  if (used.includes("contact") && person && !links.contact_id) links.contact_id = person.id;
  return links;
}

/** Which form field a server's field error belongs to: "to[1]" and "to.1" are the To field's. */
export function errorField(path: string): string {
  return path.replace(/[[.].*$/, "");
}
