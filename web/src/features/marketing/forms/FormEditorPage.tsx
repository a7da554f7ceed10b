// The form editor (/marketing/forms/new and /…/:id): the name and what a submission makes (a contact
// or a lead), the fields in order (each a field of that object or a custom field, its label and
// whether it is required; email is always there and required, since a submission finds its record
// by it), a consent checkbox per channel with its text (the server versions the text), the message
// or redirect after sending, the list new contacts join, and for a saved form the code to embed it.
// Saves as the other versioned editors (useVersionedEditor: the parts changed, If-Match, 412).
import { useMemo } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { useListFields } from "../../records/list/data";
import { fieldLabel } from "../../records/list/labels";
import { TextArea } from "../../sales/TextArea";
import { ConflictNotice } from "../../settings/shared/ConflictNotice";
import { CopyButton } from "../../settings/shared/CopyButton";
import { FormAlert } from "../../settings/shared/FormAlert";
import { Loaded } from "../../settings/shared/Loaded";
import { SelectField } from "../../settings/shared/SelectField";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { useVersionedEditor } from "../../settings/shared/useVersionedEditor";
import { blankDraft, CHANNELS, draftBody, draftOf, draftPatch, embedSnippet, formUrl, moveField, rowError, type Channel, type FormDraft, type LeadForm } from "./form";
import { formsKey, useForm, useStaticLists } from "./queries";
import styles from "../../settings/shared/settings.module.css";
import sla from "../../settings/support_sla/sla.module.css";
import own from "./forms.module.css";

/** The kinds of field a visitor can type or pick (the server takes the same). */
const TYPABLE = new Set(["text", "email", "phone", "url", "date", "enum"]);

export default function FormEditorPage() {
  const { id = "new" } = useParams();
  const one = useForm(id);
  if (id === "new") return <Editor form={null} />;
  return (
    <Loaded query={one} lines={10}>
      {(x) => <Editor key={x.id} form={x} />}
    </Loaded>
  );
}

