// Beside the conversation: who asked (their card, with their company), their other tickets, their
// deals and their timeline — what an agent checks before answering. A ticket without a requester
// offers to set one.
import { useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { keys } from "../../api/keys";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { RecordPicker } from "../../components/fields/RecordPicker";
import type { SaveOutcome } from "../../components/fields/InlineField";
import { Skeleton } from "../../components/Skeleton";
import { Timeline } from "../../components/timeline/Timeline";
import { formatMoney, formatRelative, t } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { listRecords } from "../records/record/listApi";
import { useRecordName, useTimeline, type AnyRecord } from "../records/record/recordApi";
import { StatusBadge } from "./badges";
import { contactSearchKey, searchContacts } from "./contacts";
import styles from "./support.module.css";

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `customer-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section className={styles.side} aria-labelledby={id}>
      <h2 id={id} className={styles.sideTitle}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export interface CustomerPanelProps {
  ticket: AnyRecord;
  requester: AnyRecord | undefined;
  mayChange: boolean;
  save: (field: string, value: unknown, base: unknown) => Promise<SaveOutcome>;
  startEditing: (field: string) => void;
}

export function CustomerPanel({ ticket, requester, mayChange, save, startEditing }: CustomerPanelProps) {
  const me = useMe();
  const requesterId = typeof ticket.requester_id === "string" ? ticket.requester_id : null;
  const [changing, setChanging] = useState(false);
  const company = useRecordName("companies", (requester?.company_id as string | null | undefined) ?? null);
  const others = useQuery({
    queryKey: keys.related("tickets", ticket.id, `requester:${requesterId}`),
    queryFn: () => listRecords("tickets", { requester_id: { eq: requesterId ?? "" }, id: { ne: ticket.id } }, 10, "-number"),
    enabled: !!requesterId,
  });
  const canDeals = scopeOf(me, "deals", "read") !== "none";
  const deals = useQuery({
    queryKey: keys.related("tickets", ticket.id, `deals:${requesterId}`),
    queryFn: () => listRecords("deals", { contact_id: { eq: requesterId ?? "" } }, 10),
    enabled: !!requesterId && canDeals,
  });
  const timeline = useTimeline("contacts", requesterId ?? "", !!requesterId);

  const picker = (
    <RecordPicker
      label={t("support.field.requester_id")}
      value={requesterId}
      initialName=""
      autoFocus={changing}
      onChange={(id) => {
        if (!id || id === requesterId) return;
        startEditing("requester_id");
        void save("requester_id", id, requesterId).then(() => setChanging(false));
      }}
      search={searchContacts}
      queryKey={contactSearchKey}
      placeholder={t("support.requester.search")}
      noMatch={(q) => (q ? t("support.requester.noMatch", { text: q }) : t("support.requester.type"))}
    />
  );

  if (!requesterId) {
    return (
      <Section title={t("support.requester")}>
        <p className={styles.muted}>{t("support.requester.none")}</p>
        {mayChange && picker}
      </Section>
    );
  }

  const email = typeof requester?.email === "string" ? requester.email : null;
  const phone = typeof requester?.phone === "string" ? requester.phone : null;
  return (
    <>
      <Section title={t("support.requester")}>
        {!requester ? (
          <Skeleton lines={3} />
        ) : (
          <div className={styles.card}>
            <Link to={recordPath("contacts", requesterId)} className={styles.cardName}>
              {recordTitle("contacts", requester)}
            </Link>
            {typeof requester.job_title === "string" && requester.job_title && <span className={styles.muted}>{requester.job_title}</span>}
            {company.data && (
              <Link to={recordPath("companies", company.data.id)} className={styles.cardLine}>
                {recordTitle("companies", company.data)}
              </Link>
            )}
            {email && (
              <a href={`mailto:${email}`} className={styles.cardLine}>
                {email}
              </a>
            )}
            {phone && (
              <a href={`tel:${phone.replace(/[^\d+]/g, "")}`} className={styles.cardLine}>
                {phone}
              </a>
            )}
          </div>
        )}
        {mayChange &&
          (changing ? (
            picker
          ) : (
            <Button size="small" variant="ghost" className={styles.sideAction} onClick={() => setChanging(true)}>
              {t("support.requester.change")}
            </Button>
          ))}
      </Section>
      <Section title={t("support.otherTickets")}>
        {others.isPending ? (
          <Skeleton lines={2} />
        ) : !others.data?.data.length ? (
          <p className={styles.muted}>{t("support.otherTickets.none")}</p>
        ) : (
          <ul className={styles.sideList}>
            {others.data.data.map((o) => (
              <li key={o.id}>
                <Link to={recordPath("tickets", o.id)} className={styles.sideLink}>
                  <span>{recordTitle("tickets", o)}</span>
                  <span className={styles.sideMeta}>
                    <StatusBadge status={String(o.status ?? "new")} /> {formatRelative(String(o.updated_at ?? ""))}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {canDeals && (
        <Section title={t("related.deals")}>
          {deals.isPending ? (
            <Skeleton lines={2} />
          ) : !deals.data?.data.length ? (
            <p className={styles.muted}>{t("related.noDeals")}</p>
          ) : (
            <ul className={styles.sideList}>
              {deals.data.data.map((d) => (
                <li key={d.id}>
                  <Link to={recordPath("deals", d.id)} className={styles.sideLink}>
                    <span>{recordTitle("deals", d)}</span>
                    {typeof d.amount === "number" && <span className={styles.sideMeta}>{formatMoney(d.amount, (d.currency as string | null) ?? null)}</span>}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      <Section title={t("support.timeline")}>
        {timeline.isSuccess && !timeline.data.pages[0]?.data.length ? (
          <p className={styles.muted}>{t("support.timeline.empty")}</p>
        ) : (
          <Timeline
            items={timeline.data?.pages.flatMap((p) => p.data) ?? []}
            loading={timeline.isPending}
            error={timeline.error}
            hasMore={!!timeline.hasNextPage}
            loadingMore={timeline.isFetchingNextPage}
            onMore={() => void timeline.fetchNextPage()}
            queryKey={keys.related("contacts", requesterId, "timeline")}
          />
        )}
      </Section>
    </>
  );
}
