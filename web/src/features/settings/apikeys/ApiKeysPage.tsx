// API keys: for scripts and integrations. Create (name, an optional narrower role, an optional
// expiry) and the key is shown once, with copy; list (prefix, owner, last use) and revoke.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { useUserDirectory } from "../../../app/users";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatDate, formatRelative, t } from "../../../i18n";
import { personName } from "../shared/actions";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { CopyButton } from "../shared/CopyButton";
import { FormDialog } from "../shared/FormDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useRoles } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { useFormAction } from "../shared/useFormAction";
import styles from "../shared/settings.module.css";

type ApiKey = Schemas["ApiKey"];
type NewApiKey = Schemas["NewApiKey"];
const apiKeysKey = keys.settings("api-keys");

const expired = (k: ApiKey) => !!k.expires_at && new Date(k.expires_at).getTime() < Date.now();

function Expiry({ k }: { k: ApiKey }) {
  if (k.revoked_at) return <Badge tone="danger">✕ {t("apiKeys.revokedOn", { date: formatDate(k.revoked_at) })}</Badge>;
  if (expired(k)) return <Badge tone="warn">! {t("apiKeys.expired")}</Badge>;
  return <>{k.expires_at ? formatDate(k.expires_at) : t("apiKeys.noExpiry")}</>;
}

export default function ApiKeysPage() {
  const list = useQuery({ queryKey: apiKeysKey, queryFn: async () => must(await api.GET("/api/v1/api-keys")).data });
  const users = useUserDirectory();
  const roles = useRoles();
  const refresh = useRefresh();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const add = { label: t("apiKeys.add"), run: () => setCreating(true) };
  const roleLabel = (name: string | null | undefined) => (name ? (roles.data?.find((r) => r.name === name)?.label ?? name) : t("apiKeys.ownerRole"));

  return (
    <SettingsPage title={t("apiKeys.title")} intro={t("apiKeys.intro")} action={add}>
      <Loaded query={list}>
        {(all) => (
          <SettingsTable
            label={t("apiKeys.title")}
            // Live keys first, revoked ones after.
            rows={[...all.filter((k) => !k.revoked_at), ...all.filter((k) => k.revoked_at)]}
            rowKey={(k) => k.id ?? ""}
            empty={{ title: t("apiKeys.empty.title"), body: t("apiKeys.empty.body"), action: add }}
            columns={[
              { header: t("apiKeys.name"), primary: true, cell: (k) => <NameCell name={k.name} sub={`${k.prefix ?? ""}…`} mono /> },
              { header: t("apiKeys.owner"), cell: (k) => personName(users.get(k.user_id ?? "")) },
              { header: t("apiKeys.role"), cell: (k) => roleLabel(k.role) },
              { header: t("apiKeys.lastUsed"), cell: (k) => (k.last_used_at ? formatRelative(k.last_used_at) : t("apiKeys.never")) },
              { header: t("apiKeys.expires"), cell: (k) => <Expiry k={k} /> },
            ]}
            actions={(k) =>
              !k.revoked_at && (
                <Button size="small" variant="danger" onClick={() => setRevoking(k)} aria-label={t("apiKeys.revokeNamed", { name: k.name ?? "" })}>
                  {t("apiKeys.revoke")}
                </Button>
              )
            }
          />
        )}
      </Loaded>
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={t("apiKeys.revokeTitle", { name: revoking.name ?? "" })}
          confirm={t("apiKeys.revokeNamed", { name: revoking.name ?? "" })}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: revoking.id ?? "" } } });
            await refresh(apiKeysKey);
            toast({ text: t("apiKeys.revoked", { name: revoking.name ?? "" }) });
          }}
        >
          <p>{t("apiKeys.revokeText", { name: revoking.name ?? "", prefix: revoking.prefix ?? "" })}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}

function CreateKeyDialog({ onClose }: { onClose: () => void }) {
  const roles = useRoles();
  const refresh = useRefresh();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [expires, setExpires] = useState("");
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const action = useFormAction(async () => {
    // A date picked in the browser ends at the end of that day, local time.
    const expires_at = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
    setCreated(must(await api.POST("/api/v1/api-keys", { body: { name: name.trim(), role: role || null, expires_at } })));
    await refresh(apiKeysKey);
  });
  const errors = action.errors.fields;

  if (created)
    return (
      <Dialog
        title={t("apiKeys.createdTitle", { name: created.name ?? "" })}
        onClose={onClose}
        footer={
          <Button variant="primary" onClick={onClose}>
            {t("apiKeys.done")}
          </Button>
        }
      >
        <p className={styles.notice}>{t("apiKeys.once")}</p>
        <div className={styles.secret}>
          <code data-testid="api-key-secret">{created.key}</code>
          <CopyButton text={created.key ?? ""} />
        </div>
        <p className={`${styles.muted} ${styles.small}`}>{t("apiKeys.usage")}</p>
      </Dialog>
    );

  return (
    <FormDialog title={t("apiKeys.add")} submit={t("apiKeys.create")} action={action} ready={!!name.trim()} onClose={onClose}>
      <TextField label={t("apiKeys.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} help={t("apiKeys.nameHelp")} autoFocus />
      <SelectField label={t("apiKeys.role")} value={role} onChange={setRole} error={errors.role}>
        <option value="">{t("apiKeys.ownerRole")}</option>
        {(roles.data ?? []).map((r) => (
          <option key={r.name} value={r.name}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("apiKeys.expires")}
        type="date"
        value={expires}
        onChange={(e) => setExpires(e.target.value)}
        error={errors.expires_at}
        help={t("apiKeys.expiresHelp")}
      />
    </FormDialog>
  );
}
