// A ticket's page (/tickets/:id): the header (#number and subject, the working fields saved as
// they change, the SLA counting down, a follow-up for a closed ticket), the conversation with its
// composer, and the customer beside it (card, other tickets, deals, timeline). On a phone the two
// columns become tabs. The ticket is the query keys.record("tickets", id): live notices refetch it.
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { useToast } from "../../components/Toast";
import { formatDateTime, formatRelative, t, type MessageKey } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { ConflictPanel } from "../records/record/ConflictPanel";
import { useFieldRules } from "../records/record/FieldsPanel";
import { useRecord, useRecordName, type AnyRecord } from "../records/record/recordApi";
import { useFieldSave } from "../records/record/useFieldSave";
import { useTeams } from "../settings/shared/queries";
import { followUp, useMessages, useSupportFeatures } from "./api";
import { priorityLabel, statusLabel } from "./badges";
import { Conversation } from "./Conversation";
import { CustomerPanel } from "./CustomerPanel";
import { MacroPicker } from "./MacroPicker";
import { Properties } from "./Properties";
import { SlaBadges } from "./SlaBadge";
import { TicketComposer } from "./TicketComposer";
import recordStyles from "../records/record/record.module.css";
import styles from "./support.module.css";

export default function TicketPage({ id }: { id: string }) {
  const ticket = useRecord("tickets", id);
  if (ticket.isPending) {
    return (
      <div className="page-pad">
        <Skeleton lines={8} />
      </div>
    );
  }
  if (ticket.error) {
    if (isApiError(ticket.error) && ticket.error.status === 404) {
      return <EmptyState title={t("support.notFound")} action={<Link to="/tickets">{t("support.backToInbox")}</Link>} />;
    }
    return <ErrorNotice error={ticket.error} retry={() => void ticket.refetch()} />;
  }
  return <TicketView ticket={ticket.data} />;
}

const noLabels = new Map<string, string>();

