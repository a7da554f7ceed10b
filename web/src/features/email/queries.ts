// The email reads shared by the send dialog, the outbox, a record's emails and the settings pages.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Schemas } from "../../api/types";
import type { MailObject } from "./recipients";

export type EmailTemplate = Schemas["EmailTemplate"];
export type Email = Schemas["Email"];

export const templatesKey = keys.settings("email-templates");
export const emailSettingsKey = keys.settings("email-settings");

export function useTemplates() {
  return useQuery({ queryKey: templatesKey, queryFn: async () => must(await api.GET("/api/v1/email-templates")).data });
}

/** The workspace's SMTP settings (admins only: others are refused, so ask only for an admin). */
export function useEmailSettings(enabled = true) {
  return useQuery({ queryKey: emailSettingsKey, enabled, queryFn: async () => must(await api.GET("/api/v1/email/settings")) });
}

export type BccAddress = Schemas["BccAddress"];
export const bccKey = keys.settings("email-bcc-address");

/** The signed-in user's BCC address (null until made, or while the workspace has no inbound domain). */
export function useBccAddress() {
  return useQuery({ queryKey: bccKey, queryFn: async () => must(await api.GET("/api/v1/email/bcc-address")) });
}

const RECORD_KEY: Record<MailObject, "contact_id" | "company_id" | "lead_id" | "deal_id"> = {
  contacts: "contact_id",
  companies: "company_id",
  leads: "lead_id",
  deals: "deal_id",
};

/** The key of a record's emails: under the record, so its live notices refresh them too. */
export const recordEmailsKey = (object: MailObject, id: string) => keys.related(object, id, "emails");

/** A record's emails, newest first, 50 a page: every message of the threads that concern it. */
export function useRecordEmails(object: MailObject, id: string) {
  return useInfiniteQuery({
    queryKey: recordEmailsKey(object, id),
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/emails", {
          params: { query: { [RECORD_KEY[object]]: id, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // While one of them is being sent, read again until it is sent or given up.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.data.some((e) => e.status === "queued")) ? 3000 : false),
  });
}
