// Teams: a "team" scope in a role reaches the records of the owner's team mates. Create, rename,
// choose members, delete (members stay users; records keep their owners).
import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { keys } from "../../../api/keys";
import { useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { formErrors, noErrors, type FormErrors } from "../shared/errors";
import { useTeams, type Team } from "../shared/queries";
import styles from "../shared/settings.module.css";

export default function TeamsPage() {
  const teams = useTeams();
  const users = useUsers();
  const queries = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const userName = (id: string) => {
    const u = users.data?.find((x) => x.id === id);
    return u ? u.name || u.email : "…";
  };

  return (
    <>
      <PageHeader title={t("teams.title")}>
        <Button variant="primary" onClick={() => setEditing("new")}>
          <Icon name="plus" />
          {t("teams.add")}
        </Button>
      </PageHeader>
      <div className={styles.body}>
        <p className={styles.intro}>{t("teams.intro")}</p>
        {teams.isPending ? (
          <Skeleton lines={5} />
        ) : teams.isError ? (
          <ErrorNotice error={teams.error} retry={() => void teams.refetch()} />
        ) : teams.data.length === 0 ? (
          <EmptyState title={t("teams.empty.title")} action={<Button onClick={() => setEditing("new")}>{t("teams.add")}</Button>}>
            {t("teams.empty.body")}
          </EmptyState>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stack}`}>
              <thead>
                <tr>
                  <th scope="col">{t("teams.name")}</th>
                  <th scope="col">{t("teams.members")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("settings.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {teams.data.map((tm) => (
                  <tr key={tm.id}>
                    <td>
                      <div className={styles.name}>{tm.name}</div>
                      {tm.description && <div className={`${styles.muted} ${styles.small}`}>{tm.description}</div>}
                    </td>
                    <td data-label={t("teams.members")}>
                      {tm.member_ids.length === 0 ? (
                        <span className={styles.muted}>{t("teams.noMembers")}</span>
                      ) : (
                        tm.member_ids.map(userName).join(", ")
                      )}
                    </td>
                    <td>
                      <div className={styles.rowActions}>
                        <Button size="small" onClick={() => setEditing(tm)} aria-label={t("teams.editNamed", { name: tm.name })}>
                          {t("common.edit")}
                        </Button>
                        <Button size="small" variant="danger" onClick={() => setDeleting(tm)} aria-label={t("teams.deleteNamed", { name: tm.name })}>
                          {t("common.delete")}
                        </Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {editing && <TeamDialog team={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t("teams.deleteTitle", { name: deleting.name })}
          confirm={t("teams.deleteNamed", { name: deleting.name })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/teams/{id}", { params: { path: { id: deleting.id } } });
            await queries.invalidateQueries({ queryKey: keys.settings("teams") });
            await queries.invalidateQueries({ queryKey: keys.settings("users") });
            toast({ text: t("teams.deleted", { name: deleting.name }) });
          }}
        >
          <p>{t("teams.deleteText", { name: deleting.name, n: deleting.member_ids.length })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function TeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const users = useUsers();
  const queries = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(team?.name ?? "");
  const [description, setDescription] = useState(team?.description ?? "");
  const [members, setMembers] = useState<string[]>(team?.member_ids ?? []);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    const body = { name: name.trim(), description: description.trim() || null, member_ids: members };
    try {
      if (team) await api.PATCH("/api/v1/teams/{id}", { params: { path: { id: team.id } }, body });
      else await api.POST("/api/v1/teams", { body });
      await queries.invalidateQueries({ queryKey: keys.settings("teams") });
      await queries.invalidateQueries({ queryKey: keys.settings("users") });
      toast({ text: t(team ? "teams.saved" : "teams.created", { name: body.name }) });
      onClose();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={team ? t("teams.editNamed", { name: team.name }) : t("teams.add")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={busy || !name.trim()} onClick={() => void submit()}>
            {team ? t("common.save") : t("teams.create")}
          </Button>
        </>
      }
    >
      <form className={styles.form} onSubmit={submit} noValidate>
        {errors.message && (
          <p className={styles.alert} role="alert">
            {errors.message}
          </p>
        )}
        <TextField label={t("teams.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} required />
        <TextField
          label={t("teams.description")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.fields.description}
        />
        <fieldset className={styles.checks}>
          <legend>{t("teams.members")}</legend>
          {(users.data ?? []).map((u) => (
            <label key={u.id} className={styles.check}>
              <input
                type="checkbox"
                checked={members.includes(u.id)}
                onChange={(e) => setMembers((m) => (e.target.checked ? [...m, u.id] : m.filter((x) => x !== u.id)))}
              />
              {u.name || u.email}
            </label>
          ))}
        </fieldset>
        {errors.fields.member_ids && (
          <p className={styles.alert} role="alert">
            {errors.fields.member_ids}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
