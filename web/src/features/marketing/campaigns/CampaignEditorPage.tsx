// The campaign editor (/marketing/campaigns/new and /…/:id, drafts only: a campaign on its way or
// sent opens its results): name, subject and sender, the audience, the HTML and plain-text parts
// with a merge-field picker that inserts at the caret, the sending speed; beside them the message
// as it will look on a desktop or a phone, filled from a contact of the audience (or one picked),
// the test send, and "Review and send", which opens the send confirmation. Saves as the other
// versioned editors (useVersionedEditor: the parts changed, If-Match, 412 shows both).
import { useMemo, useRef, useState } from "react";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { RecordPicker } from "../../../components/fields/RecordPicker";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { mergeGroups, useMergeCatalog } from "../../email/mergeFields";
import { insertAt, placeholder } from "../../email/template";
import { useCustomFields, useOpenApiDoc } from "../../records/list/data";
import { TextArea } from "../../sales/TextArea";
import { MergeFieldPicker } from "../../settings/email/MergeFieldPicker";
import { ConflictNotice } from "../../settings/shared/ConflictNotice";
import { FormAlert } from "../../settings/shared/FormAlert";
import { Loaded } from "../../settings/shared/Loaded";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { useVersionedEditor } from "../../settings/shared/useVersionedEditor";
import { contactSearchKey, searchContacts } from "../../support/contacts";
import { managesAudiences } from "../api";
import { AudienceFields } from "./AudienceFields";
import { blankCampaign, campaignBody, campaignDraftOf, campaignPatch, contactValues, fillMergeFields, missingForSend, type Campaign, type CampaignDraft } from "./campaign";
import { EmailPreview, type Device } from "./EmailPreview";
import { campaignKeys, startedToastTag, useCampaign } from "./queries";
import { SendDialog } from "./SendDialog";
import { TestSend } from "./TestSend";
import { usePreviewContact } from "./usePreviewContact";
import settings from "../../settings/shared/settings.module.css";
import styles from "./campaigns.module.css";

type Part = "subject" | "html" | "text";

export default function CampaignEditorPage() {
  const { id = "new" } = useParams();
  const one = useCampaign(id);
  if (id === "new") return <Editor campaign={null} />;
  return (
    <Loaded query={one} lines={10}>
      {(c) => (c.status === "draft" ? <Editor key={c.id} campaign={c} /> : <Navigate to={`/marketing/campaigns/${c.id}/results`} replace />)}
    </Loaded>
  );
}

