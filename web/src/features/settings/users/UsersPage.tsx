// Users: who can sign in, with which role and teams; add one, change role or teams, deactivate
// (their sessions end at once) or reactivate.
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { keys } from "../../../api/keys";
import { useMe } from "../../../app/session";
import { useUsers, type User } from "../../../app/users";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { useRoles, useTeams } from "../shared/queries";
import { UserDialog } from "./UserDialog";
import styles from "../shared/settings.module.css";

export default function UsersPage() {
  const me = useMe();
  const users = useUsers();
  const roles = useRoles();
  const teams = useTeams();
  const queries = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);

  const roleLabel = (name: string) => roles.data?.find((r) => r.name === name)?.label ?? name;
  const teamNames = (ids: string[]) =>
    ids.map((id) => teams.data?.find((tm) => tm.id === id)?.name ?? "…").join(", ") || t("common.none");
  const refresh = () => queries.invalidateQueries({ queryKey: keys.settings("users") });

  const setActive = async (u: User, active: boolean) => {
    await api.PATCH("/api/v1/users/{id}", { params: { path: { id: u.id } }, body: { active } });
    await refresh();
    toast({ text: t(active ? "users.reactivated" : "users.deactivated", { name: u.name || u.email }) });
  };

  const list = users.data ?? [];
  return (
    <>
      <PageHeader title={t("users.title")}>
        <Button variant="primary" onClick={() => setEditing("new")}>
          <Icon name="plus" />
          {t("users.add")}
        </Button>
      </PageHeader>
      <div className={styles.body}>
        <p className={styles.intro}>{t("users.intro")}</p>
        {users.isPending ? (
          <Skeleton lines={6} />
        ) : users.isError ? (
          <ErrorNotice error={users.error} retry={() => void users.refetch()} />
        ) : list.length <= 1 && list[0]?.id === me.user_id ? (
          <>
            {usersTable()}
            <EmptyState title={t("users.empty.title")} action={<Button onClick={() => setEditing("new")}>{t("users.add")}</Button>}>
              {t("users.empty.body")}
            </EmptyState>
          </>
        ) : (
          usersTable()
        )}
      </div>
      {editing && (
        <UserDialog user={editing === "new" ? null : editing} roles={roles.data ?? []} teams={teams.data ?? []} onClose={() => setEditing(null)} />
      )}
      {deactivating && (
        <ConfirmDialog
          title={t("users.deactivateTitle", { name: deactivating.name || deactivating.email })}
          confirm={t("users.deactivate")}
          onClose={() => setDeactivating(null)}
          onConfirm={() => setActive(deactivating, false)}
        >
          <p>{t("users.deactivateText", { name: deactivating.name || deactivating.email })}</p>
        </ConfirmDialog>
      )}
    </>
  );

  function usersTable() {
    return (
      <div className={styles.tableWrap}>
        <table className={`${styles.table} ${styles.stack}`}>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.teams")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("settings.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((u) => (
              <tr key={u.id}>
                <td>
                  <div className={styles.name}>{u.name || u.email}</div>
                  {u.name && <div className={`${styles.muted} ${styles.small}`}>{u.email}</div>}
                </td>
                <td data-label={t("users.role")}>{roleLabel(u.role)}</td>
                <td data-label={t("users.teams")}>{teamNames(u.team_ids)}</td>
                <td data-label={t("users.status")}>
                  {u.active ? (
                    <span className={`${styles.badge} ${styles.ok}`}>✓ {t("users.active")}</span>
                  ) : (
                    <span className={`${styles.badge} ${styles.danger}`}>✕ {t("users.inactive")}</span>
                  )}
                </td>
                <td>
                  <div className={styles.rowActions}>
                    <Button size="small" onClick={() => setEditing(u)} aria-label={t("users.editNamed", { name: u.name || u.email })}>
                      {t("common.edit")}
                    </Button>
                    {u.id !== me.user_id &&
                      (u.active ? (
                        <Button size="small" variant="danger" onClick={() => setDeactivating(u)}>
                          {t("users.deactivate")}
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => void setActive(u, true).catch(() => toast({ text: t("users.reactivateFailed"), tone: "error" }))}>
                          {t("users.reactivate")}
                        </Button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
}
