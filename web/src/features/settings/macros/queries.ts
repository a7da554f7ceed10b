// The macros the admin sees (GET /api/v1/macros: the shared ones and their own; the same cache the
// ticket page's macro picker reads, so a change here shows there) and the merge fields of a body.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { mergeGroups, useMergeCatalog, type MergeFields } from "../../email/mergeFields";
import { useOpenApiDoc } from "../../records/list/data";
import { useCustomFields } from "../../records/record/recordApi";
import type { Macro } from "./macro";

export const macrosKey = keys.settings("macros");

export function useMacro(id: string) {
  return useQuery({
    queryKey: [...macrosKey, id],
    enabled: id !== "new",
    queryFn: async (): Promise<Macro> => must(await api.GET("/api/v1/macros/{id}", { params: { path: { id } } })),
  });
}

/** A macro's merge fields: the ticket, its requester (contact) and its company (server: macro_merge.cpp). */
export const MACRO_OBJECTS = [
  ["ticket", "tickets"],
  ["contact", "contacts"],
  ["company", "companies"],
] as const;

export function useMacroMergeFields(): MergeFields {
  const doc = useOpenApiDoc();
  const tickets = useCustomFields("tickets");
  const contacts = useCustomFields("contacts");
  const companies = useCustomFields("companies");
  return useMergeCatalog(doc, (d) => mergeGroups(d, { tickets: tickets.data, contacts: contacts.data, companies: companies.data }, MACRO_OBJECTS), [
    tickets.data,
    contacts.data,
    companies.data,
  ]);
}
