// The one way the UI talks to the server: openapi-fetch typed by the served OpenAPI document
// (src/api/schema.d.ts, generated at build time, so a server change that breaks the UI fails the
// build). Cookies go along (same origin); writes carry X-CSRF-Token; a failure becomes an ApiError.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { csrfToken } from "./csrf";
import { problemOf } from "./problem";
import { queryString } from "./query";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when a request that had a session answers 401 (the session ended or expired). */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

const session: Middleware = {
  onRequest({ request }) {
    const t = csrfToken();
    if (!SAFE.has(request.method) && t) request.headers.set("X-CSRF-Token", t);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const err = await problemOf(response);
    const signingIn = new URL(request.url).pathname === "/api/v1/auth/login";
    if (response.status === 401 && !signingIn) unauthorizedListeners.forEach((fn) => fn());
    throw err;
  },
};

export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  querySerializer: (q) => queryString(q as Record<string, unknown>),
});
api.use(session);

/** Unwraps openapi-fetch's result: the data, or the thrown ApiError (the middleware already threw). */
export function must<T>(r: { data?: T; error?: unknown }): T {
  if (r.error !== undefined) throw r.error;
  return r.data as T;
}

/** A request outside the typed paths (CSV downloads and the like), with the same cookie and CSRF rules. */
export async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? "GET").toUpperCase();
  const t = csrfToken();
  if (!SAFE.has(method) && t) headers.set("X-CSRF-Token", t);
  const res = await fetch(path, { ...init, headers, credentials: "same-origin" });
  if (!res.ok) {
    if (res.status === 401) unauthorizedListeners.forEach((fn) => fn());
    throw await problemOf(res);
  }
  return res;
}
