// Custom fields per object: define (name, label, type and the settings of that type), change the
// label and settings, delete with its values. Errors of the server show on their fields.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { TextField, fieldStyles } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { FormAlert } from "../shared/FormAlert";
import { FormDialog } from "../shared/FormDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { SettingsTable } from "../shared/SettingsTable";
import { useFormAction } from "../shared/useFormAction";
import { objectLabel } from "../roles/MatrixTable";
import {
  FIELD_OBJECTS,
  FIELD_TYPES,
  fieldNameFromLabel,
  fieldPayload,
  formFromField,
  type CustomField,
  type FieldFormState,
  type FieldObject,
} from "./fieldForm";
import styles from "../shared/settings.module.css";

const typeLabel = (type: string) => t(`fields.type.${type}` as MessageKey);
const fieldsKey = keys.settings("custom-fields");

export default function CustomFieldsPage() {
  const [object, setObject] = useState<FieldObject>("contacts");
  const [editing, setEditing] = useState<CustomField | "new" | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const refresh = useRefresh();
  const toast = useToast();
  const fields = useQuery({ queryKey: fieldsKey, queryFn: async () => must(await api.GET("/api/v1/custom-fields")).data });
  const of = (o: string) => (fields.data ?? []).filter((f) => f.object_type === o);
  const add = { label: t("fields.add", { object: objectLabel(object) }), run: () => setEditing("new") };

  return (
    <SettingsPage title={t("fields.title")} intro={t("fields.intro")} action={add}>
      <div className={styles.filters}>
        <SelectField label={t("fields.object")} value={object} onChange={(v) => setObject(v as FieldObject)}>
          {FIELD_OBJECTS.map((o) => (
            <option key={o} value={o}>
              {objectLabel(o)} ({of(o).length})
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded query={fields}>
        {() => (
          <SettingsTable
            label={t("fields.title")}
            rows={of(object)}
            rowKey={(f) => f.id ?? ""}
            empty={{ title: t("fields.empty.title", { object: objectLabel(object) }), body: t("fields.empty.body"), action: add }}
            columns={[
              { header: t("fields.label"), primary: true, className: styles.name, cell: (f) => f.label },
              { header: t("fields.name"), className: styles.mono, cell: (f) => f.name },
              {
                header: t("fields.type"),
                cell: (f) => (
                  <>
                    {typeLabel(f.type ?? "text")}
                    {f.options && f.options.length > 0 && <div className={`${styles.muted} ${styles.small}`}>{f.options.join(", ")}</div>}
                  </>
                ),
              },
              {
                header: t("fields.rules"),
                cell: (f) => (
                  <>
                    {f.required && <Badge>{t("fields.required")}</Badge>} {f.unique && <Badge>{t("fields.unique")}</Badge>}
                  </>
                ),
              },
            ]}
            actions={(f) => (
              <>
                <Button size="small" onClick={() => setEditing(f)} aria-label={t("fields.editNamed", { name: f.label ?? "" })}>
                  {t("common.edit")}
                </Button>
                <Button size="small" variant="danger" onClick={() => setDeleting(f)} aria-label={t("fields.deleteNamed", { name: f.label ?? "" })}>
                  {t("common.delete")}
                </Button>
              </>
            )}
          />
        )}
      </Loaded>
      {editing && <FieldDialog object={object} field={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t("fields.deleteTitle", { name: deleting.label ?? "" })}
          confirm={t("fields.deleteNamed", { name: deleting.label ?? "" })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/custom-fields/{id}", { params: { path: { id: deleting.id ?? "" } } });
            await refresh(fieldsKey);
            toast({ text: t("fields.deleted", { name: deleting.label ?? "" }) });
          }}
        >
          <p>{t("fields.deleteText", { name: deleting.label ?? "", object: objectLabel(deleting.object_type ?? object) })}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}

function FieldDialog({ object, field, onClose }: { object: FieldObject; field: CustomField | null; onClose: () => void }) {
  const refresh = useRefresh();
  const toast = useToast();
  const creating = !field;
  const [s, setS] = useState<FieldFormState>(() => formFromField(object, field));
  const [nameTouched, setNameTouched] = useState(false);
  const set = (patch: Partial<FieldFormState>) => setS((prev) => ({ ...prev, ...patch }));

  const action = useFormAction(async () => {
    const body = fieldPayload(s, creating);
    if (creating) await api.POST("/api/v1/custom-fields", { body });
    else await api.PATCH("/api/v1/custom-fields/{id}", { params: { path: { id: field.id ?? "" } }, body });
    await refresh(fieldsKey);
    toast({ text: t(creating ? "fields.created" : "fields.saved", { name: s.label.trim() }) });
    onClose();
  });

  const f = action.errors.fields;
  const optionsId = "cf-options";
  return (
    <FormDialog
      title={creating ? t("fields.add", { object: objectLabel(s.object_type) }) : t("fields.editNamed", { name: field.label ?? "" })}
      submit={creating ? t("fields.create") : t("common.save")}
      action={action}
      ready={!!s.label.trim() && (!creating || !!s.name.trim())}
      onClose={onClose}
    >
      <TextField
        label={t("fields.label")}
        value={s.label}
        required
        onChange={(e) => set({ label: e.target.value, ...(creating && !nameTouched ? { name: fieldNameFromLabel(e.target.value) } : {}) })}
        error={f.label}
      />
      <TextField
        label={t("fields.name")}
        value={s.name}
        disabled={!creating}
        onChange={(e) => {
          setNameTouched(true);
          set({ name: e.target.value });
        }}
        error={f.name}
        help={creating ? t("fields.nameHelp") : t("fields.fixed")}
      />
      <SelectField label={t("fields.type")} value={s.type} disabled={!creating} onChange={(v) => set({ type: v as FieldFormState["type"] })} error={f.type}>
        {FIELD_TYPES.map((ty) => (
          <option key={ty} value={ty}>
            {typeLabel(ty)}
          </option>
        ))}
      </SelectField>
      {(s.type === "select" || s.type === "multi_select") && (
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={optionsId}>
            {t("fields.options")}
          </label>
          <textarea
            id={optionsId}
            className={fieldStyles.input}
            value={s.options}
            onChange={(e) => set({ options: e.target.value })}
            aria-invalid={f.options ? true : undefined}
            aria-describedby={`${optionsId}-help`}
          />
          <span id={`${optionsId}-help`} className={f.options ? fieldStyles.error : fieldStyles.help} role={f.options ? "alert" : undefined}>
            {f.options ?? t("fields.optionsHelp")}
          </span>
        </div>
      )}
      {s.type === "money" && (
        <TextField label={t("fields.currency")} value={s.currency} maxLength={3} onChange={(e) => set({ currency: e.target.value })} error={f.currency} help={t("fields.currencyHelp")} />
      )}
      {(s.type === "number" || s.type === "money") && (
        <div className={styles.grid2}>
          <TextField label={t("fields.min")} inputMode="decimal" value={s.min} onChange={(e) => set({ min: e.target.value })} error={f.min} />
          <TextField label={t("fields.max")} inputMode="decimal" value={s.max} onChange={(e) => set({ max: e.target.value })} error={f.max} />
        </div>
      )}
      {s.type === "text" && (
        <div className={styles.grid2}>
          <TextField label={t("fields.maxLength")} inputMode="numeric" value={s.max_length} onChange={(e) => set({ max_length: e.target.value })} error={f.max_length} />
          <TextField label={t("fields.pattern")} value={s.pattern} onChange={(e) => set({ pattern: e.target.value })} error={f.pattern} help={t("fields.patternHelp")} />
        </div>
      )}
      <label className={styles.check}>
        <input type="checkbox" checked={s.required} onChange={(e) => set({ required: e.target.checked })} />
        {t("fields.requiredLong")}
      </label>
      <label className={styles.check}>
        <input type="checkbox" checked={s.unique} onChange={(e) => set({ unique: e.target.checked })} />
        {t("fields.uniqueLong")}
      </label>
      <FormAlert message={f.required ?? f.unique} />
    </FormDialog>
  );
}
