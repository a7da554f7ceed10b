// The merge fields a template may use, as the server's catalog has them: each record's fields as
// GET returns them (read from the record schemas of the OpenAPI document) and the workspace's
// custom fields as <object>.custom.<name>, for the four records an email can concern.
import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { raw } from "../../api/client";
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
  plural: MailObject;
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

export function mergeGroups(doc: unknown, custom: Partial<Record<MailObject, { name?: string; label?: string }[]>>): MergeGroup[] {
  return MERGE_OBJECTS.map(([object, plural]) => ({
    object,
    plural,
    fields: [
      ...schemaFields(doc, RECORD_SCHEMA[plural] ?? "").map((f) => ({ name: `${object}.${f}`, label: fieldLabel(f) })),
      ...(custom[plural] ?? []).filter((c) => c.name).map((c) => ({ name: `${object}.custom.${c.name}`, label: c.label || c.name! })),
    ],
  }));
}

export function useMergeFields(): { groups: MergeGroup[]; known: (name: string) => boolean; loading: boolean } {
  const doc = useQuery({
    queryKey: ["openapi"],
    queryFn: async () => (await raw("/api/v1/openapi.json")).json() as Promise<unknown>,
    staleTime: Infinity,
  });
  const contacts = useCustomFields("contacts");
  const companies = useCustomFields("companies");
  const leads = useCustomFields("leads");
  const deals = useCustomFields("deals");
  const groups = useMemo(
    () => (doc.data ? mergeGroups(doc.data, { contacts: contacts.data, companies: companies.data, leads: leads.data, deals: deals.data }) : []),
    [doc.data, contacts.data, companies.data, leads.data, deals.data],
  );
  const names = useMemo(() => new Set(groups.flatMap((g) => g.fields.map((f) => f.name))), [groups]);
  return { groups, known: (n) => names.has(n), loading: doc.isPending };
}
