// Roles: the built-in ones (read-only, can be duplicated) and the workspace's custom roles, each
// opening the object × action matrix editor.
import { Link, useNavigate } from "react-router";
import { Button } from "../../../components/Button";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useUsers } from "../../../app/users";
import { t } from "../../../i18n";
import { useRoles } from "../shared/queries";
import styles from "../shared/settings.module.css";

export default function RolesPage() {
  const roles = useRoles();
  const users = useUsers();
  const navigate = useNavigate();
  const holders = (name: string) => (users.data ?? []).filter((u) => u.role === name && u.active).length;
  return (
    <>
      <PageHeader title={t("roles.title")}>
        <Button variant="primary" onClick={() => navigate("/settings/roles/new")}>
          <Icon name="plus" />
          {t("roles.add")}
        </Button>
      </PageHeader>
      <div className={styles.body}>
        <p className={styles.intro}>{t("roles.intro")}</p>
        {roles.isPending ? (
          <Skeleton lines={6} />
        ) : roles.isError ? (
          <ErrorNotice error={roles.error} retry={() => void roles.refetch()} />
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stack}`}>
              <thead>
                <tr>
                  <th scope="col">{t("roles.label")}</th>
                  <th scope="col">{t("roles.kind")}</th>
                  <th scope="col" className="num">
                    {t("roles.users")}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t("settings.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {roles.data.map((r) => (
                  <tr key={r.name}>
                    <td>
                      <Link to={`/settings/roles/${encodeURIComponent(r.name)}`} className={styles.name}>
                        {r.label}
                      </Link>
                      {r.description && <div className={`${styles.muted} ${styles.small}`}>{r.description}</div>}
                    </td>
                    <td data-label={t("roles.kind")}>
                      {r.builtin ? (
                        <span className={styles.badge}>{t("roles.builtin")}</span>
                      ) : (
                        <span className={`${styles.badge} ${styles.accent}`}>{t("roles.custom")}</span>
                      )}{" "}
                      {r.admin && <span className={`${styles.badge} ${styles.warn}`}>{t("roles.admin")}</span>}
                    </td>
                    <td data-label={t("roles.users")} className="num">
                      {holders(r.name)}
                    </td>
                    <td>
                      <div className={styles.rowActions}>
                        {r.builtin ? (
                          <Button size="small" onClick={() => navigate(`/settings/roles/new?from=${encodeURIComponent(r.name)}`)} aria-label={t("roles.duplicateNamed", { name: r.label })}>
                            {t("roles.duplicate")}
                          </Button>
                        ) : (
                          <Button size="small" onClick={() => navigate(`/settings/roles/${encodeURIComponent(r.name)}`)} aria-label={t("roles.editNamed", { name: r.label })}>
                            {t("common.edit")}
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