function Editor({ campaign }: { campaign: Campaign | null }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const me = useMe();
  const manager = managesAudiences(me);
  const doc = useOpenApiDoc();
  const custom = useCustomFields("contacts");
  const merge = useMergeCatalog(doc, (d) => mergeGroups(d, { contacts: custom.data }, [["contact", "contacts"]]), [custom.data]);
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<Campaign, CampaignDraft>({
    initial: campaign,
    formOf: campaignDraftOf,
    blank: blankCampaign,
    changed: (a, b) => Object.keys(campaignPatch(a, b)).length > 0,
    create: async (d) => {
      const created = must(await api.POST("/api/v1/campaigns", { body: campaignBody(d) }));
      await queries.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
      toast({ text: t("marketingCampaigns.created", { name: created.name }) });
      navigate(`/marketing/campaigns/${created.id}`, { replace: true });
    },
    update: async (on, from, d, ifMatch) =>
      must(await api.PATCH("/api/v1/campaigns/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: campaignPatch(from, d) })),
    read: async (id) => must(await api.GET("/api/v1/campaigns/{id}", { params: { path: { id } } })),
    saved: async (x) => {
      if (!x) return;
      queries.setQueryData(campaignKeys.one(x.id), x);
      await queries.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
      toast({ text: t("marketingCampaigns.saved") });
    },
  });
  const errors = action.errors.fields;
  const [device, setDevice] = useState<Device>("desktop");
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(null);
  const [sending, setSending] = useState(false);
  const sample = usePreviewContact(picked?.id ?? null, form.audience);
  const values = useMemo(() => contactValues(sample as Record<string, unknown> | undefined), [sample]);
  const sampleName = picked?.name ?? (sample ? [sample.first_name, sample.last_name].filter(Boolean).join(" ") || String(sample.email ?? "") : "");

  // The merge-field picker inserts where the caret was in the part last edited.
  const [target, setTarget] = useState<Part>("html");
  const inputs = { subject: useRef<HTMLInputElement>(null), html: useRef<HTMLTextAreaElement>(null), text: useRef<HTMLTextAreaElement>(null) };
  const caret = useRef<Record<Part, [number, number]>>({ subject: [0, 0], html: [0, 0], text: [0, 0] });
  const remember = (part: Part) => (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    caret.current[part] = [e.currentTarget.selectionStart ?? 0, e.currentTarget.selectionEnd ?? 0];
    setTarget(part);
  };
  const pick = (name: string) => {
    const [start, end] = caret.current[target];
    const next = insertAt(form[target], start, end, placeholder(name));
    set({ [target]: next.text } as Partial<CampaignDraft>);
    caret.current[target] = [next.caret, next.caret];
    requestAnimationFrame(() => {
      const el = inputs[target].current;
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  const partName = (p: Part) => t(`marketingCampaigns.part.${p}`);

  const dirty = !origin || Object.keys(campaignPatch(origin, form)).length > 0;
  const ready = !!form.name.trim() && !conflict && manager;
  const missing = missingForSend(form);
  const back = (
    <Link to="/marketing/campaigns" className={settings.small}>
      {t("marketingCampaigns.back")}
    </Link>
  );

  return (
    <SettingsPage title={campaign ? t("marketingCampaigns.editTitle", { name: campaign.name }) : t("marketingCampaigns.newTitle")} headerExtra={back}>
      {conflict && current && (
        <ConflictNotice title={t("marketingCampaigns.conflict.title")} mine={t("marketingCampaigns.conflict.mine")} theirs={t("marketingCampaigns.conflict.theirs")} onMine={keepMine} onTheirs={takeTheirs}>
          <p>{t("marketingCampaigns.conflict.changed", { parts: Object.keys(campaignPatch(campaignDraftOf(current), campaignDraftOf(conflict))).join(", ") })}</p>
        </ConflictNotice>
      )}
      <div className={styles.editor}>
        <form className={`${settings.card} ${styles.editorForm}`} onSubmit={(e) => (ready && dirty ? void action.run(e) : e.preventDefault())} noValidate>
          <FormAlert message={action.errors.message} />
          <section className={styles.part} aria-labelledby="campaign-message">
            <h2 id="campaign-message">{t("marketingCampaigns.message")}</h2>
            <TextField label={t("marketingCampaigns.name")} value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} error={errors.name} help={t("marketingCampaigns.nameHelp")} autoFocus={!campaign} />
            <TextField
              ref={inputs.subject}
              label={partName("subject")}
              value={form.subject}
              onChange={(e) => {
                set({ subject: e.target.value });
                remember("subject")(e);
              }}
              onSelect={remember("subject")}
              onFocus={remember("subject")}
              error={errors.subject}
              spellCheck
            />
            <TextField label={t("marketingCampaigns.from")} type="email" value={form.from} onChange={(e) => set({ from: e.target.value })} error={errors.from} help={t("marketingCampaigns.fromHelp")} placeholder={t("marketingCampaigns.fromDefault")} />
          </section>
          <section className={styles.part} aria-labelledby="campaign-audience">
            <h2 id="campaign-audience">{t("marketingCampaigns.audience")}</h2>
            <p className={styles.explain}>{t("marketingCampaigns.audience.help")}</p>
            <AudienceFields audience={form.audience} onChange={(audience) => set({ audience })} errors={errors} />
          </section>
          <section className={styles.part} aria-labelledby="campaign-content">
            <h2 id="campaign-content">{t("marketingCampaigns.content")}</h2>
            <MergeFieldPicker groups={merge.groups} target={partName(target)} onPick={pick} groupLabel={() => t("marketingCampaigns.contactFields")} />
            <TextArea
              ref={inputs.html}
              label={partName("html")}
              value={form.html}
              rows={12}
              onChange={(e) => {
                set({ html: e.target.value });
                remember("html")(e);
              }}
              onSelect={remember("html")}
              onFocus={remember("html")}
              error={errors.html}
              help={t("marketingCampaigns.htmlHelp")}
              spellCheck={false}
              className={styles.code}
            />
            <TextArea
              ref={inputs.text}
              label={partName("text")}
              value={form.text}
              rows={6}
              onChange={(e) => {
                set({ text: e.target.value });
                remember("text")(e);
              }}
              onSelect={remember("text")}
              onFocus={remember("text")}
              error={errors.text}
              help={t("marketingCampaigns.textHelp")}
            />
            <TextField
              label={t("marketingCampaigns.rate")}
              type="number"
              min={1}
              max={100000}
              step={1}
              inputMode="numeric"
              value={String(form.rate_per_minute)}
              onChange={(e) => set({ rate_per_minute: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : 0 })}
              error={errors.rate_per_minute}
              help={t("marketingCampaigns.rateHelp")}
            />
          </section>
          <section className={styles.part} aria-labelledby="campaign-tracking">
            <h2 id="campaign-tracking">{t("marketingCampaigns.tracking")}</h2>
            <label className={styles.check}>
              <input type="checkbox" checked={form.utm.on} onChange={(e) => set({ utm: { ...form.utm, on: e.target.checked } })} />
              {t("marketingCampaigns.utm.on")}
            </label>
            <p className={styles.explain}>{t("marketingCampaigns.utm.help")}</p>
            {form.utm.on && (
              <div className={styles.utm}>
                {(["source", "medium", "campaign"] as const).map((k) => (
                  <TextField
                    key={k}
                    label={t(`marketingCampaigns.utm.${k}`)}
                    value={form.utm[k]}
                    maxLength={200}
                    onChange={(e) => set({ utm: { ...form.utm, [k]: e.target.value } })}
                    error={errors[`utm.${k}`] ?? errors.utm}
                    placeholder={t("marketingCampaigns.utm.empty", { value: k === "source" ? "rapport" : k === "medium" ? "email" : t("marketingCampaigns.utm.campaignDefault") })}
                    spellCheck={false}
                  />
                ))}
              </div>
            )}
          </section>
          <div className={settings.actions}>
            <Button type="submit" variant={dirty ? "primary" : "secondary"} disabled={!ready || !dirty || action.busy}>
              {action.busy ? t("common.saving") : campaign ? t("common.save") : t("marketingCampaigns.create")}
            </Button>
          </div>
        </form>

        <aside className={styles.side}>
          <section className={settings.card} aria-labelledby="campaign-preview">
            <div className={styles.previewHead}>
              <h2 id="campaign-preview">{t("marketingCampaigns.preview")}</h2>
              <div className={styles.devices} role="group" aria-label={t("marketingCampaigns.device")}>
                {(["desktop", "phone"] as const).map((d) => (
                  <Button key={d} size="small" variant={device === d ? "primary" : "ghost"} aria-pressed={device === d} onClick={() => setDevice(d)}>
                    {t(`marketingCampaigns.device.${d}`)}
                  </Button>
                ))}
              </div>
            </div>
            <RecordPicker
              label={t("marketingCampaigns.previewAs")}
              value={picked?.id ?? null}
              initialName=""
              onChange={(id, name) => setPicked(id ? { id, name } : null)}
              search={searchContacts}
              queryKey={contactSearchKey}
              placeholder={sampleName ? t("marketingCampaigns.previewAsSample", { name: sampleName }) : t("marketingCampaigns.previewAsSearch")}
              noMatch={(q) => (q ? t("marketingCampaigns.noContact", { text: q }) : t("marketingCampaigns.typeContact"))}
            />
            <EmailPreview
              device={device}
              from={form.from}
              subject={fillMergeFields(form.subject, values, false)}
              html={fillMergeFields(form.html, values, true)}
              text={fillMergeFields(form.text, values, false)}
            />
            <p className={styles.explain}>{t("marketingCampaigns.previewNote")}</p>
          </section>
          {campaign && manager && (
            <section className={settings.card}>
              <TestSend campaignId={campaign.id} contactId={picked?.id ?? (sample ? String(sample.id) : null)} contactName={sampleName} unsaved={dirty} />
            </section>
          )}
          {campaign && manager && (
            <section className={`${settings.card} ${styles.sendCard}`} aria-labelledby="campaign-send">
              <h2 id="campaign-send">{t("marketingCampaigns.sendTitle")}</h2>
              {missing.length > 0 ? (
                <ul className={styles.missing}>
                  {missing.map((m) => (
                    <li key={m}>{t(m)}</li>
                  ))}
                </ul>
              ) : dirty ? (
                <p className={styles.explain}>{t("marketingCampaigns.saveFirst")}</p>
              ) : (
                <p className={styles.explain}>{t("marketingCampaigns.sendIntro")}</p>
              )}
              <div>
                <Button variant="primary" disabled={missing.length > 0 || dirty || !!conflict} onClick={() => setSending(true)}>
                  {t("marketingCampaigns.review")}
                </Button>
              </div>
            </section>
          )}
        </aside>
      </div>
      {sending && campaign && current && (
        <SendDialog
          campaign={current}
          onClose={() => setSending(false)}
          onSent={(c) => {
            setSending(false);
            // Tagged: the results page takes it away once the campaign has been sent.
            toast({
              text: t(c.status === "scheduled" && c.scheduled_at && Date.parse(c.scheduled_at) > Date.now() + 60_000 ? "marketingCampaigns.scheduled" : "marketingCampaigns.started", { name: c.name }),
              tag: startedToastTag(c.id),
            });
            navigate(`/marketing/campaigns/${c.id}/results`);
          }}
        />
      )}
    </SettingsPage>
  );
}

