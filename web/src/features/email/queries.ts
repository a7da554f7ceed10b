// The email reads shared by the send dialog, the outbox and the settings pages.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Schemas } from "../../api/types";

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
