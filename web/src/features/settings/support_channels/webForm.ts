// A web form's editor state and what it sends: allowed origins are typed one per line, blank lines
// dropped; a 422 about one origin (allowed_origins[i]) names the line it came from.
import type { FormErrors } from "../shared/errors";
import type { Priority, WebForm } from "./queries";

export interface WebFormFields {
  name: string;
  team_id: string;
  priority: Priority;
  origins: string;
  redirect_url: string;
  enabled: boolean;
  /** Email the requester "We got your request #N" (when the workspace sends email). */
  confirm_email: boolean;
}

export const blankForm: WebFormFields = { name: "", team_id: "", priority: "normal", origins: "", redirect_url: "", enabled: true, confirm_email: true };

export function fieldsOf(f: WebForm): WebFormFields {
  return {
    name: f.name,
    team_id: f.team_id ?? "",
    priority: f.priority,
    origins: f.allowed_origins.join("\n"),
    redirect_url: f.redirect_url ?? "",
    enabled: f.enabled,
    confirm_email: f.confirm_email,
  };
}

export function originLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The body of POST / PATCH /api/v1/web-forms: every setting, as the editor shows it. */
export function webFormBody(f: WebFormFields) {
  return {
    name: f.name.trim(),
    team_id: f.team_id || null,
    priority: f.priority,
    allowed_origins: originLines(f.origins),
    redirect_url: f.redirect_url.trim() || null,
    enabled: f.enabled,
    confirm_email: f.confirm_email,
  };
}

/** The origins' errors as one message for the text area: "allowed_origins[1]" becomes "ftp://x: must be…". */
export function originsError(errors: FormErrors["fields"], sent: string[]): string | undefined {
  const out: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (field === "allowed_origins") out.push(message);
    const m = /^allowed_origins\[(\d+)\]$/.exec(field);
    if (m) out.push(`${sent[Number(m[1])] ?? field}: ${message}`);
  }
  return out.length ? out.join(" ") : undefined;
}
