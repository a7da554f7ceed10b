// Teams: a "team" scope in a role reaches the records of the owner's team mates. Create, rename,
// choose members, delete (members stay users; records keep their owners); and how each team's new
// tickets are assigned (AssignmentDialog: off or round robin, who is away).
import { useState } from "react";
import { api } from "../../../api/client";
import { useUserDirectory, useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { personName } from "../shared/actions";
import { CheckList } from "../shared/CheckList";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { FormDialog } from "../shared/FormDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useTeams, type Team } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { useFormAction } from "../shared/useFormAction";
import { assignmentSummary, useAssignments } from "./assignment";
import { AssignmentDialog } from "./AssignmentDialog";
import styles from "../shared/settings.module.css";

export default function TeamsPage() {
  const teams = useTeams();
  const users = useUserDirectory();
  const refresh = useRefresh();
  const toast = useToast();
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const [assigning, setAssigning] = useState<Team | null>(null);
  const assignments = useAssignments((teams.data ?? []).map((tm) => tm.id));
  const assigningSaved = assigning ? assignments.get(assigning.id) : undefined;
  const add = { label: t("teams.add"), run: () => setEditing("new") };

  return (
    <SettingsPage title={t("teams.title")} intro={t("teams.intro")} action={add}>
      <Loaded query={teams}>
        {(list) => (
          <SettingsTable
            label={t("teams.title")}
            rows={list}
            rowKey={(tm) => tm.id}
            empty={{ title: t("teams.empty.title"), body: t("teams.empty.body"), action: add }}
            columns={[
              { header: t("teams.name"), primary: true, cell: (tm) => <NameCell name={tm.name} sub={tm.description} /> },
              {
                header: t("teams.members"),
                cell: (tm) =>
                  tm.member_ids.length === 0 ? (
                    <span className={styles.muted}>{t("teams.noMembers")}</span>
                  ) : (
                    tm.member_ids.map((id) => personName(users.get(id))).join(", ")
                  ),
              },
              {
                header: t("assignment.column"),
                cell: (tm) => {
                  const a = assignments.get(tm.id);
                  if (!a) return null;
                  const away = a.away_member_ids.map((id) => personName(users.get(id)));
                  return (
                    <>
                      <div>{assignmentSummary(a)}</div>
                      {away.length > 0 && <div className={`${styles.muted} ${styles.small}`}>{t("assignment.awayNow", { names: away.join(", ") })}</div>}
                    </>
                  );
                },
              },
            ]}
            actions={(tm) => (
              <>
                <Button size="small" onClick={() => setAssigning(tm)} disabled={!assignments.has(tm.id)} aria-label={t("assignment.titleNamed", { name: tm.name })}>
                  {t("assignment.button")}
                </Button>
                <Button size="small" onClick={() => setEditing(tm)} aria-label={t("teams.editNamed", { name: tm.name })}>
                  {t("common.edit")}
                </Button>
                <Button size="small" variant="danger" onClick={() => setDeleting(tm)} aria-label={t("teams.deleteNamed", { name: tm.name })}>
                  {t("common.delete")}
                </Button>
              </>
            )}
          />
        )}
      </Loaded>
      {assigning && assigningSaved && <AssignmentDialog team={assigning} saved={assigningSaved} onClose={() => setAssigning(null)} />}
      {editing && <TeamDialog team={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t("teams.deleteTitle", { name: deleting.name })}
          confirm={t("teams.deleteNamed", { name: deleting.name })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/teams/{id}", { params: { path: { id: deleting.id } } });
            await refresh("teams", "users");
            toast({ text: t("teams.deleted", { name: deleting.name }) });
          }}
        >
          <p>{t("teams.deleteText", { name: deleting.name, n: deleting.member_ids.length })}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}

function TeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const users = useUsers();
  const refresh = useRefresh();
  const toast = useToast();
  const [name, setName] = useState(team?.name ?? "");
  const [description, setDescription] = useState(team?.description ?? "");
  const [members, setMembers] = useState<string[]>(team?.member_ids ?? []);

  const action = useFormAction(async () => {
    const body = { name: name.trim(), description: description.trim() || null, member_ids: members };
    if (team) await api.PATCH("/api/v1/teams/{id}", { params: { path: { id: team.id } }, body });
    else await api.POST("/api/v1/teams", { body });
    await refresh("teams", "users");
    toast({ text: t(team ? "teams.saved" : "teams.created", { name: body.name }) });
    onClose();
  });
  const errors = action.errors.fields;

  return (
    <FormDialog
      title={team ? t("teams.editNamed", { name: team.name }) : t("teams.add")}
      submit={team ? t("common.save") : t("teams.create")}
      action={action}
      ready={!!name.trim()}
      onClose={onClose}
    >
      <TextField label={t("teams.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
      <TextField label={t("teams.description")} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.description} />
      <CheckList
        legend={t("teams.members")}
        options={(users.data ?? []).map((u) => ({ id: u.id, label: personName(u) }))}
        value={members}
        onChange={setMembers}
        error={errors.member_ids}
      />
    </FormDialog>
  );
}
