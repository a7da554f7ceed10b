// The workspace itself (admins): its name, unique on the server and typed at sign-in by people in
// several workspaces, and its time zone, the clock recurring jobs and date rules run on. One form;
// only what changed is sent, a taken name (409) and a zone the server does not know (422) show on
// their fields, and a failed save keeps what was typed.
import { useState } from "react";
import { api, must } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatDate, t } from "../../../i18n";
import { formErrors, noErrors, type FormErrors } from "../shared/errors";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useWorkspace } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { useFormAction } from "../shared/useFormAction";
import { browserZone, zoneLabel } from "./zones";
import { ZonePicker } from "./ZonePicker";
import styles from "../shared/settings.module.css";
import own from "./workspace.module.css";

type Workspace = Schemas["Workspace"];

/**
 * A name another workspace holds comes back as a 409, said on the name field in full. A zone the
 * server's time zone data does not have yet (the browser's can be newer) is said on the zone field
 * with what to do, rather than the server's "not an IANA name" about a name the list offered.
 */
function workspaceErrors(sent: { name?: string; time_zone?: string }) {
  return (e: unknown): FormErrors => {
    if (isApiError(e) && e.status === 409) return { fields: { name: t("workspace.nameTaken", { name: sent.name ?? "" }) }, message: null };
    const errors = formErrors(e);
    if (errors.fields.time_zone && sent.time_zone)
      return { ...errors, fields: { ...errors.fields, time_zone: t("workspace.zoneUnknown", { zone: zoneLabel(sent.time_zone) }) } };
    return errors;
  };
}

export default function WorkspacePage() {
  const workspace = useWorkspace();
  return (
    <SettingsPage title={t("workspace.title")} intro={t("workspace.intro")}>
      <Loaded query={workspace}>{(w) => <WorkspaceForm saved={w} />}</Loaded>
    </SettingsPage>
  );
}

function WorkspaceForm({ saved }: { saved: Workspace }) {
  const refresh = useRefresh();
  const toast = useToast();
  // What the admin typed or chose; null until they change it, so the saved value shows meanwhile.
  const [name, setName] = useState<string | null>(null);
  const [zone, setZone] = useState<string | null>(null);
  const currentName = name ?? saved.name;
  const currentZone = zone ?? saved.time_zone;
  const change: { name?: string; time_zone?: string } = {};
  if (currentName.trim() !== saved.name) change.name = currentName.trim();
  if (currentZone !== saved.time_zone) change.time_zone = currentZone;
  const dirty = Object.keys(change).length > 0;
  const mine = browserZone();

  const action = useFormAction(async () => {
    must(await api.PATCH("/api/v1/workspace", { body: change }));
    // The signed-in user's summary carries the workspace's name too.
    await refresh("workspace", keys.me);
    setName(null);
    setZone(null);
    toast({ text: t("workspace.saved") });
  }, workspaceErrors(change));
  const errors = action.errors;
  // A refusal is about what was sent: changing the field takes its message away.
  const edit = (field: "name" | "time_zone", set: (v: string) => void) => (v: string) => {
    set(v);
    if (errors.fields[field]) action.setErrors({ ...errors, fields: Object.fromEntries(Object.entries(errors.fields).filter(([k]) => k !== field)) });
  };

  return (
    <form className={`${styles.card} ${own.card}`} onSubmit={(e) => (dirty && currentName.trim() ? void action.run(e) : e.preventDefault())} noValidate>
      <div className={styles.form}>
        <FormAlert message={errors.message} />
        <TextField
          label={t("workspace.name")}
          value={currentName}
          maxLength={100}
          autoComplete="organization"
          onChange={(e) => edit("name", setName)(e.target.value)}
          error={errors.fields.name ?? (currentName.trim() ? undefined : t("workspace.nameEmpty"))}
          help={t("workspace.nameHelp")}
        />
        <div className={own.zone}>
          <ZonePicker value={currentZone} saved={saved.time_zone} onChange={edit("time_zone", setZone)} error={errors.fields.time_zone} />
          {mine && mine !== currentZone && (
            <button type="button" className={`${styles.linkButton} ${styles.small}`} onClick={() => edit("time_zone", setZone)(mine)}>
              {t("workspace.useMine", { zone: zoneLabel(mine) })}
            </button>
          )}
        </div>
        <p className={own.uses}>{t("workspace.zoneUses")}</p>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!dirty || !currentName.trim() || action.busy}>
            {action.busy ? t("common.saving") : t("workspace.save")}
          </Button>
          {dirty && (
            <Button
              variant="ghost"
              onClick={() => {
                setName(null);
                setZone(null);
                action.setErrors(noErrors);
              }}
            >
              {t("workspace.discard")}
            </Button>
          )}
        </div>
        <p className={`${styles.muted} ${styles.small}`}>{t("workspace.created", { date: formatDate(saved.created_at) })}</p>
      </div>
    </form>
  );
}
