// Admins on a contact: export its data (JSON download), record consents, and erase it for good
// behind a confirmation that names what goes and asks for the contact's name to be typed.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { saveBlob } from "../../../api/files";
import { keys } from "../../../api/keys";
import { isApiError } from "../../../api/problem";
import type { Activity, Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { TextField, fieldStyles } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatDateTime, t, type MessageKey } from "../../../i18n";
import { viewKeys } from "../list/views";
import { recordTitle } from "../objects";
import type { AnyRecord } from "./recordApi";
import { eraseCounts, type EraseCounts } from "./erasure";
import styles from "./record.module.css";

type ConsentInput = Schemas["ConsentInput"];
const CHANNELS = ["email_marketing", "phone", "sms"] as const;
const SOURCES = ["manual", "web_form", "double_opt_in", "import", "api", "unsubscribe_link"] as const;

/** Pages of the contact's timeline read to count what erasing does to its activities. */
const COUNT_PAGES = 4;
const COUNT_PAGE_SIZE = 100;

/** What erasing does to the contact's activities; null while unknown (or too many to read). */
function useEraseCounts(contactId: string): EraseCounts | null {
  const q = useQuery({
    queryKey: [...keys.related("contacts", contactId, "timeline"), "erase-counts"],
    queryFn: async () => {
      const all: Activity[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < COUNT_PAGES; i++) {
        const page = must(
          await api.GET("/api/v1/contacts/{id}/timeline", {
            params: { path: { id: contactId }, query: { limit: COUNT_PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...page.data);
        cursor = page.next_cursor ?? undefined;
        if (!cursor) return eraseCounts(all, contactId);
      }
      return null;
    },
  });
  return q.data ?? null;
}

function detail(e: unknown): string {
  return isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network");
}

// activityCount (the record page's loaded timeline) is not used: the erase dialog reads the links.
export function PrivacyActions({ contact }: { contact: AnyRecord; activityCount?: number | null }) {
  const [open, setOpen] = useState<"consents" | "erase" | null>(null);
  const toast = useToast();
  const name = recordTitle("contacts", contact);

  const exportData = async () => {
    try {
      const data = must(await api.GET("/api/v1/contacts/{id}/export", { params: { path: { id: contact.id } } }));
      saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }), `contact-${contact.id}.json`);
      toast({ text: t("privacy.exported") });
    } catch (e) {
      toast({ tone: "error", text: t("app.error.generic", { detail: detail(e) }) });
    }
  };

  return (
    <section className={styles.relatedSection} aria-labelledby="privacy-title">
      <div className={styles.relatedHead}>
        <h3 id="privacy-title">{t("privacy.title")}</h3>
      </div>
      <div className={styles.privacyActions}>
        <Button size="small" onClick={() => void exportData()}>
          {t("privacy.export")}
        </Button>
        <Button size="small" onClick={() => setOpen("consents")}>
          {t("privacy.consents")}
        </Button>
        <Button size="small" variant="danger" onClick={() => setOpen("erase")}>
          {t("privacy.erase")}
        </Button>
      </div>
      {open === "consents" && <ConsentsDialog contact={contact} name={name} onClose={() => setOpen(null)} />}
      {open === "erase" && <EraseDialog contact={contact} name={name} onClose={() => setOpen(null)} />}
    </section>
  );
}

function ConsentsDialog({ contact, name, onClose }: { contact: AnyRecord; name: string; onClose: () => void }) {
  const queries = useQueryClient();
  const toast = useToast();
  const key = keys.related("contacts", contact.id, "consents");
  const state = useQuery({
    queryKey: key,
    queryFn: async () => must(await api.GET("/api/v1/contacts/{id}/consents", { params: { path: { id: contact.id } } })),
  });
  const [input, setInput] = useState<ConsentInput>({ channel: "email_marketing", status: "granted", source: "manual", note: "" });
  const record = useMutation({
    mutationFn: async () =>
      must(await api.POST("/api/v1/contacts/{id}/consents", { params: { path: { id: contact.id } }, body: { ...input, note: input.note || null } })),
    onSuccess: () => {
      toast({ text: t("privacy.consents.saved") });
      void queries.invalidateQueries({ queryKey: key });
    },
    onError: (e) => toast({ tone: "error", text: t("app.error.generic", { detail: detail(e) }) }),
  });
  const current = (state.data?.current ?? {}) as Record<string, { status?: string; source?: string; recorded_at?: string } | null>;

  return (
    <Dialog title={t("privacy.consents.title", { name })} onClose={onClose} footer={<Button onClick={onClose}>{t("common.close")}</Button>}>
      <h3>{t("privacy.consents.current")}</h3>
      <dl className={styles.consents}>
        {CHANNELS.map((c) => {
          const s = current[c];
          return (
            <div key={c}>
              <dt>{t(`channel.${c}` as MessageKey)}</dt>
              <dd>
                {s?.status
                  ? `${t(`consent.${s.status}` as MessageKey)} · ${t(`source.${s.source ?? "manual"}` as MessageKey)} · ${formatDateTime(s.recorded_at)}`
                  : t("privacy.consents.none")}
              </dd>
            </div>
          );
        })}
      </dl>
      <form
        className={styles.consentForm}
        onSubmit={(e) => {
          e.preventDefault();
          record.mutate();
        }}
      >
        <h3>{t("privacy.consents.record")}</h3>
        <div className={styles.formRow}>
          <label className={fieldStyles.field}>
            <span className={fieldStyles.label}>{t("privacy.consents.channel")}</span>
            <select className={fieldStyles.input} value={input.channel} onChange={(e) => setInput({ ...input, channel: e.target.value as ConsentInput["channel"] })}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label className={fieldStyles.field}>
            <span className={fieldStyles.label}>{t("privacy.consents.status")}</span>
            <select className={fieldStyles.input} value={input.status} onChange={(e) => setInput({ ...input, status: e.target.value as ConsentInput["status"] })}>
              <option value="granted">{t("consent.granted")}</option>
              <option value="withdrawn">{t("consent.withdrawn")}</option>
            </select>
          </label>
          <label className={fieldStyles.field}>
            <span className={fieldStyles.label}>{t("privacy.consents.source")}</span>
            <select className={fieldStyles.input} value={input.source} onChange={(e) => setInput({ ...input, source: e.target.value as ConsentInput["source"] })}>
              {SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`source.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <TextField label={t("privacy.consents.note")} value={input.note ?? ""} onChange={(e) => setInput({ ...input, note: e.target.value })} />
        <div>
          <Button type="submit" variant="primary" disabled={record.isPending}>
            {t("privacy.consents.save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function EraseDialog({ contact, name, onClose }: { contact: AnyRecord; name: string; onClose: () => void }) {
  const counts = useEraseCounts(contact.id);
  const [typed, setTyped] = useState("");
  const [reason, setReason] = useState("");
  const toast = useToast();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const addresses = [contact.email, ...((contact.emails as string[] | null) ?? []), contact.phone, ...((contact.phones as string[] | null) ?? [])].filter(
    (v): v is string => typeof v === "string" && v !== "",
  );
  const erase = useMutation({
    mutationFn: async () =>
      must(await api.POST("/api/v1/contacts/{id}/erase", { params: { path: { id: contact.id } }, body: reason.trim() ? { reason: reason.trim() } : {} })),
    onSuccess: (tombstone) => {
      // Saved views whose filters named the person lose those conditions (the server counts them):
      // their owners would otherwise wonder why a view shows more than before.
      const views = tombstone.views_changed ?? 0;
      toast({ text: views === 0 ? t("privacy.erase.done") : views === 1 ? t("privacy.erase.viewOne") : t("privacy.erase.viewMany", { n: views }) });
      queries.removeQueries({ queryKey: keys.record("contacts", contact.id) });
      void queries.invalidateQueries({ queryKey: keys.records("contacts") });
      if (views > 0) void queries.invalidateQueries({ queryKey: viewKeys.all });
      navigate("/contacts");
    },
    onError: (e) => toast({ tone: "error", text: t("privacy.erase.failed", { detail: detail(e) }) }),
  });
  const matches = typed.trim() === name.trim();
  return (
    <Dialog
      alert
      title={t("privacy.erase.title", { name })}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="danger" disabled={!matches || erase.isPending} onClick={() => erase.mutate()}>
            {t("privacy.erase.confirm")}
          </Button>
        </>
      }
    >
      <p>{t("privacy.erase.intro")}</p>
      <ul className={styles.eraseList}>
        <li>{t("privacy.erase.name", { name })}</li>
        {addresses.length > 0 && <li>{t("privacy.erase.addresses", { list: addresses.join(", ") })}</li>}
        <li>{counts ? t("privacy.erase.activities", { n: counts.erased, shared: counts.unlinked }) : t("privacy.erase.activitiesUnknown")}</li>
        <li>{t("privacy.erase.mail")}</li>
        <li>{t("privacy.erase.audit")}</li>
      </ul>
      <TextField label={t("privacy.erase.reason")} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      <TextField label={t("privacy.erase.typeName", { name })} value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
    </Dialog>
  );
}
