// Send an email from a record (contact, company, lead, deal): To and Cc start from the record's
// people, then either a template (its text shown with the merge fields marked; the server fills
// them from the record when it sends) or a subject and message written here. Sending answers at
// once with the email queued; the page follows it until it is sent or given up (EmailOutbox). A reply
// (from a thread of the Emails tab) starts from the thread: its people, "Re:" its subject, and the
// server threads it (in_reply_to: In-Reply-To and References).
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { TextField } from "../../components/Field";
import { t } from "../../i18n";
import { recordTitle } from "../records/objects";
import { listRecords, type Filter } from "../records/record/listApi";
import type { AnyRecord } from "../records/record/recordApi";
import { TextArea } from "../sales/TextArea";
import { formErrors, type FormErrors } from "../settings/shared/errors";
import { FormDialog } from "../settings/shared/FormDialog";
import { SelectField } from "../settings/shared/SelectField";
import { useFormAction } from "../settings/shared/useFormAction";
import { useMergeFields } from "./mergeFields";
import { useTemplates, type Email } from "./queries";
import { badAddresses, errorField, parseAddresses, prefill, recordLinks, type MailObject } from "./recipients";
import { usedObjects } from "./template";
import type { ReplyStart } from "./threads";
import { TemplatePreview } from "./TemplatePreview";
import styles from "./email.module.css";

type Person = { id: string; name: string; email: string };

/** The record's people an email may start from: a deal's contacts, a company's contacts. */
function usePeople(object: MailObject, record: AnyRecord) {
  const ids = ((record.contacts as { contact_id: string }[] | undefined) ?? []).map((c) => c.contact_id);
  return useQuery({
    queryKey: keys.related(object, record.id, "mail-people"),
    enabled: object === "deals" || object === "companies",
    queryFn: async (): Promise<Person[]> => {
      if (object === "deals" && ids.length === 0) return [];
      const filter: Filter = object === "deals" ? { id: { in: ids.slice(0, 100).join(",") } } : { company_id: { eq: record.id } };
      const rows = (await listRecords("contacts", filter, 50)).data;
      // A deal's contacts in the deal's order (its first is who it is with).
      if (object === "deals") rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      return rows.map((r) => ({ id: r.id, name: recordTitle("contacts", r), email: typeof r.email === "string" ? r.email : "" }));
    },
  });
}

/** The server's refusal said on the dialog's fields; a template needing a record the page lacks, in words. */
function sendErrors(e: unknown): FormErrors {
  if (isApiError(e) && e.status === 409) return { fields: {}, message: t("email.send.notSetUp") };
  const f = formErrors(e);
  const fields: Record<string, string> = {};
  let message = f.message;
  for (const [path, text] of Object.entries(f.fields)) {
    const field = errorField(path);
    const object = /^(contact|company|lead|deal)_id$/.exec(field)?.[1];
    if (object) message = t("email.send.needsRecord", { object: t(`email.object.${object}` as "email.object.contact") });
    else if (field === "in_reply_to") message = t("email.send.replyGone");
    else fields[field] ??= text;
  }
  return { fields, message };
}

export default function SendEmailDialog({
  object,
  record,
  reply,
  onSent,
  onClose,
}: {
  object: MailObject;
  record: AnyRecord;
  reply?: ReplyStart | null;
  onSent: (e: Email) => void;
  onClose: () => void;
}) {
  const people = usePeople(object, record);
  const templates = useTemplates();
  const merge = useMergeFields();
  const start = useMemo(() => (reply ? { to: reply.to, cc: reply.cc } : prefill(object, record, people.data ?? [])), [reply, object, record, people.data]);
  // What the person typed; null keeps the prefill (which arrives with the record's people).
  const [to, setTo] = useState<string | null>(null);
  const [cc, setCc] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState("");
  const [subject, setSubject] = useState(reply?.subject ?? "");
  const [body, setBody] = useState("");
  const toText = to ?? start.to.join(", ");
  const ccText = cc ?? start.cc.join(", ");
  const template = (templates.data ?? []).find((x) => x.id === templateId);

  const action = useFormAction(async () => {
    const toList = parseAddresses(toText);
    const ccList = parseAddresses(ccText);
    const bad: Record<string, string> = {};
    const badTo = badAddresses(toList);
    const badCc = badAddresses(ccList);
    if (toList.length === 0) bad.to = t("email.send.toRequired");
    else if (badTo.length) bad.to = t("email.send.badAddress", { list: badTo.join(", ") });
    if (badCc.length) bad.cc = t("email.send.badAddress", { list: badCc.join(", ") });
    if (Object.keys(bad).length) {
      action.setErrors({ fields: bad, message: null });
      return;
    }
    const used = template ? usedObjects(template.subject, template.text, template.html) : [];
    const content = template ? { template_id: template.id } : { subject: subject.trim(), body };
    const sent = must(
      await api.POST("/api/v1/emails", {
        body: {
          to: toList,
          ...(ccList.length ? { cc: ccList } : {}),
          ...content,
          ...recordLinks(object, record, people.data ?? [], used),
          ...(reply ? { in_reply_to: reply.inReplyTo } : {}),
        },
      }),
    );
    onSent(sent);
    onClose();
  }, sendErrors);
  const errors = action.errors.fields;
  const ready = !!toText.trim() && (template ? true : !!subject.trim() && !!body.trim());

  return (
    <FormDialog
      title={reply ? t("email.send.replyTitle", { subject: reply.subject }) : t("email.send.title", { name: recordTitle(object, record) })}
      submit={action.busy ? t("email.send.sending") : t("email.send.submit")}
      action={action}
      ready={ready}
      onClose={onClose}
      enterSubmits={false}
      wide
    >
      <TextField
        label={t("email.send.to")}
        value={toText}
        onChange={(e) => setTo(e.target.value)}
        error={errors.to}
        help={t("email.send.toHelp")}
        autoComplete="off"
        autoFocus={!reply}
      />
      <TextField label={t("email.send.cc")} value={ccText} onChange={(e) => setCc(e.target.value)} error={errors.cc} autoComplete="off" />
      {!reply && (
        <SelectField label={t("email.send.template")} value={templateId} onChange={setTemplateId} error={errors.template_id}>
          <option value="">{t("email.send.noTemplate")}</option>
          {(templates.data ?? []).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </SelectField>
      )}
      {template ? (
        <>
          <p className={styles.note}>{t("email.send.templateNote", { name: recordTitle(object, record) })}</p>
          <p className={styles.previewLabel}>{t("email.templates.subject")}</p>
          <TemplatePreview text={template.subject} known={merge.known} label={t("email.templates.subject")} />
          <p className={styles.previewLabel}>{t("email.templates.text")}</p>
          <TemplatePreview text={template.text || template.html} known={merge.known} label={t("email.templates.text")} />
        </>
      ) : (
        <>
          <TextField label={t("email.templates.subject")} value={subject} maxLength={255} onChange={(e) => setSubject(e.target.value)} error={errors.subject} />
          <TextArea
            label={t("email.send.body")}
            value={body}
            rows={8}
            onChange={(e) => setBody(e.target.value)}
            error={errors.body}
            autoFocus={!!reply}
          />
        </>
      )}
    </FormDialog>
  );
}
