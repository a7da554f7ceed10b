// Add a user (email, name, role, teams, initial password) or change one (name, role, teams, a new
// password). The server's 422 shows on its field; the password policy is checked there.
import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { User } from "../../../app/users";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { formErrors, noErrors, type FormErrors } from "../shared/errors";
import { SelectField } from "../shared/SelectField";
import type { Role, Team } from "../shared/queries";
import styles from "../shared/settings.module.css";

export function UserDialog({ user, roles, teams, onClose }: { user: User | null; roles: Role[]; teams: Team[]; onClose: () => void }) {
  const queries = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState(user?.email ?? "");
  const [name, setName] = useState(user?.name ?? "");
  const [role, setRole] = useState(user?.role ?? roles.find((r) => r.name === "sales_rep")?.name ?? roles[0]?.name ?? "");
  const [teamIds, setTeamIds] = useState<string[]>(user?.team_ids ?? []);
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      if (user) {
        await api.PATCH("/api/v1/users/{id}", {
          params: { path: { id: user.id } },
          body: { name: name.trim() || null, role, team_ids: teamIds, ...(password ? { password } : {}) },
        });
      } else {
        await api.POST("/api/v1/users", { body: { email: email.trim(), name: name.trim() || null, role, team_ids: teamIds, password } });
      }
      await queries.invalidateQueries({ queryKey: keys.settings("users") });
      await queries.invalidateQueries({ queryKey: keys.settings("teams") });
      toast({ text: t(user ? "users.saved" : "users.created", { name: name.trim() || email.trim() }) });
      onClose();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const toggleTeam = (id: string, on: boolean) => setTeamIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  const ready = user ? !!role : !!email.trim() && !!role && password.length >= 12;

  return (
    <Dialog
      title={user ? t("users.editTitle", { name: user.name || user.email }) : t("users.addTitle")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={busy || !ready} onClick={() => void submit()}>
            {user ? t("common.save") : t("users.create")}
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
        {!user && (
          <TextField
            label={t("users.email")}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.fields.email}
          />
        )}
        <TextField label={t("users.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <SelectField label={t("users.role")} value={role} onChange={setRole} error={errors.fields.role}>
          {roles.map((r) => (
            <option key={r.name} value={r.name}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <fieldset className={styles.checks}>
          <legend>{t("users.teams")}</legend>
          {teams.length === 0 && <span className={styles.muted}>{t("users.noTeams")}</span>}
          {teams.map((tm) => (
            <label key={tm.id} className={styles.check}>
              <input type="checkbox" checked={teamIds.includes(tm.id)} onChange={(e) => toggleTeam(tm.id, e.target.checked)} />
              {tm.name}
            </label>
          ))}
          {errors.fields.team_ids && (
            <span className={styles.alert} role="alert">
              {errors.fields.team_ids}
            </span>
          )}
        </fieldset>
        <TextField
          label={user ? t("users.newPassword") : t("users.password")}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password ?? (password && [...password].length < 12 ? t("account.password.short") : undefined)}
          help={user ? t("users.newPasswordHelp") : t("users.passwordHelp")}
        />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
