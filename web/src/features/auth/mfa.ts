// The signed-in user's MFA: status, and the writes of enrolment, confirmation, new recovery codes
// and turning it off. The status decides the forced enrolment (MfaGate) and the account page.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import type { Schemas } from "../../api/types";

export type MfaStatus = Schemas["MfaStatus"];
export type MfaEnrollment = Schemas["MfaEnrollment"];

export const mfaKey = ["mfa", "status"] as const;

export function useMfaStatus(enabled = true) {
  return useQuery({
    queryKey: mfaKey,
    queryFn: async () => must(await api.GET("/api/v1/auth/mfa")),
    enabled,
    staleTime: 60_000,
  });
}

export async function startEnrolment(): Promise<MfaEnrollment> {
  return must(await api.POST("/api/v1/auth/mfa/enroll", { body: {} as never }));
}

export async function confirmEnrolment(code: string): Promise<string[]> {
  return must(await api.POST("/api/v1/auth/mfa/confirm", { body: { code } })).recovery_codes;
}

export async function newRecoveryCodes(code: string): Promise<string[]> {
  return must(await api.POST("/api/v1/auth/mfa/recovery-codes", { body: { code } })).recovery_codes;
}

export async function disableMfa(password: string, code: string): Promise<void> {
  await api.POST("/api/v1/auth/mfa/disable", { body: { password, code } });
}

/** What a person types as a code, as the server wants it: no spaces (apps show "123 456"). */
export function cleanCode(text: string): string {
  return text.replace(/\s+/g, "");
}
