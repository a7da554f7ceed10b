// Reports → Dashboards: the dashboards the user sees, and a new one (its name and with whom it is
// shared; its widgets are added on its own page, which opens in edit mode).
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { isApiError } from "../../api/problem";
import { isAdmin, useMe } from "../../app/session";
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { fieldStyles } from "../../components/Field";
import { formatDateTime, t } from "../../i18n";
import { DeleteConfirm } from "../settings/shared/DeleteConfirm";
import { EditDeleteActions } from "../settings/shared/EditDeleteActions";
import { Loaded } from "../settings/shared/Loaded";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../settings/shared/SettingsTable";
import { analyticsKeys, useDashboards, useTeams, type Dashboard, type Visibility } from "./api";
import { ReportsNav } from "./ReportsNav";
import { sharingText } from "./SavedReportsPage";
import { SharingFields } from "./SharingFields";
import styles from "./analytics.module.css";

export default function DashboardsPage() {
  const me = useMe();
  const dashboards = useDashboards();
  const users = useUserDirectory();
  const teams = useTeams();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Dashboard | null>(null);
  const add = { label: t("analytics.newDashboard"), run: () => setCreating(true) };
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name;
  const mayChange = (d: Dashboard) => d.owner_id === me.user_id || (isAdmin(me) && d.visibility !== "private");
  return (
    <SettingsPage title={t("reports.title")} action={add}>
      <div className={styles.stack}>
        <ReportsNav current="dashboards" />
        <Loaded query={dashboards}>
          {(all) => (
            <SettingsTable
              label={t("reports.kind.dashboards")}
              rows={all}
              rowKey={(d) => d.id}
              empty={{ title: t("analytics.dashboards.empty.title"), body: t("analytics.dashboards.empty.body"), action: add }}
              columns={[
                { header: t("analytics.name"), primary: true, cell: (d) => <NameCell name={<Link to={`/reports/dashboards/${d.id}`}>{d.name}</Link>} sub={t("analytics.widgetCount", { n: d.widgets.length })} /> },
                { header: t("analytics.visibility"), cell: (d) => sharingText(d, teamName) },
                { header: t("analytics.owner"), cell: (d) => (d.owner_id === me.user_id ? t("lists.filter.me") : (users.get(d.owner_id)?.name ?? "…")) },
                { header: t("analytics.updated"), cell: (d) => formatDateTime(d.updated_at) },
              ]}
              actions={(d) =>
                mayChange(d) ? (
                  <EditDeleteActions edit={t("analytics.editNamed", { name: d.name })} remove={t("analytics.deleteNamed", { name: d.name })} onEdit={() => navigate(`/reports/dashboards/${d.id}?edit=1`)} onDelete={() => setDeleting(d)} />
                ) : null
              }
            />
          )}
        </Loaded>
      </div>
      {creating && <NewDashboardDialog onClose={() => setCreating(false)} />}
      {deleting && (
        <DeleteConfirm
          title={t("analytics.deleteDashboardTitle", { name: deleting.name })}
          confirm={t("analytics.deleteNamed", { name: deleting.name })}
          done={t("analytics.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/dashboards/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[analyticsKeys.dashboards]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("analytics.deleteDashboardText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}

function NewDashboardDialog({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [teamId, setTeamId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function create() {
    if (!name.trim()) return setError(t("analytics.nameNeeded"));
    setBusy(true);
    try {
      const d = must(await api.POST("/api/v1/dashboards", { body: { name: name.trim(), visibility, team_id: visibility === "team" ? teamId || null : null, widgets: [] } }));
      void queries.invalidateQueries({ queryKey: analyticsKeys.dashboards });
      navigate(`/reports/dashboards/${d.id}?edit=1`);
    } catch (e) {
      setError(isApiError(e) ? (e.problem.errors?.[0]?.message ?? e.problem.detail ?? e.problem.title) : t("app.error.network"));
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={t("analytics.newDashboard")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" type="submit" form="new-dashboard" disabled={busy}>
            {t("analytics.create")}
          </Button>
        </>
      }
    >
      <form id="new-dashboard" className={styles.dialogForm} onSubmit={(e) => (e.preventDefault(), void create())}>
        <div className={styles.field}>
          <label htmlFor="dashboard-name">{t("analytics.name")}</label>
          <input id="dashboard-name" className={fieldStyles.input} value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} aria-invalid={error ? true : undefined} />
        </div>
        <SharingFields visibility={visibility} teamId={teamId} onVisibility={setVisibility} onTeam={setTeamId} />
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
