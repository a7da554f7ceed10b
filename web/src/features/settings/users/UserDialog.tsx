// Add a user (email, name, role, teams, initial password) or change one (name, role, teams, a new
// password). The server's 422 shows on its field; the password policy is checked there.
import { useState } from "react";
import { api } from "../../../api/client";
import type { User } from "../../../app/users";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { CheckList } from "../shared/CheckList";
import { FormDialog } from "../shared/FormDialog";
import { SelectField } from "../shared/SelectField";
import { useRefresh, type Role, type Team } from "../shared/queries";
import { useFormAction } from "../shared/useFormAction";

export function UserDialog({ user, roles, teams, onClose }: { user: User | null; roles: Role[]; teams: Team[]; onClose: () => void }) {
  const refresh = useRefresh();
  const toast = useToast();
  const [email, setEmail] = useState(user?.email ?? "");
  const [name, setName] = useState(user?.name ?? "");
  const [role, setRole] = useState(user?.role ?? roles.find((r) => r.name === "sales_rep")?.name ?? roles[0]?.name ?? "");
  const [teamIds, setTeamIds] = useState<string[]>(user?.team_ids ?? []);
  const [password, setPassword] = useState("");

  const action = useFormAction(async () => {
    if (user) {
      await api.PATCH("/api/v1/users/{id}", {
        params: { path: { id: user.id } },
        body: { name: name.trim() || null, role, team_ids: teamIds, ...(password ? { password } : {}) },
      });
    } else {
      await api.POST("/api/v1/users", { body: { email: email.trim(), name: name.trim() || null, role, team_ids: teamIds, password } });
    }
    await refresh("users", "teams");
    toast({ text: t(user ? "users.saved" : "users.created", { name: name.trim() || email.trim() }) });
    onClose();
  });
  const errors = action.errors.fields;
  const ready = user ? !!role : !!email.trim() && !!role && password.length >= 12;

  return (
    <FormDialog
      title={user ? t("users.editTitle", { name: user.name || user.email }) : t("users.addTitle")}
      submit={user ? t("common.save") : t("users.create")}
      action={action}
      ready={ready}
      onClose={onClose}
    >
      {!user && (
        <TextField
          label={t("users.email")}
          type="email"
          autoComplete="off"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
      )}
      <TextField label={t("users.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <SelectField label={t("users.role")} value={role} onChange={setRole} error={errors.role}>
        {roles.map((r) => (
          <option key={r.name} value={r.name}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <CheckList
        legend={t("users.teams")}
        options={teams.map((tm) => ({ id: tm.id, label: tm.name }))}
        value={teamIds}
        onChange={setTeamIds}
        empty={t("users.noTeams")}
        error={errors.team_ids}
      />
      <TextField
        label={user ? t("users.newPassword") : t("users.password")}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password ?? (password && [...password].length < 12 ? t("account.password.short") : undefined)}
        help={user ? t("users.newPasswordHelp") : t("users.passwordHelp")}
      />
    </FormDialog>
  );
}
