// Who is signed in. The session itself is the HttpOnly cookie; this context holds the profile
// (GET /api/v1/auth/me), keeps the CSRF token in memory and knows why the user is signed out
// (never signed in, signed out, or the session expired), so the sign-in page can say so.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, onUnauthorized } from "../api/client";
import { setCsrfToken } from "../api/csrf";
import { isApiError } from "../api/problem";
import { keys } from "../api/keys";
import type { Me } from "../api/types";

export type SignedOutReason = "none" | "expired" | "signed-out";

export interface SignInInput {
  email: string;
  password: string;
  code?: string;
  workspace?: string;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  reason: SignedOutReason;
  mfaEnrollmentRequired: boolean;
  signIn: (input: SignInInput) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<unknown>;
}

const SessionContext = createContext<SessionValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const r = await api.GET("/api/v1/auth/me");
    const me = r.data as (Me & { csrf_token?: string | null }) | undefined;
    if (me?.csrf_token) setCsrfToken(me.csrf_token);
    return me ?? null;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [reason, setReason] = useState<SignedOutReason>("none");
  const [mfaEnrollmentRequired, setMfaEnrollmentRequired] = useState(false);
  const me = useQuery({ queryKey: keys.me, queryFn: fetchMe, staleTime: 60_000, retry: 1 });

  useEffect(
    () =>
      onUnauthorized(() => {
        if (queries.getQueryData(keys.me)) {
          setReason("expired");
          setCsrfToken(null);
          queries.setQueryData(keys.me, null);
          queries.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
        }
      }),
    [queries],
  );

  const signIn = useCallback(
    async (input: SignInInput) => {
      const body: Record<string, unknown> = { email: input.email, password: input.password, cookie: true };
      if (input.code) body.code = input.code;
      if (input.workspace) body.workspace = input.workspace;
      const r = await api.POST("/api/v1/auth/login", { body: body as never });
      const session = r.data as { csrf_token?: string; mfa_enrollment_required?: boolean } | undefined;
      setCsrfToken(session?.csrf_token);
      setMfaEnrollmentRequired(Boolean(session?.mfa_enrollment_required));
      setReason("none");
      await queries.invalidateQueries({ queryKey: keys.me });
    },
    [queries],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } finally {
      setCsrfToken(null);
      setReason("signed-out");
      queries.clear();
      queries.setQueryData(keys.me, null);
    }
  }, [queries]);

  const value = useMemo<SessionValue>(
    () => ({
      me: me.data ?? null,
      loading: me.isPending,
      reason,
      mfaEnrollmentRequired,
      signIn,
      signOut,
      refresh: () => queries.invalidateQueries({ queryKey: keys.me }),
    }),
    [me.data, me.isPending, reason, mfaEnrollmentRequired, signIn, signOut, queries],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

/** The signed-in user's profile; only under a route that requires a session. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error("useMe without a session");
  return me;
}

type Action = "read" | "create" | "update" | "delete" | "export";

/** The caller's scope on an object for an action: "none", "own", "team" or "all". */
export function scopeOf(me: Me, object: string, action: Action): string {
  const perms = (me.grants as { permissions?: Record<string, Record<string, string>> } | undefined)?.permissions;
  return perms?.[object]?.[action] ?? "none";
}

export function isAdmin(me: Me): boolean {
  return Boolean((me.grants as { admin?: boolean } | undefined)?.admin);
}
