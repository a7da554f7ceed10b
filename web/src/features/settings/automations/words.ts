// A rule said in words a person reads: its trigger ("When a deal's stage changes to Won"), and what
// an action would do or did (a dry run's plan, a run's step: "set Stage from Proposal to Won",
// "create the task “Send contract”, due Dec 6, for Ada"). Names behind ids and field labels come
// from the caller, which holds the directory, the pipelines and the field list.
import { formatDate, formatDateTime, t, type MessageKey } from "../../../i18n";
import { cronWords } from "./cron";
import type { RuleObject, Trigger } from "./rule";

export interface Names {
  /** A field's label ("Expected close date", a custom field's own label). */
  field: (name: string) => string;
  /** A field's value as a person reads it (a stage's name, an owner's name, a formatted date). */
  value: (field: string, v: unknown) => string;
  stage: (id: string) => string;
  pipeline: (id: string) => string;
  user: (id: string) => string;
}

const quoted = (s: string) => `“${s}”`;

/** "When a deal's stage changes to Won", "3 days before a deal's Expected close date, at 09:00"… */
export function triggerSentence(object: RuleObject, trigger: Trigger, names: Names): string {
  const a = t(`automations.a.${object}` as MessageKey);
  const of = t(`automations.of.${object}` as MessageKey);
  const fromTo = (from: string | undefined, to: string | undefined) =>
    (from ? t("automations.when.from", { value: from }) : "") + (to ? t("automations.when.to", { value: to }) : "");
  switch (trigger.type) {
    case "field_changed": {
      const field = trigger.field ?? "";
      const val = (v: unknown) => (v === undefined || v === "" ? undefined : names.value(field, v));
      return t("automations.when.field_changed", { of, field: field ? names.field(field) : "…" }) + fromTo(val(trigger.from), val(trigger.to));
    }
    case "stage_changed": {
      const stage = (id: string | undefined) => (id ? names.stage(id) : undefined);
      const pipeline = trigger.pipeline_id ? t("automations.when.inPipeline", { pipeline: names.pipeline(trigger.pipeline_id) }) : "";
      return t("automations.when.stage_changed", { of }) + fromTo(stage(trigger.from_stage_id), stage(trigger.to_stage_id)) + pipeline;
    }
    case "date_relative": {
      const n = trigger.offset_days ?? 0;
      const vars = { of, field: trigger.field ? names.field(trigger.field) : "…", at: trigger.at ?? "09:00", n: Math.abs(n) };
      return t(n < 0 ? "automations.when.dateBefore" : n > 0 ? "automations.when.dateAfter" : "automations.when.dateOn", vars);
    }
    case "schedule": {
      const words = cronWords(trigger.cron ?? "");
      return words ? t("automations.when.schedule", { words }) : t("automations.when.scheduleRaw", { cron: trigger.cron ?? "" });
    }
    case "lead_converted":
      return t("automations.when.lead_converted");
    default:
      return t(`automations.when.${trigger.type}` as MessageKey, { a });
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));

function changeWords(c: Json, names: Names): string {
  const field = str(c.field);
  const shown = (v: unknown) => {
    const s = v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ? "" : names.value(field, v);
    return s || t("automations.plan.empty");
  };
  const before = shown(c.before);
  const after = shown(c.after);
  const label = names.field(field);
  return before === after ? t("automations.plan.changeSame", { field: label, after }) : t("automations.plan.change", { field: label, before, after });
}

function activityWords(a: Json, names: Names): string {
  if (a.type === "task") {
    const owner = str(a.owner_id);
    return t("automations.plan.task", {
      subject: str(a.subject),
      due: a.due_at ? formatDate(str(a.due_at)) : "—",
      owner: owner ? names.user(owner) : t("automations.plan.nobody"),
    });
  }
  const kind = str(a.type);
  const kindWord = ["note", "call", "meeting", "email"].includes(kind) ? t(`automations.kind.${kind}` as MessageKey).toLowerCase() : kind;
  return t("automations.plan.activity", { kind: kindWord, subject: str(a.subject) });
}

/**
 * What an action would do (a dry run's `would`) or did (a run step's `detail`), one line each:
 * field changes, the activity, the request.
 */
export function detailLines(detail: unknown, names: Names): string[] {
  const d = obj(detail);
  const lines: string[] = [];
  if (Array.isArray(d.changes)) for (const c of d.changes) lines.push(changeWords(obj(c), names));
  if (d.activity) lines.push(activityWords(obj(d.activity), names));
  if (d.request) {
    const r = obj(d.request);
    lines.push(t("automations.plan.request", { method: str(r.method) || "POST", url: str(r.url) }));
  }
  if (typeof d.url === "string" && !d.request) {
    lines.push(
      d.http_status !== undefined
        ? t("automations.plan.called", { method: "POST", url: d.url, status: str(d.http_status), ms: str(d.duration_ms) })
        : t("automations.plan.calledNoAnswer", { url: d.url }),
    );
  }
  return lines;
}

const EVENTS = ["created", "updated", "deleted", "restored", "stage_changed", "converted", "schedule", "date_relative", "sla_warning", "sla_breached", "reply_bounced", "submitted"];

/** What started a run in words: "deal.stage_changed" → "Stage changed", "schedule" → "Schedule". */
export function eventWords(type: string): string {
  const what = type.includes(".") ? type.slice(type.indexOf(".") + 1) : type;
  return EVENTS.includes(what) ? t(`automations.event.${what}` as MessageKey) : type;
}

/** A quoted name, for messages that name a rule. */
export const ruleName = (name: string) => quoted(name);

/** When something happened, for the run log's title attribute. */
export const exactTime = (iso: string) => formatDateTime(iso, true);