function TicketView({ ticket }: { ticket: AnyRecord }) {
  const id = ticket.id;
  const features = useSupportFeatures();
  const users = useUserDirectory();
  const teams = useTeams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const [tab, setTab] = useState<"conversation" | "customer">("conversation");
  const { save, startEditing, conflict, reapply, keepTheirs } = useFieldSave("tickets", id, noLabels);
  const rules = useFieldRules("tickets", ticket);
  const requesterId = typeof ticket.requester_id === "string" ? ticket.requester_id : null;
  const requester = useRecordName("contacts", requesterId);
  const requesterName = requester.data ? recordTitle("contacts", requester.data) : null;
  const messages = useMessages(id);
  const shown = messages.data?.pages.flatMap((p) => p.data);
  // The newest message on screen, for the composer's collision check (undefined until loaded).
  const newestSeen = shown ? (shown[shown.length - 1]?.id ?? null) : undefined;
  const status = String(ticket.status ?? "new");
  const closed = status === "closed";
  const teamName = useMemo(() => new Map((teams.data ?? []).map((x) => [x.id, x.name])), [teams.data]);

  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return t("common.none");
    const s = String(v);
    if (field === "status") return statusLabel(s);
    if (field === "priority") return priorityLabel(s);
    if (field === "assignee_id") return users.get(s)?.name || users.get(s)?.email || s;
    if (field === "team_id") return teamName.get(s) ?? s;
    return s;
  };
  const label = (field: string) => t(`support.field.${field}` as MessageKey) ?? field;

  const startFollowUp = async () => {
    try {
      const created = await followUp(id);
      void queries.invalidateQueries({ queryKey: keys.records("tickets") });
      toast({ text: t("support.followUp.created", { number: String(created.number ?? "") }) });
      navigate(recordPath("tickets", created.id));
    } catch (e) {
      toast({ tone: "error", text: t("support.followUp.failed", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
    }
  };

  const email = requester.data && typeof requester.data.email === "string" ? requester.data.email : null;
  const created = String(ticket.created_at ?? "");
  const channel = typeof ticket.channel === "string" ? ticket.channel : null;
  const followed = typeof ticket.follow_up_of === "string" ? ticket.follow_up_of : null;

  return (
    <article className={`${recordStyles.page} ${styles.ticketPage}`} aria-labelledby="ticket-title">
      <header className={styles.ticketHeader}>
        <div className={styles.ticketTitleRow}>
          <div className={recordStyles.titleBlock}>
            <Link to="/tickets" className={recordStyles.crumb}>
              {t("support.title")}
            </Link>
            <h1 id="ticket-title" className={styles.ticketTitle}>
              <span className={styles.number}>#{String(ticket.number ?? "")}</span> {String(ticket.subject ?? "")}
            </h1>
            <p className={styles.muted}>
              <span title={formatDateTime(created)}>{t("support.opened", { when: formatRelative(created) })}</span>
              {requesterName && <> · {t("support.by", { name: requesterName })}</>}
              {channel && <> · {t("support.via", { channel: t(`enum.channel.${channel}` as MessageKey) ?? channel })}</>}
              {followed && (
                <>
                  {" · "}
                  <Link to={recordPath("tickets", followed)}>{t("support.followUpOf")}</Link>
                </>
              )}
            </p>
          </div>
          {closed && (
            <div className={recordStyles.actions}>
              <Button variant="primary" onClick={() => void startFollowUp()}>
                <Icon name="plus" size={16} />
                {t("support.followUp")}
              </Button>
            </div>
          )}
        </div>
        <Properties ticket={ticket} save={save} startEditing={startEditing} />
        {features.sla && <SlaBadges ticket={ticket} />}
      </header>

      {conflict && (
        <ConflictPanel
          conflict={conflict}
          label={label(conflict.field)}
          show={(v) => show(conflict.field, v)}
          who={conflict.by ? (users.get(conflict.by)?.name ?? null) : null}
          otherLabels={conflict.others.map((o) => label(o.field))}
          onReapply={() => void reapply()}
          onKeep={keepTheirs}
        />
      )}

      <div role="tablist" aria-label={t("record.tabs")} className={recordStyles.phoneTabs}>
        {(["conversation", "customer"] as const).map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} aria-controls={`ticket-col-${k}`} className={recordStyles.phoneTab} onClick={() => setTab(k)}>
            {t(`support.tab.${k}`)}
          </button>
        ))}
      </div>

      <div className={styles.ticketColumns}>
        <div id="ticket-col-conversation" role="region" aria-label={t("support.conversation")} className={`${styles.ticketMain} ${tab === "conversation" ? styles.current : ""}`}>
          <Conversation
            opening={typeof ticket.description === "string" && ticket.description ? { body: ticket.description, at: created } : null}
            requesterName={requesterName}
            messages={shown ?? []}
            loading={messages.isPending}
            failed={messages.isError}
            hasMore={!!messages.hasNextPage}
            onMore={() => void messages.fetchNextPage()}
          />
          {closed ? (
            <div className={styles.closedNotice} role="note">
              <Icon name="lock" size={16} />
              <p>{t("support.closed.body")}</p>
              <Button onClick={() => void startFollowUp()}>{t("support.followUp")}</Button>
            </div>
          ) : rules.mayUpdate ? (
            <TicketComposer
              ticketId={id}
              status={status}
              requesterEmail={email}
              hasRequester={!!requesterId}
              saveStatus={(s) => {
                startEditing("status");
                return save("status", s, ticket.status ?? null);
              }}
              tools={features.macros ? <MacroPicker ticketId={id} version={ticket.version} /> : null}
              newestSeen={newestSeen}
            />
          ) : (
            <p className={styles.muted}>{t("support.readOnly")}</p>
          )}
        </div>
        <aside id="ticket-col-customer" aria-label={t("support.customer")} className={`${styles.ticketSide} ${tab === "customer" ? styles.current : ""}`}>
          <CustomerPanel ticket={ticket} requester={requester.data} mayChange={rules.mayUpdate && !rules.readOnly("requester_id")} save={save} startEditing={startEditing} />
        </aside>
      </div>
    </article>
  );
}
