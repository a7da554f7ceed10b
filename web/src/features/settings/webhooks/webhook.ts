// What the webhook pages make of a webhook, apart from React: its status in words, its events in
// one line, the server's list of event types grouped for the picker, the record object its filter is
// written for, and the PATCH an edit sends (only what the admin changed, so "save mine" after a
// conflict keeps the other person's changes).
import type { ObjectType, Schemas } from "../../../api/types";
import { t } from "../../../i18n";
import type { Filter } from "../../records/list/state";
import { conditionOf, filterOf } from "../automations/rule";
import type { BadgeState } from "../shared/Badge";

export type Webhook = Schemas["Webhook"];
export type WebhookWithSecret = Schemas["WebhookWithSecret"];
export type Delivery = Schemas["WebhookDelivery"];
export type EventType = Schemas["WebhookInput"]["event_types"][number];

/** Every event type, as the API spells it. */
export const ALL_EVENTS = "*";

export interface EventTypeInfo {
  name: string;
  summary: string;
}

export interface EventGroup {
  /** What the events are about: "contact", "custom_field", "webhook"… */
  subject: string;
  events: EventTypeInfo[];
}

/**
 * The event types of the OpenAPI document's top-level `webhooks` (one entry per type, its POST's
 * summary saying when it is sent), grouped by subject in the server's order.
 */
export function eventGroups(document: unknown): EventGroup[] {
  const hooks = (document as { webhooks?: Record<string, { post?: { summary?: string } }> } | null)?.webhooks ?? {};
  const groups = new Map<string, EventTypeInfo[]>();
  for (const [name, entry] of Object.entries(hooks)) {
    const subject = name.split(".")[0] ?? name;
    const list = groups.get(subject) ?? [];
    list.push({ name, summary: entry.post?.summary ?? "" });
    groups.set(subject, list);
  }
  return [...groups].map(([subject, events]) => ({ subject, events }));
}

/** The events in one line: "All events", or the first few and how many more. */
export function eventsLine(types: readonly string[], all: string, more: (n: number) => string, shown = 3): string {
  if (types.includes(ALL_EVENTS)) return all;
  const head = types.slice(0, shown).join(", ");
  return types.length > shown ? `${head} ${more(types.length - shown)}` : head;
}

/** eventsLine in the catalogue's words. */
export const eventsText = (types: readonly string[], shown = 3) =>
  eventsLine(types, t("webhooks.events.allShort"), (n) => t("webhooks.events.more", { n }), shown);

/** Enabled, failing (still enabled, every recent attempt failed), disabled, or disabled by the server. */
export function webhookStatus(w: Pick<Webhook, "enabled" | "disabled_reason" | "consecutive_failures">): BadgeState {
  if (!w.enabled && w.disabled_reason) return { tone: "danger", label: "webhooks.status.disabledByServer", mark: "✕" };
  if (!w.enabled) return { tone: "neutral", label: "webhooks.status.disabled", mark: "–" };
  if (w.consecutive_failures > 0) return { tone: "warn", label: "webhooks.status.failing", mark: "!" };
  return { tone: "ok", label: "webhooks.status.enabled", mark: "✓" };
}

/** The record objects events are about, by the subject their type starts with ("deal.stage_changed"). */
const RECORD_SUBJECTS: Record<string, ObjectType> = {
  company: "companies",
  contact: "contacts",
  activity: "activities",
  lead: "leads",
  deal: "deals",
  product: "products",
};

/** Why a set of event types takes no filter: every type, none chosen, several objects, or not records. */
export type NoFilter = "all" | "none" | "several" | "notRecords";

/** The one record object the event types are about, which a filter is written for (the server's
 *  webhooks::record_object), or why there is none. */
export function filterObject(types: readonly string[]): { object: ObjectType } | { why: NoFilter } {
  if (types.includes(ALL_EVENTS)) return { why: "all" };
  const objects = new Set(types.map((ty) => RECORD_SUBJECTS[ty.split(".")[0] ?? ""] ?? null));
  if (objects.size === 0) return { why: "none" };
  if (objects.has(null)) return { why: objects.size > 1 ? "several" : "notRecords" };
  if (objects.size > 1) return { why: "several" };
  return { object: [...objects][0] as ObjectType };
}

export interface WebhookForm {
  url: string;
  description: string;
  event_types: string[];
  /** Conditions in the list filter language of the events' object (none: every event is sent). */
  filter: Filter[];
}

export function formOf(w: Pick<Webhook, "url" | "description" | "event_types" | "filter">): WebhookForm {
  return { url: w.url, description: w.description, event_types: [...w.event_types], filter: (w.filter ?? []).map(filterOf) };
}

/** The filter as the API takes it. */
export const filterBody = (filter: readonly Filter[]) => filter.map(conditionOf) as Schemas["WebhookFilterCondition"][];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The fields an edit changed from the version it started from (trimmed as they are sent). */
export function changedFields(base: WebhookForm, form: WebhookForm): Partial<WebhookForm> {
  const out: Partial<WebhookForm> = {};
  if (form.url.trim() !== base.url) out.url = form.url.trim();
  if (form.description.trim() !== base.description) out.description = form.description.trim();
  if (!sameList([...form.event_types].sort(), [...base.event_types].sort())) out.event_types = form.event_types;
  if (JSON.stringify(form.filter) !== JSON.stringify(base.filter)) out.filter = form.filter;
  return out;
}

/** The fields another person changed between the version an edit started from and the server's now. */
export function theirChanges(base: WebhookForm, fresh: WebhookForm): (keyof WebhookForm)[] {
  return Object.keys(changedFields(base, fresh)) as (keyof WebhookForm)[];
}

/** A delivery's outcome as a badge. */
export function deliveryState(status: Delivery["status"]): BadgeState {
  if (status === "succeeded") return { tone: "ok", mark: "✓", label: "webhooks.delivery.succeeded" };
  if (status === "failed") return { tone: "danger", mark: "✕", label: "webhooks.delivery.failed" };
  return { tone: "neutral", mark: "–", label: "webhooks.delivery.skipped" };
}
