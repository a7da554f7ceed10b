// Create a record: pick what (unless the page already says), fill a compact form of the object's
// main fields, create. The server's 422 field errors show on their fields and the input stays.
// On success the new record opens (a task only toasts: the person stays where they were).
// `initial` prefills a quick add from a record page (a company's new contact gets its company_id).
import { lazy, Suspense, useEffect, useMemo, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextField, fieldStyles } from "../../components/Field";
import { CompanyPicker } from "../../components/fields/CompanyPicker";
import { useToast } from "../../components/Toast";
import { parseMoney, t, type MessageKey } from "../../i18n";
import { recordPath } from "./objects";
import { usePipelines } from "./record/recordApi";
import styles from "./create.module.css";

// A ticket has its own form (requester search, team): the support feature's, loaded when picked.
const NewTicketForm = lazy(() => import("../support/NewTicketForm"));

export type CreateKind = "contacts" | "companies" | "leads" | "deals" | "tasks" | "products";
/** What the dialog offers: the kinds with a form here, and tickets (their own form). */
type Choice = CreateKind | "tickets";
const KINDS: Choice[] = ["contacts", "companies", "leads", "deals", "tasks", "products", "tickets"];

interface Input {
  type: string;
  label: MessageKey;
  name: string;
  required?: boolean;
  autoComplete?: string;
}

const FORMS: Record<CreateKind, Input[]> = {
  contacts: [
    { name: "first_name", label: "field.first_name", type: "text", autoComplete: "off" },
    { name: "last_name", label: "field.last_name", type: "text", autoComplete: "off" },
    { name: "email", label: "field.email", type: "email", autoComplete: "off" },
    { name: "phone", label: "field.phone", type: "tel", autoComplete: "off" },
    { name: "job_title", label: "field.job_title", type: "text" },
  ],
  companies: [
    { name: "name", label: "field.name", type: "text", required: true },
    { name: "domain", label: "field.domain", type: "text" },
    { name: "industry", label: "field.industry", type: "text" },
    { name: "phone", label: "field.phone", type: "tel" },
    { name: "city", label: "field.city", type: "text" },
    { name: "country", label: "field.country", type: "text" },
  ],
  leads: [
    { name: "first_name", label: "field.first_name", type: "text" },
    { name: "last_name", label: "field.last_name", type: "text" },
    { name: "email", label: "field.email", type: "email" },
    { name: "phone", label: "field.phone", type: "tel" },
    { name: "company_name", label: "field.company_name", type: "text" },
    { name: "source", label: "field.source", type: "text" },
  ],
  deals: [
    { name: "name", label: "field.name", type: "text", required: true },
    { name: "amount", label: "field.amount", type: "text" },
    { name: "currency", label: "field.currency", type: "text" },
    { name: "expected_close_date", label: "field.expected_close_date", type: "date" },
  ],
  tasks: [
    { name: "subject", label: "composer.subject.task", type: "text", required: true },
    { name: "due", label: "composer.due", type: "date" },
    { name: "body", label: "composer.text.task", type: "text" },
  ],
  products: [
    { name: "name", label: "field.name", type: "text", required: true },
    { name: "sku", label: "field.sku", type: "text", required: true },
    { name: "unit_price", label: "field.unit_price", type: "text", required: true },
    { name: "currency", label: "field.currency", type: "text", required: true },
  ],
};

const WITH_COMPANY: CreateKind[] = ["contacts", "deals"];

function kindOf(object: string | undefined): Choice | null {
  if (!object) return null;
  if (object === "activities" || object === "tasks") return "tasks";
  return (KINDS as string[]).includes(object) ? (object as Choice) : null;
}

function apiObject<K extends Choice>(kind: K): Exclude<K, "tasks"> | "activities" {
  return (kind === "tasks" ? "activities" : kind) as Exclude<K, "tasks"> | "activities";
}

/** The POST body from the form's strings: blanks left out, money in minor units, a task due at the end of its day. */
export function createBody(kind: CreateKind, v: Record<string, string>, initial: Record<string, unknown>): Record<string, unknown> | { moneyError: string } {
  const body: Record<string, unknown> = { ...initial };
  for (const input of FORMS[kind]) {
    const s = (v[input.name] ?? "").trim();
    if (s) body[input.name] = s;
  }
  if (v.company_id) body.company_id = v.company_id;
  if (kind === "companies" || kind === "contacts" || kind === "leads") {
    if (typeof body.country === "string") body.country = body.country.toUpperCase();
  }
  if (kind === "deals" || kind === "products") {
    const field = kind === "deals" ? "amount" : "unit_price";
    const currency = String(body.currency ?? "EUR").toUpperCase();
    body.currency = currency;
    if (typeof body[field] === "string") {
      const minor = parseMoney(body[field] as string, currency);
      if (minor === null) return { moneyError: field };
      body[field] = minor;
    }
    if (kind === "deals") {
      if (v.pipeline_id) body.pipeline_id = v.pipeline_id;
      if (v.stage_id) body.stage_id = v.stage_id;
    }
  }
  if (kind === "tasks") {
    body.type = "task";
    body.done = false;
    if (typeof body.due === "string") {
      body.due_at = new Date(`${body.due}T23:59:00`).toISOString();
      delete body.due;
    }
  }
  return body;
}

