// Reports → Custom reports: the saved reports the user sees (their own, their teams', the
// workspace's) with what each counts, who shares it with whom and when it last changed; open one in
// the editor, or start a new one.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../api/client";
import { isAdmin, useMe } from "../../app/session";
import { useUserDirectory } from "../../app/users";
import { formatDateTime, t } from "../../i18n";
import { objects } from "../records/objects";
import type { ObjectType } from "../../api/types";
import { DeleteConfirm } from "../settings/shared/DeleteConfirm";
import { EditDeleteActions } from "../settings/shared/EditDeleteActions";
import { Loaded } from "../settings/shared/Loaded";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../settings/shared/SettingsTable";
import { analyticsKeys, useSavedReports, useTeams, type SavedReport } from "./api";
import { ReportsNav } from "./ReportsNav";
import styles from "./analytics.module.css";

export function sharingText(item: { visibility: string; team_id: string | null }, teamName: (id: string) => string | undefined): string {
  if (item.visibility === "workspace") return t("analytics.visibility.workspace");
  if (item.visibility === "team") return t("analytics.sharedWith", { team: (item.team_id && teamName(item.team_id)) ?? "…" });
  return t("analytics.visibility.private");
}

export default function SavedReportsPage() {
  const me = useMe();
  const reports = useSavedReports();
  const users = useUserDirectory();
  const teams = useTeams();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<SavedReport | null>(null);
  const add = { label: t("analytics.newReport"), run: () => navigate("/reports/custom/new") };
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name;
  const mayChange = (r: SavedReport) => r.owner_id === me.user_id || (isAdmin(me) && r.visibility !== "private");
  return (
    <SettingsPage title={t("reports.title")} action={add}>
      <div className={styles.stack}>
        <ReportsNav current="custom" />
        <Loaded query={reports}>
          {(all) => (
            <SettingsTable
              label={t("reports.kind.custom")}
              rows={all}
              rowKey={(r) => r.id}
              empty={{ title: t("analytics.empty.title"), body: t("analytics.empty.body"), action: add }}
              columns={[
                { header: t("analytics.name"), primary: true, cell: (r) => <NameCell name={<Link to={`/reports/custom/${r.id}`}>{r.name}</Link>} sub={objects[r.object as ObjectType]?.plural ?? r.object} /> },
                { header: t("analytics.visibility"), cell: (r) => sharingText(r, teamName) },
                { header: t("analytics.owner"), cell: (r) => (r.owner_id === me.user_id ? t("lists.filter.me") : (users.get(r.owner_id)?.name ?? "…")) },
                { header: t("analytics.updated"), cell: (r) => formatDateTime(r.updated_at) },
              ]}
              actions={(r) =>
                mayChange(r) ? (
                  <EditDeleteActions edit={t("analytics.editNamed", { name: r.name })} remove={t("analytics.deleteNamed", { name: r.name })} onEdit={() => navigate(`/reports/custom/${r.id}`)} onDelete={() => setDeleting(r)} />
                ) : null
              }
            />
          )}
        </Loaded>
      </div>
      {deleting && (
        <DeleteConfirm
          title={t("analytics.deleteTitle", { name: deleting.name })}
          confirm={t("analytics.deleteNamed", { name: deleting.name })}
          done={t("analytics.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/saved-reports/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[analyticsKeys.reports]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("analytics.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
