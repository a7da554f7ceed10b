// The server answers every refusal with an RFC 9457 problem document; the UI shows its field errors
// on the fields and its detail elsewhere. `ApiError` carries it through TanStack Query.
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

const TYPE_PREFIX = "https://rapport.dev/problems/";

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The problem's slug, e.g. "mfa-required" for https://rapport.dev/problems/mfa-required. */
  get kind(): string {
    return this.problem.type.startsWith(TYPE_PREFIX) ? this.problem.type.slice(TYPE_PREFIX.length) : this.problem.type;
  }

  /** Field errors keyed by field name (the first message of each field). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) if (!(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

/** Reads a failed response as a problem document, whatever the body holds. */
export async function problemOf(res: Response): Promise<ApiError> {
  let problem: Problem = { type: "about:blank", title: res.statusText || "Error", status: res.status };
  try {
    const body: unknown = await res.clone().json();
    if (body && typeof body === "object" && "status" in body) problem = body as Problem;
  } catch {
    // not JSON: keep the status line
  }
  const ra = res.headers.get("Retry-After");
  const retryAfter = ra !== null && /^\d+$/.test(ra) ? Number(ra) : null;
  return new ApiError(problem, retryAfter);
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
