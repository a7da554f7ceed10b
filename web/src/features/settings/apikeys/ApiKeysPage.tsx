// API keys: for scripts and integrations. Create (name, an optional narrower role, an optional
// expiry) and the key is shown once, with copy; list (prefix, owner, last use) and revoke.
import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { useUserDirectory } from "../../../app/users";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { formatDate, formatRelative, t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { CopyButton } from "../shared/CopyButton";
import { formErrors, noErrors, type FormErrors } from "../shared/errors";
import { useRoles } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import styles from "../shared/settings.module.css";

type ApiKey = Schemas["ApiKey"];
type NewApiKey = Schemas["NewApiKey"];
const apiKeysKey = keys.settings("api-keys");

export default function ApiKeysPage() {
  const list = useQuery({ queryKey: apiKeysKey, queryFn: async () => must(await api.GET("/api/v1/api-keys")).data });
  const users = useUserDirectory();
  const roles = useRoles();
  const queries = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const active = (list.data ?? []).filter((k) => !k.revoked_at);
  const revoked = (list.data ?? []).filter((k) => k.revoked_at);
  const roleLabel = (name: string | null | undefined) => (name ? (roles.data?.find((r) => r.name === name)?.label ?? name) : t("apiKeys.ownerRole"));
  const expired = (k: ApiKey) => !!k.expires_at && new Date(k.expires_at).getTime() < Date.now();

  const row = (k: ApiKey) => {
    const owner = users.get(k.user_id ?? "");
    return (
      <tr key={k.id}>
        <td>
          <div className={styles.name}>{k.name}</div>
          <div className={`${styles.mono} ${styles.small} ${styles.muted}`}>{k.prefix}…</div>
        </td>
        <td data-label={t("apiKeys.owner")}>{owner ? owner.name || owner.email : "…"}</td>
        <td data-label={t("apiKeys.role")}>{roleLabel(k.role)}</td>
        <td data-label={t("apiKeys.lastUsed")}>{k.last_used_at ? formatRelative(k.last_used_at) : t("apiKeys.never")}</td>
        <td data-label={t("apiKeys.expires")}>
          {k.revoked_at ? (
            <span className={`${styles.badge} ${styles.danger}`}>✕ {t("apiKeys.revokedOn", { date: formatDate(k.revoked_at) })}</span>
          ) : expired(k) ? (
            <span className={`${styles.badge} ${styles.warn}`}>! {t("apiKeys.expired")}</span>
          ) : k.expires_at ? (
            formatDate(k.expires_at)
          ) : (
            t("apiKeys.noExpiry")
          )}
        </td>
        <td>
          <div className={styles.rowActions}>
            {!k.revoked_at && (
              <Button size="small" variant="danger" onClick={() => setRevoking(k)} aria-label={t("apiKeys.revokeNamed", { name: k.name ?? "" })}>
                {t("apiKeys.revoke")}
              </Button>
            )}
          </div>
        </td>
      </tr>
    );
  };

  return (
    <>
      <PageHeader title={t("apiKeys.title")}>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <Icon name="plus" />
          {t("apiKeys.add")}
        </Button>
      </PageHeader>
      <div className={styles.body}>
        <p className={styles.intro}>{t("apiKeys.intro")}</p>
        {list.isPending ? (
          <Skeleton lines={5} />
        ) : list.isError ? (
          <ErrorNotice error={list.error} retry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title={t("apiKeys.empty.title")} action={<Button onClick={() => setCreating(true)}>{t("apiKeys.add")}</Button>}>
            {t("apiKeys.empty.body")}
          </EmptyState>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stack}`}>
              <thead>
                <tr>
                  <th scope="col">{t("apiKeys.name")}</th>
                  <th scope="col">{t("apiKeys.owner")}</th>
                  <th scope="col">{t("apiKeys.role")}</th>
                  <th scope="col">{t("apiKeys.lastUsed")}</th>
                  <th scope="col">{t("apiKeys.expires")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("settings.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {active.map(row)}
                {revoked.map(row)}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={t("apiKeys.revokeTitle", { name: revoking.name ?? "" })}
          confirm={t("apiKeys.revokeNamed", { name: revoking.name ?? "" })}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: revoking.id ?? "" } } });
            await queries.invalidateQueries({ queryKey: apiKeysKey });
            toast({ text: t("apiKeys.revoked", { name: revoking.name ?? "" }) });
          }}
        >
          <p>{t("apiKeys.revokeText", { name: revoking.name ?? "", prefix: revoking.prefix ?? "" })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function CreateKeyDialog({ onClose }: { onClose: () => void }) {
  const roles = useRoles();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<NewApiKey | null>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      // A date picked in the browser ends at the end of that day, local time.
      const expires_at = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
      const key = must(await api.POST("/api/v1/api-keys", { body: { name: name.trim(), role: role || null, expires_at } }));
      setCreated(key);
      await queries.invalidateQueries({ queryKey: apiKeysKey });
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

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
    <Dialog
      title={t("apiKeys.add")}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={busy || !name.trim()} onClick={() => void submit()}>
            {t("apiKeys.create")}
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
        <TextField label={t("apiKeys.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} help={t("apiKeys.nameHelp")} autoFocus />
        <SelectField label={t("apiKeys.role")} value={role} onChange={setRole} error={errors.fields.role}>
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
          error={errors.fields.expires_at}
          help={t("apiKeys.expiresHelp")}
        />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
