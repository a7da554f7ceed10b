// The browser session's CSRF token lives only in this module's memory: never in localStorage or a
// readable cookie. It comes from the login answer, or from GET /api/v1/auth/me after a reload.
let token: string | null = null;

export function setCsrfToken(value: string | null | undefined): void {
  token = value ?? null;
}

export function csrfToken(): string | null {
  return token;
}
