// Marketing → Campaigns: every campaign by name with its subject, status and when it was last
// changed, sent or scheduled; a draft opens in the editor, a campaign on its way or sent opens its
// results. Those who manage audiences create and delete; others read.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { formatDateTime, t } from "../../../i18n";
import { StateBadge } from "../../settings/shared/Badge";
import { DeleteConfirm } from "../../settings/shared/DeleteConfirm";
import { EditDeleteActions } from "../../settings/shared/EditDeleteActions";
import { Loaded } from "../../settings/shared/Loaded";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../../settings/shared/SettingsTable";
import { managesAudiences } from "../api";
import { STATUS_BADGES, type Campaign } from "./campaign";
import { campaignKeys, useCampaigns } from "./queries";
import styles from "../../settings/shared/settings.module.css";

/** Where a campaign opens: a draft in its editor, the others on their results. */
export const campaignPath = (c: Campaign) => (c.status === "draft" ? `/marketing/campaigns/${c.id}` : `/marketing/campaigns/${c.id}/results`);

function when(c: Campaign): string {
  if (c.status === "sent" && c.finished_at) return t("marketingCampaigns.when.sent", { at: formatDateTime(c.finished_at) });
  if (c.status === "scheduled" && c.scheduled_at) return t("marketingCampaigns.when.scheduled", { at: formatDateTime(c.scheduled_at) });
  if (c.status === "draft") return t("marketingCampaigns.when.edited", { at: formatDateTime(c.updated_at) });
  return t("marketingCampaigns.when.started", { at: formatDateTime(c.scheduled_at ?? c.updated_at) });
}

export default function CampaignsPage() {
  const me = useMe();
  const manager = managesAudiences(me);
  const campaigns = useCampaigns();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<Campaign | null>(null);
  const add = manager ? { label: t("marketingCampaigns.add"), run: () => navigate("new") } : undefined;
  return (
    <SettingsPage title={t("marketingCampaigns.title")} intro={t("marketingCampaigns.intro")} {...(add ? { action: add } : {})}>
      <Loaded query={campaigns}>
        {(all) => (
          <SettingsTable
            label={t("marketingCampaigns.title")}
            rows={all}
            rowKey={(c) => c.id}
            empty={{ title: t("marketingCampaigns.empty.title"), body: t(manager ? "marketingCampaigns.empty.body" : "marketingCampaigns.empty.bodyReader"), ...(add ? { action: add } : {}) }}
            columns={[
              {
                header: t("marketingCampaigns.name"),
                primary: true,
                cell: (c) => <NameCell name={<Link to={campaignPath(c)}>{c.name}</Link>} sub={c.subject || <span className={styles.muted}>{t("marketingCampaigns.noSubject")}</span>} />,
              },
              { header: t("marketingCampaigns.status"), cell: (c) => <StateBadge state={STATUS_BADGES[c.status]} /> },
              { header: t("marketingCampaigns.when"), cell: when },
              {
                header: t("marketingCampaigns.results"),
                cell: (c) => (c.status === "draft" ? <span className={styles.muted}>—</span> : <Link to={`${c.id}/results`}>{t("marketingCampaigns.seeResults")}</Link>),
              },
            ]}
            {...(manager
              ? {
                  // Only a draft changes; a campaign on its way or sent has its results instead.
                  actions: (c: Campaign) =>
                    c.status === "draft" ? (
                      <EditDeleteActions
                        edit={t("marketingCampaigns.editNamed", { name: c.name })}
                        remove={t("marketingCampaigns.deleteNamed", { name: c.name })}
                        onEdit={() => navigate(campaignPath(c))}
                        onDelete={() => setDeleting(c)}
                      />
                    ) : (
                      <Button size="small" variant="danger" onClick={() => setDeleting(c)} aria-label={t("marketingCampaigns.deleteNamed", { name: c.name })}>
                        {t("common.delete")}
                      </Button>
                    ),
                }
              : {})}
          />
        )}
      </Loaded>
      {deleting && (
        <DeleteConfirm
          title={t("marketingCampaigns.deleteTitle", { name: deleting.name })}
          confirm={t("marketingCampaigns.deleteNamed", { name: deleting.name })}
          done={t("marketingCampaigns.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/campaigns/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[campaignKeys.all]}
          onClose={() => setDeleting(null)}
        >
          <p>{t(deleting.status === "draft" ? "marketingCampaigns.deleteDraftText" : "marketingCampaigns.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
