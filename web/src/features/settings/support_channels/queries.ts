// The reads of Settings → Support channels: the workspace's mailboxes, web forms and support
// settings (admins only, like the page).
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";

export type Mailbox = Schemas["SupportMailboxes"]["mailboxes"][number];
export type WebForm = Schemas["WebForm"];
export type Priority = WebForm["priority"];

export const mailboxesKey = keys.settings("support-mailboxes");
export const webFormsKey = keys.settings("web-forms");
export const supportSettingsKey = keys.settings("support-settings");

export function useMailboxes() {
  return useQuery({ queryKey: mailboxesKey, queryFn: async () => must(await api.GET("/api/v1/support/mailboxes")).mailboxes });
}

export function useWebForms() {
  return useQuery({ queryKey: webFormsKey, queryFn: async () => must(await api.GET("/api/v1/web-forms")).data });
}

export function useSupportSettings() {
  return useQuery({ queryKey: supportSettingsKey, queryFn: async () => must(await api.GET("/api/v1/support/settings")) });
}
