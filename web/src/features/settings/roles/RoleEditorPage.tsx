// One role: label, description, can_reassign, the object × action matrix (each cell a select of
// none/own/team/all, so it works by keyboard and screen reader) and the field rules. Built-in roles
// are shown read-only with a way to duplicate them. The server's 422 lands on the cell it names.
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { TextField } from "../../../components/Field";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { FormAlert } from "../shared/FormAlert";
import { useRefresh, useRoles, type Role } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { useFormAction } from "../shared/useFormAction";
import { MatrixTable } from "./MatrixTable";
import { FieldRulesEditor } from "./FieldRulesEditor";
import { draftFromRole, nameFromLabel, rolePayload, type RoleDraft } from "./matrix";
import styles from "../shared/settings.module.css";

export default function RoleEditorPage() {
  const { name = "new" } = useParams();
  const [search] = useSearchParams();
  const creating = name === "new";
  const from = search.get("from");
  const roles = useRoles();
  const source = roles.data?.find((r) => r.name === (creating ? from : name));
  const role = useQuery({
    queryKey: keys.settings(`role:${name}`),
    queryFn: async () => must(await api.GET("/api/v1/roles/{name}", { params: { path: { name } } })),
    enabled: !creating,
  });

  if (!creating && role.isPending) return <Skeleton lines={8} />;
  if (!creating && role.isError) return <ErrorNotice error={role.error} retry={() => void role.refetch()} />;
  if (creating && from && roles.isPending) return <Skeleton lines={8} />;
  const base = creating ? source : role.data;
  return <Editor key={`${name}:${from ?? ""}`} creating={creating} role={base ?? null} copyOf={creating ? (source?.label ?? null) : null} />;
}

function Editor({ creating, role, copyOf }: { creating: boolean; role: Role | null; copyOf: string | null }) {
  const navigate = useNavigate();
  const refresh = useRefresh();
  const toast = useToast();
  const readOnly = !creating && !!role?.builtin;
  const [draft, setDraft] = useState<RoleDraft>(() => {
    const d = draftFromRole(role);
    if (creating) return { ...d, name: "", label: copyOf ? t("roles.copyLabel", { name: copyOf }) : "" };
    return d;
  });
  const [nameTouched, setNameTouched] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const customFields = useQuery({
    queryKey: keys.settings("custom-fields"),
    queryFn: async () => must(await api.GET("/api/v1/custom-fields")).data,
  });

  useEffect(() => {
    if (creating && !nameTouched) setDraft((d) => ({ ...d, name: nameFromLabel(d.label) }));
  }, [creating, nameTouched, draft.label]);

  const title = creating ? t("roles.newTitle") : (role?.label ?? "");
  const save = useFormAction(async () => {
    const body = rolePayload(draft, creating);
    if (creating) await api.POST("/api/v1/roles", { body: body as never });
    else await api.PATCH("/api/v1/roles/{name}", { params: { path: { name: draft.name } }, body });
    await refresh(["settings"]);
    toast({ text: t(creating ? "roles.created" : "roles.saved", { name: draft.label.trim() }) });
    navigate("/settings/roles");
  });
  const errors = save.errors;
  const errorCount = Object.keys(errors.fields).length;

  const customByObject = useMemo(() => {
    const out: Record<string, { name: string; label: string }[]> = {};
    for (const f of customFields.data ?? []) if (f.object_type && f.name) (out[f.object_type] ??= []).push({ name: `custom.${f.name}`, label: f.label ?? f.name });
    return out;
  }, [customFields.data]);

  return (
    <SettingsPage title={title} headerExtra={<Link to="/settings/roles">{t("roles.back")}</Link>}>
      <form className={styles.sections} onSubmit={(e) => void save.run(e)} noValidate>
        {readOnly && (
          <p className={styles.notice}>
            {t("roles.builtinReadOnly")}{" "}
            <Link to={`/settings/roles/new?from=${encodeURIComponent(role?.name ?? "")}`}>{t("roles.duplicateNamed", { name: role?.label ?? "" })}</Link>
          </p>
        )}
        <FormAlert message={errors.message} />
        <FormAlert message={errorCount > 0 ? t("roles.errorsBelow", { n: errorCount }) : null} />
        <section className={styles.card} aria-labelledby="role-about">
          <h2 id="role-about">{t("roles.about")}</h2>
          <div className={styles.grid2}>
            <TextField
              label={t("roles.label")}
              value={draft.label}
              disabled={readOnly}
              onChange={(e) => setDraft({ ...draft, label: e.target.value })}
              error={errors.fields.label}
              required
            />
            <TextField
              label={t("roles.name")}
              value={draft.name}
              disabled={!creating}
              onChange={(e) => {
                setNameTouched(true);
                setDraft({ ...draft, name: e.target.value });
              }}
              error={errors.fields.name}
              help={creating ? t("roles.nameHelp") : undefined}
            />
          </div>
          <TextField
            label={t("roles.description")}
            value={draft.description}
            disabled={readOnly}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
            error={errors.fields.description}
          />
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={draft.can_reassign}
              disabled={readOnly}
              onChange={(e) => setDraft({ ...draft, can_reassign: e.target.checked })}
            />
            {t("roles.canReassign")}
          </label>
          {role?.admin && <p className={styles.muted}>{t("roles.adminNote")}</p>}
        </section>
        <section className={styles.card} aria-labelledby="role-matrix">
          <div>
            <h2 id="role-matrix">{t("roles.matrix")}</h2>
            <p className={styles.intro}>{t("roles.matrixHelp")}</p>
          </div>
          <MatrixTable matrix={draft.matrix} readOnly={readOnly} errors={errors.fields} onChange={(matrix) => setDraft({ ...draft, matrix })} />
        </section>
        <section className={styles.card} aria-labelledby="role-fields">
          <div>
            <h2 id="role-fields">{t("roles.fieldRules")}</h2>
            <p className={styles.intro}>{t("roles.fieldRulesHelp")}</p>
          </div>
          <FieldRulesEditor
            rules={draft.rules}
            custom={customByObject}
            readOnly={readOnly}
            errors={errors.fields}
            onChange={(rules) => setDraft({ ...draft, rules })}
          />
        </section>
        {!readOnly && (
          <div className={styles.actions}>
            <Button type="submit" variant="primary" disabled={save.busy || !draft.label.trim() || (creating && !draft.name.trim())}>
              {save.busy ? t("common.saving") : creating ? t("roles.create") : t("common.save")}
            </Button>
            <Button onClick={() => navigate("/settings/roles")}>{t("common.cancel")}</Button>
            {!creating && (
              <Button variant="danger" onClick={() => setDeleting(true)}>
                {t("roles.deleteNamed", { name: role?.label ?? "" })}
              </Button>
            )}
          </div>
        )}
      </form>
      {deleting && role && (
        <ConfirmDialog
          title={t("roles.deleteTitle", { name: role.label })}
          confirm={t("roles.deleteNamed", { name: role.label })}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/roles/{name}", { params: { path: { name: role.name } } });
            await refresh(["settings"]);
            toast({ text: t("roles.deleted", { name: role.label }) });
            navigate("/settings/roles");
          }}
        >
          <p>{t("roles.deleteText", { name: role.label })}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
