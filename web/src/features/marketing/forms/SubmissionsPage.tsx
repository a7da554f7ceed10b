// A form's submissions (/marketing/forms/:id/submissions), newest first, a page at a time: when, the
// lead or contact it made or updated (by name, linked), the consents ticked, and where the visit came
// from (UTM source, medium, campaign; the referrer).
import { Link, useParams } from "react-router";
import { t, type MessageKey } from "../../../i18n";
import { formatDateTime, formatNumber } from "../../../i18n/format";
import { useRecordNames } from "../../records/list/data";
import { Badge } from "../../settings/shared/Badge";
import { Loaded } from "../../settings/shared/Loaded";
import { LoadMore } from "../../settings/shared/LoadMore";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../../settings/shared/SettingsTable";
import type { FormSubmission } from "./form";
import { useForm, useSubmissions } from "./queries";
import styles from "../../settings/shared/settings.module.css";

export default function SubmissionsPage() {
  const { id = "" } = useParams();
  const form = useForm(id);
  const pages = useSubmissions(id);
  const rows = (pages.data?.pages ?? []).flatMap((p) => p.data);
  const contacts = useRecordNames("contacts", [rows.filter((s) => s.object_type === "contacts").map((s) => s.record_id)]);
  const leads = useRecordNames("leads", [rows.filter((s) => s.object_type === "leads").map((s) => s.record_id)]);
  const total = pages.data?.pages[0]?.total;
  const back = (
    <Link to={`/marketing/forms/${id}`} className={styles.small}>
      {t("marketingForms.backToForm")}
    </Link>
  );
  const record = (s: FormSubmission) => {
    const name = (s.object_type === "leads" ? leads : contacts).get(s.record_id);
    return <Link to={`/${s.object_type}/${s.record_id}`}>{name ?? t("marketingForms.unnamed")}</Link>;
  };
  const visit = (s: FormSubmission) =>
    [s.utm.source, s.utm.medium, s.utm.campaign].filter(Boolean).join(" · ") || <span className={styles.muted}>{t("marketingForms.direct")}</span>;
  return (
    <SettingsPage
      title={form.data ? t("marketingForms.submissionsOf", { name: form.data.name }) : t("marketingForms.submissions")}
      intro={total === undefined ? undefined : t("marketingForms.submissionsIntro", { n: formatNumber(total) })}
      headerExtra={back}
    >
      <Loaded query={pages}>
        {() => (
          <>
            <SettingsTable
              label={t("marketingForms.submissions")}
              rows={rows}
              rowKey={(s) => s.id}
              empty={{ title: t("marketingForms.noSubmissions.title"), body: t("marketingForms.noSubmissions.body") }}
              columns={[
                { header: t("marketingForms.when"), primary: true, cell: (s) => <NameCell name={formatDateTime(s.submitted_at)} sub={record(s)} /> },
                {
                  header: t("marketingForms.outcome"),
                  cell: (s) =>
                    s.created ? <Badge tone="ok" mark="+">{t("marketingForms.created.badge")}</Badge> : <Badge mark="↻">{t("marketingForms.updated.badge")}</Badge>,
                },
                {
                  header: t("marketingForms.consentsColumn"),
                  cell: (s) =>
                    s.consents.length ? (
                      s.consents.map((c) => (
                        <div key={c.channel} title={c.text}>
                          {t(`marketingForms.channel.${c.channel}` as MessageKey)} <span className={styles.muted}>{t("marketingForms.version", { n: c.version })}</span>
                        </div>
                      ))
                    ) : (
                      <span className={styles.muted}>{t("marketingForms.noConsent")}</span>
                    ),
                },
                { header: t("marketingForms.utm"), cell: visit },
                {
                  header: t("marketingForms.referrer"),
                  cell: (s) => (s.referrer ? <span className={styles.mono} title={s.referrer}>{hostOf(s.referrer)}</span> : <span className={styles.muted}>—</span>),
                },
              ]}
            />
            <LoadMore query={pages} label={t("marketingForms.more")} />
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}

/** A referrer as its host (the whole address in the cell's title). */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