function Editor({ form: saved }: { form: LeadForm | null }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const lists = useStaticLists();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<LeadForm, FormDraft>({
    initial: saved,
    formOf: draftOf,
    blank: blankDraft,
    changed: (a, b) => Object.keys(draftPatch(a, b)).length > 0,
    create: async (d) => {
      const created = must(await api.POST("/api/v1/forms", { body: draftBody(d) }));
      await queries.invalidateQueries({ queryKey: formsKey });
      toast({ text: t("marketingForms.created", { name: created.name }) });
      navigate(`/marketing/forms/${created.id}`, { replace: true });
    },
    update: async (on, from, d, ifMatch) =>
      must(await api.PATCH("/api/v1/forms/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: draftPatch(from, d) })),
    read: async (id) => must(await api.GET("/api/v1/forms/{id}", { params: { path: { id } } })),
    saved: async (x) => {
      if (!x) return;
      queries.setQueryData([...formsKey, x.id], x);
      await queries.invalidateQueries({ queryKey: formsKey, exact: true });
      toast({ text: t("marketingForms.saved") });
    },
  });
  const errors = action.errors.fields;
  const object = form.target === "lead" ? "leads" : "contacts";
  const { fields: available } = useListFields(object);
  const choices = useMemo(
    () => available.filter((f) => TYPABLE.has(f.kind) && !f.name.endsWith("_at")).map((f) => ({ name: f.name, label: fieldLabel(f) })),
    [available],
  );
  const unused = choices.filter((c) => !form.fields.some((f) => f.field === c.name));
  const labelOf = (name: string) => choices.find((c) => c.name === name)?.label ?? name;

  const setField = (i: number, patch: Partial<FormDraft["fields"][number]>) =>
    set({ fields: form.fields.map((f, j) => (i === j ? { ...f, ...patch } : f)) });
  const setConsent = (c: Channel, text: string) => set({ consents: { ...form.consents, [c]: text } });
  // The channels sent, in order: a 422's consents.<i> is the i-th of them.
  const sent = CHANNELS.filter((c) => form.consents[c].trim());
  const versionOf = (c: Channel) => saved?.consents.find((x) => x.channel === c && x.text === form.consents[c].trim())?.version;

  const dirty = !origin || Object.keys(draftPatch(origin, form)).length > 0;
  const ready = !!form.name.trim() && form.fields.length > 0 && !conflict;
  const back = (
    <Link to="/marketing/forms" className={styles.small}>
      {t("marketingForms.back")}
    </Link>
  );

  return (
    <SettingsPage title={saved ? t("marketingForms.editTitle", { name: saved.name }) : t("marketingForms.newTitle")} headerExtra={back}>
      {conflict && current && (
        <ConflictNotice
          title={t("marketingForms.conflict.title")}
          mine={t("marketingForms.conflict.mine")}
          theirs={t("marketingForms.conflict.theirs")}
          onMine={keepMine}
          onTheirs={takeTheirs}
        >
          <p>{t("marketingForms.conflict.changed", { parts: Object.keys(draftPatch(draftOf(current), draftOf(conflict))).join(", ") })}</p>
        </ConflictNotice>
      )}
      {saved && <EmbedCard form={saved} />}
      <form className={`${styles.card} ${sla.form}`} onSubmit={(e) => (ready && dirty ? void action.run(e) : e.preventDefault())} noValidate>
        <FormAlert message={action.errors.message} />
        <div className={sla.narrow}>
          <TextField
            label={t("marketingForms.name")}
            value={form.name}
            maxLength={200}
            onChange={(e) => set({ name: e.target.value })}
            error={errors.name}
            help={t("marketingForms.nameHelp")}
            autoFocus={!saved}
          />
        </div>
        <fieldset className={sla.section} aria-describedby="form-target-help">
          <legend>{t("marketingForms.targetField")}</legend>
          <p id="form-target-help" className={sla.explain}>
            {t("marketingForms.targetHelp")}
          </p>
          <div className={sla.choices}>
            {(["contact", "lead"] as const).map((k) => (
              <label key={k} className={sla.choice}>
                <input type="radio" name="form-target" checked={form.target === k} onChange={() => set({ target: k })} />
                <span>{t(k === "lead" ? "marketingForms.target.lead" : "marketingForms.target.contact")}</span>
              </label>
            ))}
          </div>
          {errors.target && <p className={styles.alert}>{errors.target}</p>}
        </fieldset>

        <fieldset className={sla.section} aria-describedby="form-fields-help">
          <legend>{t("marketingForms.fields")}</legend>
          <p id="form-fields-help" className={sla.explain}>
            {t("marketingForms.fieldsHelp")}
          </p>
          {errors.fields && (
            <p className={styles.alert} role="alert">
              {errors.fields}
            </p>
          )}
          <ol className={own.rows}>
            {form.fields.map((f, i) => (
              <li key={f.field} className={own.row}>
                <TextField
                  label={t("marketingForms.label", { field: labelOf(f.field) })}
                  value={f.label}
                  maxLength={200}
                  onChange={(e) => setField(i, { label: e.target.value })}
                />
                <span className={own.fieldName}>{f.field}</span>
                <label className={own.required}>
                  <input
                    type="checkbox"
                    checked={f.required}
                    disabled={f.field === "email"}
                    onChange={(e) => setField(i, { required: e.target.checked })}
                  />
                  {t("marketingForms.required")}
                </label>
                <span className={own.rowButtons}>
                  <Button size="small" variant="ghost" onClick={() => set({ fields: moveField(form.fields, i, -1) })} disabled={i === 0} aria-label={t("marketingForms.moveUp", { field: f.label || f.field })}>
                    ↑
                  </Button>
                  <Button
                    size="small"
                    variant="ghost"
                    onClick={() => set({ fields: moveField(form.fields, i, 1) })}
                    disabled={i === form.fields.length - 1}
                    aria-label={t("marketingForms.moveDown", { field: f.label || f.field })}
                  >
                    ↓
                  </Button>
                  <Button
                    size="small"
                    variant="ghost"
                    onClick={() => set({ fields: form.fields.filter((_, j) => j !== i) })}
                    disabled={f.field === "email"}
                    aria-label={t("marketingForms.removeField", { field: f.label || f.field })}
                  >
                    ✕
                  </Button>
                </span>
                {rowError(errors, i) && <p className={own.rowError}>{rowError(errors, i)}</p>}
              </li>
            ))}
          </ol>
          <div className={own.add}>
            <SelectField
              label={t("marketingForms.addField")}
              value=""
              onChange={(name) => name && set({ fields: [...form.fields, { field: name, label: labelOf(name), required: false }] })}
              help={t("marketingForms.addFieldHelp")}
            >
              <option value="">{t("marketingForms.pickField")}</option>
              {unused.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.label}
                </option>
              ))}
            </SelectField>
          </div>
        </fieldset>

        <fieldset className={sla.section} aria-describedby="form-consents-help">
          <legend>{t("marketingForms.consents")}</legend>
          <p id="form-consents-help" className={sla.explain}>
            {t("marketingForms.consentsHelp")}
          </p>
          {CHANNELS.map((c) => {
            const on = form.consents[c] !== "";
            const version = versionOf(c);
            return (
              <div key={c} className={own.consent}>
                <label className={sla.choice}>
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) => setConsent(c, e.target.checked ? t(`marketingForms.consentDefault.${c}` as MessageKey) : "")}
                  />
                  <span>{t(`marketingForms.channel.${c}` as MessageKey)}</span>
                  {on && version && <span className={own.version}>{t("marketingForms.version", { n: version })}</span>}
                </label>
                {on && (
                  <TextArea
                    label={t("marketingForms.consentText", { channel: t(`marketingForms.channel.${c}` as MessageKey) })}
                    value={form.consents[c]}
                    rows={2}
                    maxLength={2000}
                    onChange={(e) => setConsent(c, e.target.value)}
                    error={errors[`consents.${sent.indexOf(c)}.text`]}
                  />
                )}
              </div>
            );
          })}
        </fieldset>

        <fieldset className={sla.section}>
          <legend>{t("marketingForms.after")}</legend>
          <TextArea
            label={t("marketingForms.successMessage")}
            value={form.success_message}
            rows={2}
            maxLength={2000}
            onChange={(e) => set({ success_message: e.target.value })}
            error={errors.success_message}
            help={t("marketingForms.successMessageHelp")}
          />
          <div className={sla.narrow}>
            <TextField
              label={t("marketingForms.redirect")}
              type="url"
              value={form.redirect_url}
              placeholder="https://www.example.com/thank-you"
              onChange={(e) => set({ redirect_url: e.target.value })}
              error={errors.redirect_url}
              help={t("marketingForms.redirectHelp")}
            />
          </div>
          {form.target === "contact" && (
            <div className={sla.narrow}>
              <SelectField label={t("marketingForms.list")} value={form.list_id} onChange={(v) => set({ list_id: v })} error={errors.list_id} help={t("marketingForms.listHelp")}>
                <option value="">{t("marketingForms.noList")}</option>
                {(lists.data ?? []).map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          <label className={sla.choice}>
            <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} aria-describedby="form-enabled-help" />
            <span>{t("marketingForms.enabled")}</span>
          </label>
          <p id="form-enabled-help" className={sla.explain}>
            {t("marketingForms.enabledHelp")}
          </p>
        </fieldset>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!ready || !dirty || action.busy}>
            {action.busy ? t("common.saving") : saved ? t("common.save") : t("marketingForms.create")}
          </Button>
        </div>
      </form>
    </SettingsPage>
  );
}

