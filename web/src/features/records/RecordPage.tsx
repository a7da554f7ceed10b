// A record's page: header (name, key fields, actions), fields on the left (grouped, editable in
// place), the timeline with its composer and the field history in the middle, related records on
// the right. On a phone the three columns become tabs. The record is the query
// keys.record(object, id), so a live notice refetches it; open editors keep their input.
import { lazy, Suspense, useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import type { Deal, Lead, ObjectType } from "../../api/types";
import { isAdmin, scopeOf, useMe } from "../../app/session";
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { useToast } from "../../components/Toast";
import { Composer } from "../../components/timeline/Composer";
import { HistoryList } from "../../components/timeline/HistoryList";
import { Timeline } from "../../components/timeline/Timeline";
import type { HistoryFormat } from "../../components/timeline/history";
import { valueText, type ValueContext } from "../../components/fields/values";
import { t } from "../../i18n";
import { objects, recordTitle } from "./objects";
import { ConflictPanel } from "./record/ConflictPanel";
import { FieldsPanel, fieldDisplay } from "./record/FieldsPanel";
import { fieldDef, keyFields } from "./record/fieldDefs";
import { fieldLabel } from "./record/labels";
import { PrivacyActions } from "./record/PrivacyActions";
import { RelatedPanel } from "./record/RelatedPanel";
import {
  deleteRecord,
  hasTimeline,
  restoreRecord,
  restoreVersion,
  useCustomFields,
  useHistory,
  usePipelines,
  useRecord,
  useRecordName,
  useTimeline,
  type AnyRecord,
  type TimelineObject,
} from "./record/recordApi";
import { useFieldSave } from "./record/useFieldSave";
import CreateDialog from "./CreateDialog";
import { RecordFileButton } from "../exports/RecordFiles";
import { EmailOutbox } from "../email/EmailOutbox";
import { recordEmailsKey, type Email } from "../email/queries";
import { MAIL_OBJECTS, type MailObject } from "../email/recipients";
import { replyTo, type ReplyStart } from "../email/threads";
import { UndoMergeDialog } from "../dedupe/UndoMergeDialog";
import { isDedupeObject } from "../dedupe/api";
import styles from "./record/record.module.css";

const DealPanels = lazy(() => import("../sales/DealPanels"));
const SendEmailDialog = lazy(() => import("../email/SendEmailDialog"));
const EmailThreads = lazy(() => import("../email/EmailThreads"));
const LeadActions = lazy(() => import("../sales/LeadActions"));

type Tab = "details" | "timeline" | "related";

export default function RecordPage({ object, id }: { object: ObjectType; id: string }) {
  const record = useRecord(object, id);
  if (record.isPending) {
    return (
      <div className="page-pad">
        <Skeleton lines={8} />
      </div>
    );
  }
  if (record.error) {
    if (isApiError(record.error) && record.error.status === 404) {
      return (
        <EmptyState
          title={t("record.notFound")}
          action={<Link to={objects[object].path}>{t("record.backToList", { plural: objects[object].plural })}</Link>}
        />
      );
    }
    return <ErrorNotice error={record.error} retry={() => void record.refetch()} />;
  }
  return <RecordView object={object} record={record.data} />;
}

function RecordView({ object, record }: { object: ObjectType; record: AnyRecord }) {
  const id = record.id;
  const me = useMe();
  const users = useUserDirectory();
  const company = useRecordName("companies", object !== "companies" ? (record.company_id as string | null) : null);
  const pipelines = usePipelines();
  const custom = useCustomFields(object);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [tab, setTab] = useState<Tab>("details");
  const [middle, setMiddle] = useState<"activity" | "emails" | "history">(hasTimeline(object) ? "activity" : "history");
  const [quickAdd, setQuickAdd] = useState<{ object: ObjectType; initial: Record<string, unknown> } | null>(null);
  const [composing, setComposing] = useState(false);
  // A reply to a thread of the Emails tab (null: a new email).
  const [reply, setReply] = useState<ReplyStart | null>(null);
  const [outbox, setOutbox] = useState<Email[]>([]);

  const labels = useMemo(() => new Map((custom.data ?? []).map((c) => [c.name ?? "", c.label ?? c.name ?? ""])), [custom.data]);
  const { save, startEditing, conflict, reapply, keepTheirs } = useFieldSave(object, id, labels);
  const title = recordTitle(object, record);

  const stageNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of pipelines.data ?? []) for (const s of p.stages ?? []) m.set(s.id, s.name);
    return m;
  }, [pipelines.data]);

  const ctx: ValueContext = {
    userName: (uid) => {
      const u = users.get(uid);
      return u ? u.name || u.email : undefined;
    },
    companyName: (cid) => (company.data && company.data.id === cid ? recordTitle("companies", company.data) : undefined),
    stageName: (sid) => stageNames.get(sid),
    yes: t("common.yes"),
    no: t("common.no"),
  };

  const showValue = (field: string, v: unknown): string => {
    const def = fieldDef(object, field) ?? { name: field, kind: "text" as const };
    return fieldDisplay(def, v, record, ctx);
  };

  const historyFmt: HistoryFormat = {
    label: (f) => fieldLabel(f, labels),
    value: (f, v) => {
      const def = fieldDef(object, f);
      if (!def) return valueText(Array.isArray(v) ? "list" : typeof v === "boolean" ? "bool" : "text", v, ctx);
      return fieldDisplay(def, v, record, ctx);
    },
    actor: (a) => (a ? (ctx.userName?.(a) ?? a) : t("history.system")),
  };

  const history = useHistory(object, id);
  const canUpdate = scopeOf(me, object, "update") !== "none";
  const [restoring, setRestoring] = useState<number | null>(null);
  // Back to an earlier version: a new change (its own history entry), refused with the server's
  // reason and the fields it names when today's rules no longer allow an old value.
  const restoreTo = async (entry: number) => {
    setRestoring(entry);
    try {
      await restoreVersion(object, id, entry, record.version);
      toast({ text: t("history.restoredVersion") });
    } catch (e) {
      const detail = isApiError(e)
        ? [e.problem.detail ?? e.problem.title, ...(e.problem.errors ?? []).map((x) => `${fieldLabel(x.field, labels)} ${x.message}`)].join(". ")
        : t("app.error.network");
      toast({ tone: "error", text: t("history.restoreVersionFailed", { detail }) });
    } finally {
      setRestoring(null);
      void queries.invalidateQueries({ queryKey: keys.record(object, id) });
      void queries.invalidateQueries({ queryKey: keys.related(object, id, "history") });
    }
  };
  // Undo a merge this record survived (its History entry names the merge).
  const [undoing, setUndoing] = useState<string | null>(null);
  const canMerge = isDedupeObject(object) && canUpdate && scopeOf(me, object, "delete") !== "none";
  const mergeUndone = () => {
    toast({ text: t("history.undoneMerge") });
    void queries.invalidateQueries({ queryKey: keys.record(object, id) });
    void queries.invalidateQueries({ queryKey: keys.related(object, id, "history") });
    void queries.invalidateQueries({ queryKey: keys.records(object) });
  };
  const timeline = useTimeline((hasTimeline(object) ? object : "contacts") as TimelineObject, id, hasTimeline(object));
  const timelineItems = hasTimeline(object) ? (timeline.data?.pages.flatMap((p) => p.data) ?? []) : [];

  const canDelete = scopeOf(me, object, "delete") !== "none";
  // Sending logs an email activity on the record: the role must create activities.
  const canEmail = MAIL_OBJECTS.includes(object) && scopeOf(me, "activities", "create") !== "none";
  const hasEmails = MAIL_OBJECTS.includes(object);
  const timelineKey = keys.related(object, id, "timeline");
  const remove = async () => {
    try {
      await deleteRecord(object, id);
    } catch (e) {
      toast({ tone: "error", text: t("record.deleteFailed", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
      return;
    }
    queries.removeQueries({ queryKey: keys.record(object, id) });
    void queries.invalidateQueries({ queryKey: keys.records(object) });
    navigate(objects[object].path);
    toast({
      text: t("record.deleted", { name: title }),
      action: {
        label: t("common.undo"),
        run: () => {
          void restoreRecord(object, id)
            .then(() => {
              void queries.invalidateQueries({ queryKey: keys.records(object) });
              toast({ text: t("record.restored", { name: title }) });
              navigate(`/${object}/${id}`);
            })
            .catch((e: unknown) =>
              toast({ tone: "error", text: t("record.restoreFailed", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) }),
            );
        },
      },
    });
  };

  const headerFields = keyFields[object].filter((f) => f in record && record[f] !== null && record[f] !== "" && record[f] !== undefined);

  return (
    <article className={styles.page} aria-labelledby="record-title">
      <header className={styles.header}>
        <div className={styles.titleBlock}>
          <Link to={objects[object].path} className={styles.crumb}>
            {objects[object].plural}
          </Link>
          <h1 id="record-title" className={styles.title}>
            {title}
          </h1>
          {headerFields.length > 0 && (
            <dl className={styles.keyFields} aria-label={t("record.keyFields")}>
              {headerFields.map((f) => (
                <div key={f}>
                  <dt className="visually-hidden">{fieldLabel(f, labels)}</dt>
                  <dd>{showValue(f, record[f])}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <div className={styles.actions} aria-label={t("record.actions")} role="group">
          {object === "leads" && (
            <Suspense fallback={null}>
              <LeadActions lead={record as unknown as Lead} />
            </Suspense>
          )}
          {canEmail && (
            <Button
              onClick={() => {
                setReply(null);
                setComposing(true);
              }}
            >
              <Icon name="mail" size={16} />
              {t("email.send.open")}
            </Button>
          )}
          <RecordFileButton object={object} record={record} />
          {canDelete && (
            <Button variant="ghost" onClick={() => void remove()}>
              <Icon name="trash" size={16} />
              {t("record.delete")}
            </Button>
          )}
        </div>
      </header>

      {conflict && (
        <ConflictPanel
          conflict={conflict}
          label={fieldLabel(conflict.field, labels)}
          show={(v) => showValue(conflict.field, v)}
          who={conflict.by ? (ctx.userName?.(conflict.by) ?? null) : null}
          otherLabels={conflict.others.map((o) => fieldLabel(o.field, labels))}
          onReapply={() => void reapply()}
          onKeep={keepTheirs}
        />
      )}

      <div role="tablist" aria-label={t("record.tabs")} className={styles.phoneTabs}>
        {(["details", "timeline", "related"] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`col-${k}`}
            className={styles.phoneTab}
            onClick={() => setTab(k)}
          >
            {t(`record.tab.${k}`)}
          </button>
        ))}
      </div>

      <div className={styles.columns}>
        <div id="col-details" className={`${styles.col} ${styles.details} ${tab === "details" ? styles.current : ""}`} aria-label={t("record.fields")} role="region">
          <FieldsPanel object={object} record={record} customFields={custom.data ?? []} ctx={ctx} labels={labels} save={save} startEditing={startEditing} />
        </div>

        <div id="col-timeline" className={`${styles.col} ${styles.middle} ${tab === "timeline" ? styles.current : ""}`} role="region" aria-label={t("record.tab.timeline")}>
          {object === "deals" && (
            <Suspense fallback={null}>
              <DealPanels deal={record as unknown as Deal} />
            </Suspense>
          )}
          {hasTimeline(object) && <Composer object={object} id={id} />}
          <EmailOutbox emails={outbox} timelineKey={timelineKey} onDismiss={(eid) => setOutbox((o) => o.filter((e) => e.id !== eid))} />
          <div className={styles.subTabs} role="tablist" aria-label={t("record.tab.timeline")}>
            {hasTimeline(object) && (
              <button type="button" role="tab" aria-selected={middle === "activity"} className={styles.subTab} onClick={() => setMiddle("activity")}>
                {t("timeline.tab")}
              </button>
            )}
            {hasEmails && (
              <button type="button" role="tab" aria-selected={middle === "emails"} className={styles.subTab} onClick={() => setMiddle("emails")}>
                {t("email.threads.tab")}
              </button>
            )}
            <button type="button" role="tab" aria-selected={middle === "history"} className={styles.subTab} onClick={() => setMiddle("history")}>
              {t("history.title")}
            </button>
          </div>
          {middle === "emails" && hasEmails ? (
            <Suspense fallback={<Skeleton lines={4} />}>
              <EmailThreads
                object={object as MailObject}
                id={id}
                canSend={canEmail}
                onReply={(thread) => {
                  setReply(replyTo(thread, me.email ? [me.email] : []));
                  setComposing(true);
                }}
              />
            </Suspense>
          ) : middle === "activity" && hasTimeline(object) ? (
            <Timeline
              items={timelineItems}
              loading={timeline.isPending}
              error={timeline.error}
              hasMore={!!timeline.hasNextPage}
              loadingMore={timeline.isFetchingNextPage}
              onMore={() => void timeline.fetchNextPage()}
              queryKey={timelineKey}
            />
          ) : (
            <HistoryList
              entries={history.data?.pages.flatMap((p) => p.data) ?? []}
              fmt={historyFmt}
              loading={history.isPending}
              hasMore={!!history.hasNextPage}
              onMore={() => void history.fetchNextPage()}
              onRestore={canUpdate ? (entry) => void restoreTo(entry) : undefined}
              restoring={restoring}
              onUndoMerge={canMerge ? setUndoing : undefined}
            />
          )}
        </div>

        <aside id="col-related" className={`${styles.col} ${styles.related} ${tab === "related" ? styles.current : ""}`} aria-label={t("related.title")}>
          <RelatedPanel object={object} record={record} onQuickAdd={(o, initial) => setQuickAdd({ object: o, initial })} />
          {object === "contacts" && isAdmin(me) && (
            <PrivacyActions contact={record} activityCount={timeline.hasNextPage ? null : timelineItems.length} />
          )}
        </aside>
      </div>

      {composing && (
        <Suspense fallback={null}>
          <SendEmailDialog
            object={object as MailObject}
            record={record}
            reply={reply}
            onClose={() => setComposing(false)}
            onSent={(e) => {
              setOutbox((o) => [e, ...o]);
              void queries.invalidateQueries({ queryKey: recordEmailsKey(object as MailObject, id) });
              // The email is logged on the timeline once sent: show that tab (a reply stays in its thread).
              if (!reply) setMiddle("activity");
              setTab("timeline");
              toast({ text: t("email.send.queued", { to: e.to.join(", ") }) });
            }}
          />
        </Suspense>
      )}
      {undoing && isDedupeObject(object) && (
        <UndoMergeDialog object={object} mergeId={undoing} onClose={() => setUndoing(null)} onUndone={mergeUndone} />
      )}
      {quickAdd && <CreateDialog object={quickAdd.object} initial={quickAdd.initial} onClose={() => setQuickAdd(null)} />}
    </article>
  );
}
