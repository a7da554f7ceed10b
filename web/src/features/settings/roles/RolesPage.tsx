// Roles: the built-in ones (read-only, can be duplicated) and the workspace's custom roles, each
// opening the object × action matrix editor.
import { Link, useNavigate } from "react-router";
import { Button } from "../../../components/Button";
import { useUsers } from "../../../app/users";
import { t } from "../../../i18n";
import { Badge } from "../shared/Badge";
import { Loaded } from "../shared/Loaded";
import { useRoles } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { SettingsTable } from "../shared/SettingsTable";
import styles from "../shared/settings.module.css";

const rolePath = (name: string) => `/settings/roles/${encodeURIComponent(name)}`;

export default function RolesPage() {
  const roles = useRoles();
  const users = useUsers();
  const navigate = useNavigate();
  const holders = (name: string) => (users.data ?? []).filter((u) => u.role === name && u.active).length;
  return (
    <SettingsPage title={t("roles.title")} intro={t("roles.intro")} action={{ label: t("roles.add"), run: () => navigate("/settings/roles/new") }}>
      <Loaded query={roles} lines={6}>
        {(list) => (
          <SettingsTable
            label={t("roles.title")}
            rows={list}
            rowKey={(r) => r.name}
            columns={[
              {
                header: t("roles.label"),
                primary: true,
                cell: (r) => (
                  <>
                    <Link to={rolePath(r.name)} className={styles.name}>
                      {r.label}
                    </Link>
                    {r.description && <div className={`${styles.muted} ${styles.small}`}>{r.description}</div>}
                  </>
                ),
              },
              {
                header: t("roles.kind"),
                cell: (r) => (
                  <>
                    {r.builtin ? <Badge>{t("roles.builtin")}</Badge> : <Badge tone="accent">{t("roles.custom")}</Badge>}{" "}
                    {r.admin && <Badge tone="warn">{t("roles.admin")}</Badge>}
                  </>
                ),
              },
              { header: t("roles.users"), numeric: true, cell: (r) => holders(r.name) },
            ]}
            actions={(r) =>
              r.builtin ? (
                <Button size="small" onClick={() => navigate(`/settings/roles/new?from=${encodeURIComponent(r.name)}`)} aria-label={t("roles.duplicateNamed", { name: r.label })}>
                  {t("roles.duplicate")}
                </Button>
              ) : (
                <Button size="small" onClick={() => navigate(rolePath(r.name))} aria-label={t("roles.editNamed", { name: r.label })}>
                  {t("common.edit")}
                </Button>
              )
            }
          />
        )}
      </Loaded>
    </SettingsPage>
  );
}
