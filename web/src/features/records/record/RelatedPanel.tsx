// Related records on the right: a company's contacts, deals and tickets, a contact's company, deals
// and tickets (as requester), a deal's company and contacts, what a lead became, an activity's
// linked records. Each list has a
// quick add that opens the create dialog prefilled with the link.
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { keys } from "../../../api/keys";
import type { ObjectType } from "../../../api/types";
import { scopeOf, useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { Skeleton } from "../../../components/Skeleton";
import { formatMoney, t } from "../../../i18n";
import { statusLabel } from "../../support/badges";
import { objects, recordPath, recordTitle } from "../objects";
import { listRecords, type Filter } from "./listApi";
import { useRecordName, type AnyRecord } from "./recordApi";
import styles from "./record.module.css";

export type QuickAdd = (object: ObjectType, initial: Record<string, unknown>) => void;

const LIMIT = 20;

function useRelated(owner: ObjectType, id: string, object: ObjectType, filter: Filter | null, what: string, sort?: string) {
  return useQuery({
    queryKey: keys.related(owner, id, `${what}:${JSON.stringify(filter)}`),
    queryFn: () => listRecords(object, filter ?? {}, LIMIT, sort),
    enabled: filter !== null,
  });
}

function Section({ title, count, action, children }: { title: string; count?: number | undefined; action?: ReactNode; children: ReactNode }) {
  const slug = title.toLowerCase().replace(/\W+/g, "-");
  return (
    <section className={styles.relatedSection} aria-labelledby={`rel-${slug}`}>
      <div className={styles.relatedHead}>
        <h3 id={`rel-${slug}`}>
          {title}
          {count !== undefined && <span className={styles.count}> {count}</span>}
        </h3>
        {action}
      </div>
      {children}
    </section>
  );
}

function RecordList({
  object,
  rows,
  empty,
  more,
  failed,
}: {
  object: ObjectType;
  rows: AnyRecord[] | undefined;
  empty: string;
  more?: boolean | undefined;
  failed?: boolean | undefined;
}) {
  if (failed) return <p className={styles.muted}>{t("related.failed")}</p>;
  if (!rows) return <Skeleton lines={2} />;
  if (!rows.length) return <p className={styles.muted}>{empty}</p>;
  return (
    <>
      <ul className={styles.relatedList}>
        {rows.map((r) => (
          <li key={r.id}>
            <Link to={recordPath(object, r.id)} className={styles.relatedLink}>
              <span className={styles.relatedName}>{recordTitle(object, r)}</span>
              <span className={styles.relatedMeta}>{meta(object, r)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {more && <p className={styles.muted}>{t("related.more", { n: rows.length })}</p>}
    </>
  );
}

function meta(object: ObjectType, r: AnyRecord): string {
  if (object === "contacts") return String(r.job_title ?? r.email ?? "");
  if (object === "deals") return formatMoney(r.amount as number | null, r.currency as string | null);
  if (object === "companies") return String(r.domain ?? r.city ?? "");
  if (object === "tickets") return statusLabel(String(r.status ?? "new"));
  return "";
}

function AddButton({ object, onClick }: { object: ObjectType; onClick: () => void }) {
  const me = useMe();
  if (scopeOf(me, object, "create") === "none") return null;
  return (
    <Button size="small" variant="ghost" onClick={onClick} aria-label={t("related.add", { what: objects[object].singular.toLowerCase() })}>
      <Icon name="plus" size={14} />
    </Button>
  );
}

function CompanyLink({ id }: { id: string | null | undefined }) {
  const company = useRecordName("companies", id);
  if (!id) return <p className={styles.muted}>{t("related.noCompany")}</p>;
  if (!company.data) return <Skeleton lines={1} />;
  return (
    <ul className={styles.relatedList}>
      <li>
        <Link to={recordPath("companies", id)} className={styles.relatedLink}>
          <span className={styles.relatedName}>{recordTitle("companies", company.data)}</span>
          <span className={styles.relatedMeta}>{meta("companies", company.data)}</span>
        </Link>
      </li>
    </ul>
  );
}

export function RelatedPanel({ object, record, onQuickAdd }: { object: ObjectType; record: AnyRecord; onQuickAdd: QuickAdd }) {
  const id = record.id;
  const companyId = (record.company_id as string | null | undefined) ?? null;
  const dealContacts = ((record.contacts as { contact_id: string }[] | undefined) ?? []).map((c) => c.contact_id);
  const ids = (k: string) => ((record[k] as string[] | undefined) ?? []).filter(Boolean);

  const companyContacts = useRelated(object, id, "contacts", object === "companies" ? { company_id: { eq: id } } : null, "contacts");
  const companyDeals = useRelated(object, id, "deals", object === "companies" ? { company_id: { eq: id } } : null, "deals");
  // The deals the contact takes part in (any role), whichever company they belong to.
  const contactDeals = useRelated(object, id, "deals", object === "contacts" ? { contact_id: { eq: id } } : null, "deals-of-contact");
  const dealPeople = useRelated(
    object,
    id,
    "contacts",
    object === "deals" && dealContacts.length ? { id: { in: dealContacts.slice(0, 100).join(",") } } : object === "activities" && ids("contact_ids").length ? { id: { in: ids("contact_ids").join(",") } } : null,
    "people",
  );
  // Tickets, newest first, for someone who may read them (a contact's as requester, a company's).
  const me = useMe();
  const readsTickets = scopeOf(me, "tickets", "read") !== "none";
  const tickets = useRelated(
    object,
    id,
    "tickets",
    readsTickets && object === "contacts" ? { requester_id: { eq: id } } : readsTickets && object === "companies" ? { company_id: { eq: id } } : null,
    "tickets",
    "-created_at",
  );
  const ticketsSection = readsTickets && (
    <Section title={t("related.tickets")}>
      <RecordList object="tickets" failed={tickets.isError} rows={tickets.data?.data} more={tickets.data?.more} empty={t("related.noTickets")} />
    </Section>
  );
  const activityCompanies = useRelated(object, id, "companies", object === "activities" && ids("company_ids").length ? { id: { in: ids("company_ids").join(",") } } : null, "companies");

  const addContact = () => onQuickAdd("contacts", { company_id: companyId ?? (object === "companies" ? id : null) });
  const addDeal = () =>
    onQuickAdd("deals", {
      company_id: object === "companies" ? id : companyId,
      ...(object === "contacts" ? { contacts: [{ contact_id: id }] } : {}),
    });

  switch (object) {
    case "companies":
      return (
        <>
          <Section title={t("related.contacts")} action={<AddButton object="contacts" onClick={addContact} />}>
            <RecordList object="contacts" failed={companyContacts.isError} rows={companyContacts.data?.data} more={companyContacts.data?.more} empty={t("related.noContacts")} />
          </Section>
          <Section title={t("related.deals")} action={<AddButton object="deals" onClick={addDeal} />}>
            <RecordList object="deals" failed={companyDeals.isError} rows={companyDeals.data?.data} more={companyDeals.data?.more} empty={t("related.noDeals")} />
          </Section>
          {ticketsSection}
        </>
      );
    case "contacts":
      return (
        <>
          <Section title={t("related.company")}>
            <CompanyLink id={companyId} />
          </Section>
          <Section title={t("related.deals")} action={<AddButton object="deals" onClick={addDeal} />}>
            <RecordList object="deals" failed={contactDeals.isError} rows={contactDeals.data?.data} more={contactDeals.data?.more} empty={t("related.noDeals")} />
          </Section>
          {ticketsSection}
        </>
      );
    case "deals":
      return (
        <>
          <Section title={t("related.company")}>
            <CompanyLink id={companyId} />
          </Section>
          <Section title={t("related.contacts")}>
            <RecordList object="contacts" failed={dealPeople.isError} rows={dealContacts.length ? dealPeople.data?.data : []} empty={t("related.noContacts")} />
          </Section>
        </>
      );
    case "leads": {
      const links = (
        [
          ["contacts", record.converted_contact_id],
          ["companies", record.converted_company_id],
          ["deals", record.converted_deal_id],
        ] as const
      ).filter(([, v]) => typeof v === "string" && v);
      if (!links.length) return null;
      return (
        <Section title={t("related.converted")}>
          <ul className={styles.relatedList}>
            {links.map(([o, v]) => (
              <li key={o}>
                <Link className={styles.relatedLink} to={recordPath(o, String(v))}>
                  <span className={styles.relatedName}>{objects[o].singular}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      );
    }
    case "activities":
      return (
        <>
          <Section title={t("related.contacts")}>
            <RecordList object="contacts" rows={ids("contact_ids").length ? dealPeople.data?.data : []} empty={t("related.noContacts")} />
          </Section>
          {ids("company_ids").length > 0 && (
            <Section title={t("related.company")}>
              <RecordList object="companies" rows={activityCompanies.data?.data} empty={t("related.noCompany")} />
            </Section>
          )}
        </>
      );
    default:
      return null;
  }
}