export default function CreateDialog({
  object,
  onClose,
  initial = {},
}: {
  object?: string | undefined;
  onClose: () => void;
  /** Values the new record starts with (a quick add's link: company_id, contacts, contact_ids…). */
  initial?: Record<string, unknown>;
}) {
  const me = useMe();
  const [kind, setKind] = useState<Choice | null>(() => kindOf(object));
  const title = kind ? t("create.titleOf", { what: t(`create.kind.${kind}`).toLowerCase() }) : t("create.title");
  const allowed = KINDS.filter((k) => scopeOf(me, apiObject(k), "create") !== "none");
  return (
    <Dialog title={title} onClose={onClose}>
      {kind === "tickets" ? (
        <Suspense fallback={null}>
          <NewTicketForm initial={initial} onClose={onClose} />
        </Suspense>
      ) : kind ? (
        <CreateForm kind={kind} initial={initial} onClose={onClose} />
      ) : (
        <div className={styles.choices} role="group" aria-label={t("create.choose")}>
          <p className={styles.muted}>{t("create.choose")}</p>
          {allowed.map((k) => (
            <button key={k} type="button" className={styles.choice} onClick={() => setKind(k)} autoFocus={k === allowed[0]}>
              <span className={styles.choiceName}>{t(`create.kind.${k}`)}</span>
              <span className={styles.choiceHelp}>{t(`create.help.${k}`)}</span>
            </button>
          ))}
        </div>
      )}
    </Dialog>
  );
}

function CreateForm({ kind, initial, onClose }: { kind: CreateKind; initial: Record<string, unknown>; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => {
    const v: Record<string, string> = {};
    for (const [k, x] of Object.entries(initial)) if (typeof x === "string") v[k] = x;
    if ((kind === "deals" || kind === "products") && !v.currency) v.currency = "EUR";
    return v;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pipelines = usePipelines();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const what = t(`create.kind.${kind}`);

  const open = useMemo(() => (pipelines.data ?? []).filter((p) => !p.archived), [pipelines.data]);
  const pipeline = open.find((p) => p.id === values.pipeline_id) ?? open[0];
  const stages = (pipeline?.stages ?? []).filter((s) => !s.archived).sort((a, b) => a.position - b.position);

  // Deals: default to the first pipeline's first stage.
  useEffect(() => {
    if (kind !== "deals" || !pipeline) return;
    setValues((v) => {
      if (v.pipeline_id === pipeline.id && v.stage_id && stages.some((s) => s.id === v.stage_id)) return v;
      return { ...v, pipeline_id: pipeline.id, stage_id: stages[0]?.id ?? "" };
    });
  }, [kind, pipeline, stages]);

  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const body = createBody(kind, values, Object.fromEntries(Object.entries(initial).filter(([, x]) => typeof x !== "string")));
    if ("moneyError" in body) {
      setErrors({ [body.moneyError as string]: t("edit.invalidMoney") });
      return;
    }
    if ((kind === "contacts" || kind === "leads") && !body.first_name && !body.last_name && !body.email) {
      setErrors({ first_name: t("create.needName") });
      return;
    }
    setBusy(true);
    try {
      const path = `/api/v1/${apiObject(kind)}` as "/api/v1/contacts";
      const created = must(await api.POST(path, { body: body as never })) as { id: string };
      void queries.invalidateQueries({ queryKey: keys.records(apiObject(kind)) });
      toast({ text: t("create.created", { what }) });
      onClose();
      if (kind !== "tasks") navigate(recordPath(apiObject(kind), created.id));
    } catch (err) {
      if (isApiError(err) && err.status === 422) {
        const fe: Record<string, string> = {};
        for (const x of err.problem.errors ?? []) {
          const name = x.field === "due_at" ? "due" : x.field.split(/[[.]/)[0] ?? x.field;
          if (!(name in fe)) fe[name] = x.message;
        }
        setErrors(fe);
        setFormError(t("create.fixFields"));
      } else {
        setFormError(t("create.failed", { detail: isApiError(err) ? (err.problem.detail ?? err.problem.title) : t("app.error.network") }));
      }
    } finally {
      setBusy(false);
    }
  };

  const noPipeline = kind === "deals" && pipelines.isSuccess && !open.length;

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate>
      {FORMS[kind].map((input, i) => (
        <TextField
          key={input.name}
          label={input.label === "composer.text.task" ? t("composer.textLabel") : t(input.label)}
          name={input.name}
          type={input.type}
          required={input.required}
          autoFocus={i === 0}
          autoComplete={input.autoComplete}
          value={values[input.name] ?? ""}
          onChange={(e) => set(input.name, e.target.value)}
          error={errors[input.name]}
          inputMode={input.name === "amount" || input.name === "unit_price" ? "decimal" : undefined}
        />
      ))}
      {WITH_COMPANY.includes(kind) && (
        <CompanyPicker
          label={t("field.company_id")}
          value={values.company_id || null}
          initialName={typeof initial.company_name === "string" ? initial.company_name : ""}
          onChange={(id) => set("company_id", id ?? "")}
          error={errors.company_id}
        />
      )}
      {kind === "deals" && open.length > 0 && (
        <div className={styles.row}>
          <label className={fieldStyles.field}>
            <span className={fieldStyles.label}>{t("create.pipeline")}</span>
            <select className={fieldStyles.input} value={values.pipeline_id ?? ""} onChange={(e) => set("pipeline_id", e.target.value)}>
              {open.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className={fieldStyles.field}>
            <span className={fieldStyles.label}>{t("create.stage")}</span>
            <select className={fieldStyles.input} value={values.stage_id ?? ""} onChange={(e) => set("stage_id", e.target.value)}>
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {noPipeline && (
        <p className={styles.warning} role="alert">
          {t("create.noPipeline")}
        </p>
      )}
      {formError && (
        <p className={styles.warning} role="alert">
          {formError}
        </p>
      )}
      <div className={styles.footer}>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy || noPipeline}>
          {busy ? t("create.submitting") : t("create.submit", { what: what.toLowerCase() })}
        </Button>
      </div>
    </form>
  );
}
