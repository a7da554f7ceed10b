// Log a note, call, task or meeting on the record: pick the type (tabs, or one key from anywhere on
// the page: N, L, T, M), type, Ctrl/Cmd+Enter. A task's due date and a meeting's times come right
// after its subject, so Tab reaches them first; a meeting's end follows its start until one is typed.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { t, type MessageKey } from "../../i18n";
import { Button } from "../Button";
import { KindTabs } from "./KindTabs";
import { useToast } from "../Toast";
import { buildActivity, emptyDraft, KIND_KEYS, withStart, type ActivityInput, type ComposerDraft, type ComposerKind, type LinkObject } from "./composer";
import styles from "./timeline.module.css";

const KINDS: ComposerKind[] = ["note", "call", "task", "meeting"];
const OUTCOMES = ["connected", "no_answer", "left_voicemail", "busy", "wrong_number"] as const;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function Composer({ object, id }: { object: LinkObject; id: string }) {
  const [kind, setKind] = useState<ComposerKind>("note");
  const [draft, setDraft] = useState<ComposerDraft>(emptyDraft);
  const [errors, setErrors] = useState<Partial<Record<keyof ComposerDraft, string>>>({});
  const queries = useQueryClient();
  const toast = useToast();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  // Set once the person types a meeting's end: from then on the start no longer moves it.
  const endTyped = useRef(false);
  // A shortcut picked a type: its first field takes the focus once rendered.
  const [focusFirst, setFocusFirst] = useState(0);

  useEffect(() => {
    if (!focusFirst) return;
    (kind === "task" || kind === "meeting" ? subjectRef.current : textRef.current)?.focus();
  }, [focusFirst, kind]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || e.repeat || isTyping(e.target)) return;
      // Not behind a dialog, nor when the composer is out of sight (a phone's other tab).
      if (document.querySelector('[role="dialog"], [role="alertdialog"]') || !sectionRef.current?.offsetParent) return;
      const k = KINDS.find((x) => KIND_KEYS[x] === e.key.toLowerCase());
      if (!k) return;
      e.preventDefault();
      setKind(k);
      setErrors({});
      setFocusFirst((n) => n + 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const set = <K extends keyof ComposerDraft>(k: K, v: ComposerDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const create = useMutation({
    mutationFn: async (body: ActivityInput) =>
      must(await api.POST("/api/v1/activities", { body: body as never })),
    onSuccess: () => {
      toast({ text: t("composer.saved", { kind: t(`composer.${kind}` as MessageKey) }) });
      setDraft(emptyDraft);
      endTyped.current = false;
      setErrors({});
      void queries.invalidateQueries({ queryKey: keys.related(object, id, "timeline") });
      void queries.invalidateQueries({ queryKey: keys.records("activities") });
      textRef.current?.focus();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 422) {
        const errs: Partial<Record<keyof ComposerDraft, string>> = {};
        for (const fe of e.problem.errors ?? []) {
          const k: keyof ComposerDraft =
            fe.field === "subject" ? "subject" : fe.field === "due_at" ? "due" : fe.field === "starts_at" ? "starts" : fe.field === "ends_at" ? "ends" : fe.field === "location" ? "location" : "text";
          errs[k] = fe.message;
        }
        setErrors(errs);
      } else {
        toast({ tone: "error", text: t("app.error.generic", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
      }
    },
  });

  const submit = () => {
    const r = buildActivity(kind, draft, { object, id });
    if (!r.ok) {
      const errs: Partial<Record<keyof ComposerDraft, string>> = {};
      for (const [k, v] of Object.entries(r.errors)) errs[k as keyof ComposerDraft] = t(`composer.error.${v}` as MessageKey);
      setErrors(errs);
      return;
    }
    create.mutate(r.body);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && isTyping(e.target)) {
      // Esc leaves the field for the type's tab: arrows and the N/L/T/M keys work from there.
      e.preventDefault();
      tabs.current[KINDS.indexOf(kind)]?.focus();
    }
  };

  const err = (k: keyof ComposerDraft) =>
    errors[k] ? (
      <span id={`composer-${k}-err`} className={styles.error} role="alert">
        {errors[k]}
      </span>
    ) : null;
  const inv = (k: keyof ComposerDraft) => (errors[k] ? { "aria-invalid": true, "aria-describedby": `composer-${k}-err` } : {});

  return (
    <section ref={sectionRef} className={styles.composer} aria-label={t("composer.label")} onKeyDown={onKeyDown}>
      <KindTabs
        kinds={KINDS}
        current={kind}
        onPick={(k) => {
          setKind(k);
          setErrors({});
        }}
        label={t("composer.kind")}
        idPrefix="composer-tab"
        panelId="composer-panel"
        shortcut={(k) => KIND_KEYS[k]}
        name={(k) => t(`composer.${k}` as MessageKey)}
        tabs={tabs}
      />
      <div id="composer-panel" role="tabpanel" aria-labelledby={`composer-tab-${kind}`} className={styles.panel}>
        {(kind === "task" || kind === "meeting") && (
          <label className={styles.field}>
            <span className={styles.label}>{t(kind === "task" ? "composer.subject.task" : "composer.subject")}</span>
            <input ref={subjectRef} className={styles.input} value={draft.subject} onChange={(e) => set("subject", e.target.value)} {...inv("subject")} />
            {err("subject")}
          </label>
        )}
        {kind === "task" && (
          <label className={styles.field}>
            <span className={styles.label}>{t("composer.due")}</span>
            <input type="date" className={`${styles.input} ${styles.short}`} value={draft.due} onChange={(e) => set("due", e.target.value)} {...inv("due")} />
            {err("due")}
          </label>
        )}
        {kind === "meeting" && (
          <div className={styles.inline}>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.starts")}</span>
              <input type="datetime-local" className={styles.input} value={draft.starts} onChange={(e) => {
                  const v = e.target.value;
                  setDraft((d) => withStart(d, v, endTyped.current));
                }} {...inv("starts")} />
              {err("starts")}
            </label>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.ends")}</span>
              <input type="datetime-local" className={styles.input} value={draft.ends} onChange={(e) => {
                  endTyped.current = e.target.value !== "";
                  set("ends", e.target.value);
                }} {...inv("ends")} />
              {err("ends")}
            </label>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.location")}</span>
              <input className={styles.input} value={draft.location} onChange={(e) => set("location", e.target.value)} />
            </label>
          </div>
        )}
        <label className={styles.field}>
          <span className="visually-hidden">{t("composer.textLabel")}</span>
          <textarea
            ref={textRef}
            className={styles.textarea}
            rows={kind === "note" || kind === "call" ? 3 : 2}
            placeholder={t(`composer.text.${kind}` as MessageKey)}
            value={draft.text}
            onChange={(e) => set("text", e.target.value)}
            {...inv("text")}
          />
          {err("text")}
        </label>
        {kind === "call" && (
          <div className={styles.inline}>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.direction")}</span>
              <select className={styles.input} value={draft.direction} onChange={(e) => set("direction", e.target.value as ComposerDraft["direction"])}>
                <option value="">{t("composer.any")}</option>
                <option value="outbound">{t("enum.direction.outbound")}</option>
                <option value="inbound">{t("enum.direction.inbound")}</option>
              </select>
            </label>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.outcome")}</span>
              <select className={styles.input} value={draft.outcome} onChange={(e) => set("outcome", e.target.value as ComposerDraft["outcome"])}>
                <option value="">{t("composer.any")}</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`enum.outcome.${o}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label className={styles.field}>
              <span className={styles.label}>{t("composer.minutes")}</span>
              <input className={`${styles.input} ${styles.short}`} inputMode="decimal" value={draft.minutes} onChange={(e) => set("minutes", e.target.value)} {...inv("minutes")} />
              {err("minutes")}
            </label>
          </div>
        )}
        <div className={styles.composerActions}>
          <span className={styles.hint}>{t("composer.keysHint")}</span>
          <span className={styles.hint}>{t("composer.saveHint")}</span>
          <Button variant="primary" size="small" onClick={submit} disabled={create.isPending} aria-keyshortcuts="Control+Enter Meta+Enter">
            {create.isPending ? t("common.saving") : t("composer.save", { kind: t(`composer.${kind}` as MessageKey).toLowerCase() })}
          </Button>
        </div>
      </div>
    </section>
  );
}
