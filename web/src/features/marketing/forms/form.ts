// A lead capture form's editor state and what it sends: the fields in order (a field of the target
// or custom.<name>, its label and whether it is required), one consent text per channel that is on,
// the message or redirect after sending, the list new contacts join. A PATCH names only what changed.
import type { Schemas } from "../../../api/types";
import { t } from "../../../i18n";

export type LeadForm = Schemas["Form"];
export type FormSubmission = Schemas["FormSubmission"];
export type Target = LeadForm["target"];

export const CHANNELS = ["email_marketing", "phone", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

export interface DraftField {
  field: string;
  label: string;
  required: boolean;
}

export interface FormDraft {
  name: string;
  target: Target;
  fields: DraftField[];
  consents: Record<Channel, string>;
  success_message: string;
  redirect_url: string;
  list_id: string;
  enabled: boolean;
}

/** A new form starts with the fields every lead capture form has. */
export function blankDraft(): FormDraft {
  return {
    name: "",
    target: "contact",
    fields: [
      { field: "email", label: t("marketingForms.default.email"), required: true },
      { field: "first_name", label: t("marketingForms.default.firstName"), required: false },
      { field: "last_name", label: t("marketingForms.default.lastName"), required: true },
    ],
    consents: { email_marketing: "", phone: "", sms: "" },
    success_message: "",
    redirect_url: "",
    list_id: "",
    enabled: true,
  };
}

export function draftOf(f: LeadForm): FormDraft {
  const consents = { email_marketing: "", phone: "", sms: "" };
  for (const c of f.consents) if ((CHANNELS as readonly string[]).includes(c.channel)) consents[c.channel as Channel] = c.text;
  return {
    name: f.name,
    target: f.target,
    fields: f.fields.map((x) => ({ field: x.field, label: x.label, required: x.required })),
    consents,
    success_message: f.success_message ?? "",
    redirect_url: f.redirect_url ?? "",
    list_id: f.list_id ?? "",
    enabled: f.enabled,
  };
}

type Body = Schemas["FormInput"];

const consentList = (d: FormDraft) =>
  CHANNELS.filter((c) => d.consents[c].trim()).map((channel) => ({ channel, text: d.consents[channel].trim() }));
const orNull = (s: string) => (s.trim() ? s.trim() : null);

export function draftBody(d: FormDraft): Body {
  return {
    name: d.name.trim(),
    target: d.target,
    fields: d.fields.map((f) => ({ field: f.field, label: f.label.trim() || f.field, required: f.required })),
    consents: consentList(d),
    success_message: orNull(d.success_message),
    redirect_url: orNull(d.redirect_url),
    list_id: d.target === "contact" ? orNull(d.list_id) : null,
    enabled: d.enabled,
  };
}

/** The parts of `to` that differ from `from`, as a PATCH body. */
export function draftPatch(from: FormDraft, to: FormDraft): Schemas["FormPatch"] {
  const a = draftBody(from);
  const b = draftBody(to);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(b) as (keyof Body)[]) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = b[k];
  return out as Schemas["FormPatch"];
}

/** Moves the field at `i` by `by` places (up: -1). */
export function moveField(fields: DraftField[], i: number, by: number): DraftField[] {
  const j = i + by;
  if (j < 0 || j >= fields.length) return fields;
  const next = [...fields];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** The form's public page on this server. */
export const formUrl = (origin: string, id: string) => `${origin}/f/${id}`;

/**
 * What a site pastes to embed the form: a frame showing the form's page, and a line of script that
 * hands the page's UTM parameters and referrer to it (without the script the frame still works).
 */
export function embedSnippet(origin: string, form: Pick<LeadForm, "id" | "name">): string {
  const title = form.name.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return (
    `<iframe src="${formUrl(origin, form.id)}" title="${title}" style="width:100%;max-width:40rem;height:42rem;border:0"></iframe>\n` +
    `<script>(function(f){var q=new URLSearchParams(location.search),u=new URL(f.src);` +
    `["utm_source","utm_medium","utm_campaign","utm_term","utm_content"].forEach(function(k){q.get(k)&&u.searchParams.set(k,q.get(k))});` +
    `document.referrer&&u.searchParams.set("referrer",document.referrer);f.src=u})(document.currentScript.previousElementSibling);</script>\n`
  );
}

/** A 422 about fields.<i>.field (or .label) belongs to the i-th row. */
export function rowError(errors: Record<string, string>, i: number): string | undefined {
  return errors[`fields.${i}.field`] ?? errors[`fields.${i}.label`] ?? errors[`fields.${i}.required`];
}
