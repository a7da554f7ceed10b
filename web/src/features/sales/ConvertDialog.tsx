// Converting a lead in one dialog. The server links to the live contact with the lead's email and
// the live company with the lead's domain before it creates anything (convert.cpp); the dialog looks
// both up first and says which records will be linked and which created, then names them in the
// request so what happens is what was shown. An optional deal goes into a pipeline and stage.
import { useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { Lead, Schemas } from "../../api/types";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { TextField } from "../../components/Field";
import { useToast } from "../../components/Toast";
import { parseMoney, t } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { usePipelines } from "./useBoard";
import forms from "./forms.module.css";
import styles from "./LeadActions.module.css";

type ConversionInput = Schemas["LeadConversionInput"];

function useMatch(object: "contacts" | "companies", field: "email" | "domain", value: string | null | undefined) {
  return useQuery({
    queryKey: [...keys.records(object), "match", field, value ?? ""] as const,
    enabled: !!value,
    queryFn: async () => {
      const r =
        object === "contacts"
          ? must(await api.GET("/api/v1/contacts", { params: { query: { limit: 1, filter: { email: value! } } } }))
          : must(await api.GET("/api/v1/companies", { params: { query: { limit: 1, filter: { domain: value! } } } }));
      return (r.data[0] as Record<string, unknown> & { id: string }) ?? null;
    },
  });
}

export function ConvertDialog({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const contact = useMatch("contacts", "email", lead.email);
  const company = useMatch("companies", "domain", lead.domain);
  const pipelines = usePipelines();
  const usable = useMemo(() => (pipelines.data ?? []).filter((p) => !p.archived), [pipelines.data]);

  const leadName = recordTitle("leads", lead);
  const [withDeal, setWithDeal] = useState(false);
  const [dealName, setDealName] = useState(lead.company_name || leadName);
  const [pipelineId, setPipelineId] = useState("");
  const [stageId, setStageId] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [closeDate, setCloseDate] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pipeline = usable.find((p) => p.id === pipelineId) ?? usable[0];
  const openStages = (pipeline?.stages ?? []).filter((s) => s.type === "open" && !s.archived);
  const checking = contact.isFetching || company.isFetching;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: ConversionInput = {};
    if (contact.data) body.contact_id = contact.data.id;
    if (company.data) body.company_id = company.data.id;
    if (withDeal) {
      const local: Record<string, string> = {};
      if (!pipeline) local["deal.pipeline_id"] = t("convert.noPipeline");
      if (!dealName.trim()) local["deal.name"] = t("common.required");
      const minor = amount.trim() ? parseMoney(amount, currency.trim().toUpperCase() || "EUR") : null;
      if (amount.trim() && minor === null) local["deal.amount"] = t("convert.badAmount");
      setErrors(local);
      if (Object.keys(local).length || !pipeline) return;
      body.deal = { name: dealName.trim(), pipeline_id: pipeline.id };
      if (stageId) body.deal.stage_id = stageId;
      if (minor !== null) {
        body.deal.amount = minor;
        body.deal.currency = currency.trim().toUpperCase();
      }
      if (closeDate) body.deal.expected_close_date = closeDate;
    }
    setBusy(true);
    setFailure(null);
    try {
      const r = must(await api.POST("/api/v1/leads/{id}/convert", { params: { path: { id: lead.id } }, body }));
      for (const o of ["leads", "contacts", "companies", "deals"]) void queries.invalidateQueries({ queryKey: keys.records(o) });
      const what = [
        t(r.created.contact ? "convert.done.contactNew" : "convert.done.contactLinked"),
        r.company ? t(r.created.company ? "convert.done.companyNew" : "convert.done.companyLinked") : null,
        r.deal ? t("convert.done.deal") : null,
      ]
        .filter(Boolean)
        .join(", ");
      toast({ text: t("convert.done", { what }) });
      onClose();
      navigate(r.deal ? recordPath("deals", r.deal.id) : recordPath("contacts", r.contact.id));
    } catch (err) {
      if (isApiError(err) && err.status === 422) {
        setErrors(err.fieldErrors());
        const loose = (err.problem.errors ?? []).filter((x) => !x.field.startsWith("deal."));
        if (loose.length) setFailure(t("convert.failed", { detail: loose.map((x) => `${x.field} ${x.message}`).join("; ") }));
      } else if (isApiError(err) && err.status === 409) {
        setFailure(t("convert.conflict", { detail: err.problem.detail ?? err.problem.title }));
      } else {
        setFailure(t("convert.failed", { detail: isApiError(err) ? (err.problem.detail ?? err.problem.title) : t("app.error.network") }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t("convert.title", { lead: leadName })} onClose={onClose} wide>
      <form className={forms.form} onSubmit={(e) => void submit(e)} noValidate>
        <p className={forms.intro}>{t("convert.intro")}</p>
        <div className={styles.plan} aria-busy={checking}>
          <PlanRow
            label={t("convert.contact")}
            checking={contact.isFetching}
            link={contact.data ? { to: recordPath("contacts", contact.data.id), text: recordTitle("contacts", contact.data) } : null}
            linkText={t("convert.linkContact")}
            createText={t("convert.newContact")}
            createName={[leadName, lead.email].filter(Boolean).join(" · ")}
          />
          {company.data || lead.company_name || lead.domain ? (
            <PlanRow
              label={t("convert.company")}
              checking={company.isFetching}
              link={company.data ? { to: recordPath("companies", company.data.id), text: recordTitle("companies", company.data) } : null}
              linkText={t("convert.linkCompany")}
              createText={t("convert.newCompany")}
              createName={[lead.company_name, lead.domain].filter(Boolean).join(" · ")}
            />
          ) : (
            <p className={styles.planRow}>
              <span className={styles.planLabel}>{t("convert.company")}</span>
              <span className={styles.planText}>{t("convert.noCompany")}</span>
            </p>
          )}
        </div>
        <label className={forms.checkbox}>
          <input type="checkbox" checked={withDeal} onChange={(e) => setWithDeal(e.target.checked)} />
          {t("convert.withDeal")}
        </label>
        {withDeal && (
          <fieldset className={forms.fieldset}>
            <legend>{t("lead.convertedTo.deal")}</legend>
            {usable.length === 0 && <p className={forms.error}>{t("convert.noPipeline")}</p>}
            <TextField label={t("convert.dealName")} value={dealName} onChange={(e) => setDealName(e.target.value)} error={errors["deal.name"]} required />
            <div className={forms.grid}>
              <SelectField
                label={t("convert.pipeline")}
                value={pipeline?.id ?? ""}
                onChange={(v) => {
                  setPipelineId(v);
                  setStageId("");
                }}
                options={usable.map((p) => ({ value: p.id, label: p.name }))}
                error={errors["deal.pipeline_id"]}
              />
              <SelectField
                label={t("convert.stage")}
                value={stageId || openStages[0]?.id || ""}
                onChange={setStageId}
                options={openStages.map((s) => ({ value: s.id, label: s.name }))}
                error={errors["deal.stage_id"]}
              />
            </div>
            <div className={forms.grid}>
              <TextField label={t("convert.amount")} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors["deal.amount"]} />
              <TextField
                label={t("convert.currency")}
                value={currency}
                maxLength={3}
                onChange={(e) => setCurrency(e.target.value.toUpperCase())}
                error={errors["deal.currency"]}
              />
              <TextField
                label={t("convert.closeDate")}
                type="date"
                value={closeDate}
                onChange={(e) => setCloseDate(e.target.value)}
                error={errors["deal.expected_close_date"]}
              />
            </div>
          </fieldset>
        )}
        {failure && (
          <p className={forms.error} role="alert">
            {failure}
          </p>
        )}
        <div className={forms.footer}>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button type="submit" variant="primary" disabled={busy || checking}>
            {busy ? t("convert.submitting") : t("convert.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function PlanRow(props: {
  label: string;
  checking: boolean;
  link: { to: string; text: string } | null;
  linkText: string;
  createText: string;
  createName: string;
}) {
  return (
    <p className={styles.planRow}>
      <span className={styles.planLabel}>{props.label}</span>
      {props.checking ? (
        <span className={styles.planText}>{t("convert.checking")}</span>
      ) : props.link ? (
        <span className={styles.planText}>
          <span className={`${styles.tag} ${styles.tagLink}`}>{props.linkText}</span> <Link to={props.link.to}>{props.link.text}</Link>
        </span>
      ) : (
        <span className={styles.planText}>
          <span className={`${styles.tag} ${styles.tagNew}`}>{props.createText}</span> {props.createName}
        </span>
      )}
    </p>
  );
}

function SelectField(props: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; error?: string | undefined }) {
  const id = `select-${props.label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className={styles.selectField}>
      <label htmlFor={id} className={styles.selectLabel}>
        {props.label}
      </label>
      <select id={id} className={forms.select} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-invalid={props.error ? true : undefined}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <span className={forms.error} role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}
