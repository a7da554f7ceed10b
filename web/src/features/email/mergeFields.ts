// The merge fields a template may use, as the server's catalog has them: each record's fields as
// GET returns them (read from the record schemas of the OpenAPI document) and the workspace's
// custom fields as <object>.custom.<name>, for the four records an email can concern.
import { useMemo } from "react";
import { useOpenApiDoc } from "../records/list/data";
import { fieldLabel } from "../records/list/labels";
import { RECORD_SCHEMA } from "../records/list/fields";
import { useCustomFields } from "../records/record/recordApi";
import type { MailObject } from "./recipients";

export interface MergeField {
  /** "contact.first_name", "deal.custom.tier" */
  name: string;
  label: string;
}
export interface MergeGroup {
  object: string;
  plural: string;
  fields: MergeField[];
}

export const MERGE_OBJECTS: readonly [string, MailObject][] = [
  ["contact", "contacts"],
  ["company", "companies"],
  ["lead", "leads"],
  ["deal", "deals"],
];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const SKIP = new Set(["custom", "version", "deleted_at"]);

/** The plain fields of a record schema: text, numbers, dates, lists of text (no nested objects). */
export function schemaFields(doc: unknown, schema: string): string[] {
  const props = obj(obj(obj(obj(doc).components).schemas)[schema]).properties;
  return Object.entries(obj(props))
    .filter(([name, p]) => {
      if (SKIP.has(name)) return false;
      const spec = obj(p);
      const types = [spec.type].flat();
      if (types.includes("object") || "$ref" in spec) return false;
      return !(types.includes("array") && obj(spec.items).type === "object");
    })
    .map(([name]) => name);
}

/** The groups of `objects` (name in a template, plural of its records): an email's four by default; a macro's are ticket, contact, company. */
export function mergeGroups(
  doc: unknown,
  custom: Partial<Record<string, { name?: string; label?: string }[]>>,
  objects: readonly (readonly [string, string])[] = MERGE_OBJECTS,
): MergeGroup[] {
  return objects.map(([object, plural]) => ({
    object,
    plural,
    fields: [
      ...schemaFields(doc, RECORD_SCHEMA[plural] ?? "").map((f) => ({ name: `${object}.${f}`, label: fieldLabel(f) })),
      ...(custom[plural] ?? []).filter((c) => c.name).map((c) => ({ name: `${object}.custom.${c.name}`, label: c.label || c.name! })),
    ],
  }));
}

export interface MergeFields {
  groups: MergeGroup[];
  known: (name: string) => boolean;
  loading: boolean;
}

/** The groups made into a picker's catalog: the groups, a test of a name, whether the document loads. */
export function useMergeCatalog(doc: { data?: unknown; isPending: boolean }, make: (doc: unknown) => MergeGroup[], deps: unknown[]): MergeFields {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the groups depend on
  const groups = useMemo(() => (doc.data ? make(doc.data) : []), [doc.data, ...deps]);
  const names = useMemo(() => new Set(groups.flatMap((g) => g.fields.map((f) => f.name))), [groups]);
  return { groups, known: (n) => names.has(n), loading: doc.isPending };
}

export function useMergeFields(): MergeFields {
  const doc = useOpenApiDoc();
  const contacts = useCustomFields("contacts");
  const companies = useCustomFields("companies");
  const leads = useCustomFields("leads");
  const deals = useCustomFields("deals");
  return useMergeCatalog(doc, (d) => mergeGroups(d, { contacts: contacts.data, companies: companies.data, leads: leads.data, deals: deals.data }), [
    contacts.data,
    companies.data,
    leads.data,
    deals.data,
  ]);
}
