// Users: who can sign in, with which role and teams; add one, change role or teams, deactivate
// (their sessions end at once) or reactivate.
import { useState } from "react";
import { api } from "../../../api/client";
import { useMe } from "../../../app/session";
import { useUsers, type User } from "../../../app/users";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { personName } from "../shared/actions";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useRoles, useTeams } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { Empty, NameCell, SettingsTable } from "../shared/SettingsTable";
import { UserDialog } from "./UserDialog";

export default function UsersPage() {
  const me = useMe();
  const users = useUsers();
  const roles = useRoles();
  const teams = useTeams();
  const refresh = useRefresh();
  const toast = useToast();
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);

  const add = { label: t("users.add"), run: () => setEditing("new") };
  const roleLabel = (name: string) => roles.data?.find((r) => r.name === name)?.label ?? name;
  const teamNames = (ids: string[]) =>
    ids.map((id) => teams.data?.find((tm) => tm.id === id)?.name ?? "…").join(", ") || t("common.none");

  const setActive = async (u: User, active: boolean) => {
    await api.PATCH("/api/v1/users/{id}", { params: { path: { id: u.id } }, body: { active } });
    await refresh("users");
    toast({ text: t(active ? "users.reactivated" : "users.deactivated", { name: personName(u) }) });
  };

  return (
    <SettingsPage title={t("users.title")} intro={t("users.intro")} action={add}>
      <Loaded query={users} lines={6}>
        {(list) => (
          <>
            <SettingsTable
              label={t("users.title")}
              rows={list}
              rowKey={(u) => u.id}
              columns={[
                { header: t("users.name"), primary: true, cell: (u) => <NameCell name={personName(u)} sub={u.name && u.email} /> },
                { header: t("users.role"), cell: (u) => roleLabel(u.role) },
                { header: t("users.teams"), cell: (u) => teamNames(u.team_ids) },
                {
                  header: t("users.status"),
                  cell: (u) => (u.active ? <Badge tone="ok">✓ {t("users.active")}</Badge> : <Badge tone="danger">✕ {t("users.inactive")}</Badge>),
                },
              ]}
              actions={(u) => (
                <>
                  <Button size="small" onClick={() => setEditing(u)} aria-label={t("users.editNamed", { name: personName(u) })}>
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
                </>
              )}
            />
            {/* Only the admin so far: the table, and what to do next. */}
            {list.length <= 1 && list[0]?.id === me.user_id && <Empty title={t("users.empty.title")} body={t("users.empty.body")} action={add} />}
          </>
        )}
      </Loaded>
      {editing && (
        <UserDialog user={editing === "new" ? null : editing} roles={roles.data ?? []} teams={teams.data ?? []} onClose={() => setEditing(null)} />
      )}
      {deactivating && (
        <ConfirmDialog
          title={t("users.deactivateTitle", { name: personName(deactivating) })}
          confirm={t("users.deactivate")}
          onClose={() => setDeactivating(null)}
          onConfirm={() => setActive(deactivating, false)}
        >
          <p>{t("users.deactivateText", { name: personName(deactivating) })}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