/** A saved form's address and the code a site pastes to show it, with copy buttons. */
function EmbedCard({ form }: { form: LeadForm }) {
  const origin = window.location.origin;
  const snippet = embedSnippet(origin, form);
  return (
    <section className={`${styles.card} ${sla.section}`} aria-labelledby="form-embed-title">
      <h2 id="form-embed-title">{t("marketingForms.embedTitle")}</h2>
      <p className={sla.explain}>{t("marketingForms.embedIntro")}</p>
      <div className={own.codeHead}>
        <span className={styles.small}>{t("marketingForms.embedCode")}</span>
        <CopyButton text={snippet} label={t("marketingForms.copyCode")} />
      </div>
      <pre className={styles.pre} tabIndex={0} aria-label={t("marketingForms.embedCode")} data-testid="form-embed">
        {snippet}
      </pre>
      <div className={styles.secret}>
        <code>{formUrl(origin, form.id)}</code>
        <CopyButton text={formUrl(origin, form.id)} />
      </div>
      <div className={own.links}>
        <a href={formUrl(origin, form.id)} target="_blank" rel="noreferrer">
          {t("marketingForms.openPage")}
        </a>
        <Link to={`/marketing/forms/${form.id}/submissions`}>{t("marketingForms.seeSubmissions", { n: form.submissions })}</Link>
      </div>
      {!form.enabled && <p className={styles.notice}>{t("marketingForms.offNotice")}</p>}
    </section>
  );
}
