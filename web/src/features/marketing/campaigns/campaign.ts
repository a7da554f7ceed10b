// A campaign's editor state and what it sends (a PATCH names only what changed), the words and tones
// of its statuses and recipient states, and the merge fields of a preview filled from a contact.
// The server compiles the merge fields at every save and again at send (src/modules/marketing/README.md).
import type { Schemas } from "../../../api/types";
import type { MessageKey } from "../../../i18n";
import type { BadgeState } from "../../settings/shared/Badge";

export type Campaign = Schemas["Campaign"];
export type CampaignStatus = Campaign["status"];
export type CampaignReport = Schemas["CampaignReport"];
export type CampaignRecipient = Schemas["CampaignRecipient"];
export type RecipientState = CampaignRecipient["state"];
export type CampaignAudience = Schemas["CampaignAudience"];
export type AudienceKey = "segment_ids" | "list_ids" | "exclude_segment_ids" | "exclude_list_ids";

export const AUDIENCE_KEYS: AudienceKey[] = ["segment_ids", "list_ids", "exclude_segment_ids", "exclude_list_ids"];

export interface CampaignDraft {
  name: string;
  subject: string;
  from: string;
  html: string;
  text: string;
  audience: Record<AudienceKey, string[]>;
  rate_per_minute: number;
  /** UTM parameters added to the tracked links: off (null on the server), or each one (empty: its default). */
  utm: { on: boolean; source: string; medium: string; campaign: string };
}

export function blankCampaign(): CampaignDraft {
  return {
    name: "",
    subject: "",
    from: "",
    html: "",
    text: "",
    audience: { segment_ids: [], list_ids: [], exclude_segment_ids: [], exclude_list_ids: [] },
    rate_per_minute: 1000,
    utm: { on: false, source: "", medium: "", campaign: "" },
  };
}

export function campaignDraftOf(c: Campaign): CampaignDraft {
  return {
    name: c.name,
    subject: c.subject,
    from: c.from ?? "",
    html: c.html,
    text: c.text,
    audience: {
      segment_ids: [...c.audience.segment_ids],
      list_ids: [...c.audience.list_ids],
      exclude_segment_ids: [...c.audience.exclude_segment_ids],
      exclude_list_ids: [...c.audience.exclude_list_ids],
    },
    rate_per_minute: c.rate_per_minute,
    utm: c.utm ? { on: true, source: c.utm.source ?? "", medium: c.utm.medium ?? "", campaign: c.utm.campaign ?? "" } : { on: false, source: "", medium: "", campaign: "" },
  };
}

type Body = Schemas["CampaignInput"];

export function campaignBody(d: CampaignDraft): Body {
  return {
    name: d.name.trim(),
    subject: d.subject,
    // Empty: the workspace's sender, taken when it is sent.
    ...(d.from.trim() ? { from: d.from.trim() } : {}),
    html: d.html,
    text: d.text,
    audience: d.audience,
    rate_per_minute: d.rate_per_minute,
    // Off: null; on: the parameters given (one left empty takes its default when sent).
    utm: d.utm.on
      ? Object.fromEntries((["source", "medium", "campaign"] as const).filter((k) => d.utm[k].trim()).map((k) => [k, d.utm[k].trim()]))
      : null,
  };
}

/** The parts of `to` that differ from `from`, as a PATCH body. */
export function campaignPatch(from: CampaignDraft, to: CampaignDraft): Schemas["CampaignPatch"] {
  const a = campaignBody(from) as Record<string, unknown>;
  const b = campaignBody(to) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = b[k] === undefined ? "" : b[k]; // "" clears the sender; null turns UTM off
  return out as Schemas["CampaignPatch"];
}

/** Whether the audience names at least one segment or list to send to. */
export const hasAudience = (d: CampaignDraft) => d.audience.segment_ids.length + d.audience.list_ids.length > 0;

/** What the send needs that the draft lacks (the server says the same with 422). */
export function missingForSend(d: CampaignDraft): MessageKey[] {
  const out: MessageKey[] = [];
  if (!d.subject.trim()) out.push("marketingCampaigns.missing.subject");
  if (!d.html.trim() && !d.text.trim()) out.push("marketingCampaigns.missing.body");
  if (!hasAudience(d)) out.push("marketingCampaigns.missing.audience");
  return out;
}

export const STATUS_BADGES: Record<CampaignStatus, BadgeState> = {
  draft: { tone: "neutral", mark: "✎", label: "marketingCampaigns.status.draft" },
  scheduled: { tone: "accent", mark: "◷", label: "marketingCampaigns.status.scheduled" },
  sending: { tone: "accent", mark: "➤", label: "marketingCampaigns.status.sending" },
  paused: { tone: "warn", mark: "⏸", label: "marketingCampaigns.status.paused" },
  sent: { tone: "ok", mark: "✓", label: "marketingCampaigns.status.sent" },
};

export const RECIPIENT_BADGES: Record<RecipientState, BadgeState> = {
  queued: { tone: "neutral", mark: "…", label: "marketingCampaigns.state.queued" },
  sending: { tone: "accent", mark: "➤", label: "marketingCampaigns.state.sending" },
  sent: { tone: "ok", mark: "✓", label: "marketingCampaigns.state.sent" },
  failed: { tone: "danger", mark: "✕", label: "marketingCampaigns.state.failed" },
  bounced: { tone: "danger", mark: "↩", label: "marketingCampaigns.state.bounced" },
  unsubscribed: { tone: "warn", mark: "⊘", label: "marketingCampaigns.state.unsubscribed" },
  complained: { tone: "danger", mark: "!", label: "marketingCampaigns.state.complained" },
  opened: { tone: "ok", mark: "◉", label: "marketingCampaigns.state.opened" },
  clicked: { tone: "ok", mark: "➚", label: "marketingCampaigns.state.clicked" },
  skipped: { tone: "neutral", mark: "–", label: "marketingCampaigns.state.skipped" },
};

/** The recipient states in the order the results page offers them as a filter. */
export const RECIPIENT_STATES = Object.keys(RECIPIENT_BADGES) as RecipientState[];

/** Whether the campaign has recipients to show (its audience was frozen, or it is on its way). */
export const hasResults = (c: Campaign) => c.status !== "draft" && (c.frozen_at !== null || c.status === "sent");

/**
 * A part with its merge fields filled from `values` ("contact.first_name" -> text), as the server's
 * engine renders ({{ name }} with spaces allowed; a field without a value renders empty). `escape`
 * HTML-escapes the values for an HTML part, as the server does.
 */
export function fillMergeFields(text: string, values: Record<string, string>, escape: boolean): string {
  return text.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
    const name = inner.trim();
    if (!/^[a-z][a-z0-9_]*\.(custom\.)?[a-z][a-z0-9_]*$/i.test(name)) return whole;
    const v = values[name] ?? "";
    return escape ? escapeHtml(v) : v;
  });
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A contact's values as merge fields: contact.<field> and contact.custom.<name> (text of each plain value). */
export function contactValues(contact: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!contact) return out;
  const put = (prefix: string, o: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(o)) {
      if (v === null || v === undefined || typeof v === "object") continue;
      out[`${prefix}${k}`] = String(v);
    }
  };
  put("contact.", contact);
  const custom = contact.custom;
  if (custom && typeof custom === "object") put("contact.custom.", custom as Record<string, unknown>);
  return out;
}

/** The visible text of an HTML part, as the text part is when left empty (the preview's plain-text view). */
export function visibleText(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("script, style, head").forEach((n) => n.remove());
  return (doc.body.textContent ?? "").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

/** Up to five test addresses typed with commas, spaces or new lines between them. */
export function testAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
