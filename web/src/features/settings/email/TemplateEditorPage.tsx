// The template editor (/settings/email-templates/new and /…/:id): name, subject, text and HTML,
// a merge-field picker that inserts at the caret of the part last edited, and a preview of the text
// with the fields marked (the server has no preview of a template against a record, so this shows
// what the record will fill in). A 422 about a merge field says "line 2, column 4": the message
// shows under its part and the caret is put on that place. A save sends only the changed parts
// with If-Match; when someone saved the template meanwhile (412) the page says what they changed
// (useVersionedEditor, shared with the automation rule editor and the webhook dialog).
import { Fragment, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { useMergeFields } from "../../email/mergeFields";
import { templatesKey, type EmailTemplate } from "../../email/queries";
import { errorPlace, insertAt, offsetOf, placeholder } from "../../email/template";
import { TemplatePreview } from "../../email/TemplatePreview";
import { TextArea } from "../../sales/TextArea";
import { ConflictNotice } from "../shared/ConflictNotice";
import { MergeFieldPicker } from "./MergeFieldPicker";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import styles from "../shared/settings.module.css";
import own from "../../email/email.module.css";

type Part = "subject" | "text" | "html";
type Form = { name: string } & Record<Part, string>;
const PARTS: Part[] = ["subject", "text", "html"];
const FIELDS: (keyof Form)[] = ["name", ...PARTS];

const formOf = (x: EmailTemplate): Form => ({ name: x.name, subject: x.subject, text: x.text, html: x.html });
const changed = (a: Form, b: Form) => FIELDS.filter((f) => a[f] !== b[f]);

export default function TemplateEditorPage() {
  const { id = "new" } = useParams();
  const one = useQuery({
    queryKey: [...templatesKey, id],
    enabled: id !== "new",
    queryFn: async () => must(await api.GET("/api/v1/email-templates/{id}", { params: { path: { id } } })),
  });
  if (id === "new") return <Editor template={null} />;
  return (
    <Loaded query={one} lines={10}>
      {(x) => <Editor key={x.id} template={x} />}
    </Loaded>
  );
}

function Editor({ template }: { template: EmailTemplate | null }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const merge = useMergeFields();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<EmailTemplate, Form>({
    initial: template,
    formOf,
    blank: () => ({ name: "", subject: "", text: "", html: "" }),
    changed: (a, b) => changed(a, b).length > 0,
    create: async (f) => {
      const created = must(await api.POST("/api/v1/email-templates", { body: { ...f, name: f.name.trim() } }));
      await queries.invalidateQueries({ queryKey: templatesKey });
      toast({ text: t("email.templates.created", { name: created.name }) });
      navigate(`/settings/email-templates/${created.id}`, { replace: true });
    },
    update: async (on, from, f, ifMatch) => {
      const patch = Object.fromEntries(changed(from, f).map((k) => [k, k === "name" ? f.name.trim() : f[k]]));
      return must(await api.PATCH("/api/v1/email-templates/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: patch }));
    },
    read: async (id) => must(await api.GET("/api/v1/email-templates/{id}", { params: { path: { id } } })),
    saved: async (saved) => {
      if (!saved) return;
      queries.setQueryData([...templatesKey, saved.id], saved);
      await queries.invalidateQueries({ queryKey: templatesKey, exact: true });
      toast({ text: t("email.templates.saved") });
    },
  });
  const [target, setTarget] = useState<Part>("text");
  const inputs = { subject: useRef<HTMLInputElement>(null), text: useRef<HTMLTextAreaElement>(null), html: useRef<HTMLTextAreaElement>(null) };
  const caret = useRef<Record<Part, [number, number]>>({ subject: [0, 0], text: [0, 0], html: [0, 0] });
  const errors = action.errors.fields;
  const partName = (p: Part) => t(`email.templates.${p}`);
  const partError = (p: Part) => (errors[p] ? `${partName(p)} ${errors[p]}` : undefined);

  // A refused merge field: put the caret on it, in the first part the server named.
  useEffect(() => {
    for (const part of PARTS) {
      const message = errors[part];
      const place = message ? errorPlace(message) : null;
      const el = inputs[part].current;
      if (!message || !el) continue;
      el.focus();
      if (place) {
        const at = offsetOf(el.value, place.line, place.column);
        const end = el.value.indexOf("}}", at);
        el.setSelectionRange(at, end >= 0 ? end + 2 : at);
      }
      return;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the errors change
  }, [errors]);

  const remember = (part: Part) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    caret.current[part] = [e.currentTarget.selectionStart ?? 0, e.currentTarget.selectionEnd ?? 0];
    setTarget(part);
  };
  const pick = (name: string) => {
    const [start, end] = caret.current[target];
    const next = insertAt(form[target], start, end, placeholder(name));
    set({ [target]: next.text });
    caret.current[target] = [next.caret, next.caret];
    requestAnimationFrame(() => {
      const el = inputs[target].current;
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const dirty = !origin || changed(origin, form).length > 0;
  const ready = !!form.name.trim() && !!form.subject.trim() && (!!form.text.trim() || !!form.html.trim()) && !conflict;
  const header = (
    <Link to="/settings/email-templates" className={styles.small}>
      {t("email.templates.back")}
    </Link>
  );

  return (
    <SettingsPage title={template ? t("email.templates.editTitle", { name: template.name }) : t("email.templates.newTitle")} headerExtra={header}>
      {conflict && current && (
        <ConflictNotice
          title={t("email.templates.conflict.title")}
          mine={t("email.templates.conflict.mine")}
          theirs={t("email.templates.conflict.theirs")}
          onMine={keepMine}
          onTheirs={takeTheirs}
        >
          <dl className={styles.facts}>
            {changed(formOf(current), formOf(conflict)).map((f) => (
              <Fragment key={f}>
                <dt>{f === "name" ? t("email.templates.name") : partName(f)}</dt>
                <dd className={own.note}>{conflict[f] || t("common.none")}</dd>
              </Fragment>
            ))}
          </dl>
        </ConflictNotice>
      )}
      <div className={own.editor}>
      <form className={styles.card} onSubmit={(e) => (ready && dirty ? void action.run(e) : e.preventDefault())} noValidate>
        <div className={styles.form}>
          <FormAlert message={action.errors.message} />
          <TextField label={t("email.templates.name")} value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} error={errors.name} autoFocus={!template} />
          <MergeFieldPicker groups={merge.groups} target={partName(target)} onPick={pick} />
          <TextField
            ref={inputs.subject}
            label={partName("subject")}
            value={form.subject}
            onChange={(e) => set({ subject: e.target.value })}
            onSelect={remember("subject")}
            onFocus={remember("subject")}
            error={partError("subject")}
            spellCheck
          />
          <TextArea
            ref={inputs.text}
            label={partName("text")}
            value={form.text}
            rows={10}
            onChange={(e) => set({ text: e.target.value })}
            onSelect={remember("text")}
            onFocus={remember("text")}
            error={partError("text")}
            help={t("email.templates.textHelp")}
          />
          <TextArea
            ref={inputs.html}
            label={partName("html")}
            value={form.html}
            rows={6}
            onChange={(e) => set({ html: e.target.value })}
            onSelect={remember("html")}
            onFocus={remember("html")}
            error={partError("html")}
            help={t("email.templates.htmlHelp")}
            spellCheck={false}
          />
          <div className={styles.actions}>
            <Button type="submit" variant="primary" disabled={!ready || !dirty || action.busy}>
              {action.busy ? t("common.saving") : template ? t("common.save") : t("email.templates.create")}
            </Button>
          </div>
        </div>
      </form>
      <section className={styles.card} aria-labelledby="template-preview">
        <h2 id="template-preview">{t("email.templates.preview")}</h2>
        <p className={`${styles.muted} ${styles.small}`}>{t("email.templates.previewIntro")}</p>
        <p className={own.previewLabel}>{partName("subject")}</p>
        <TemplatePreview text={form.subject} known={merge.known} label={t("email.templates.previewOf", { part: partName("subject") })} />
        <p className={own.previewLabel}>{partName("text")}</p>
        <TemplatePreview text={form.text} known={merge.known} label={t("email.templates.previewOf", { part: partName("text") })} />
        {form.html.trim() && (
          <>
            <p className={own.previewLabel}>{partName("html")}</p>
            <TemplatePreview text={form.html} known={merge.known} label={t("email.templates.previewOf", { part: partName("html") })} />
          </>
        )}
      </section>
      </div>
    </SettingsPage>
  );
}

