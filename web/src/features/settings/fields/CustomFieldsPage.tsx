// Custom fields per object: define (name, label, type and the settings of that type), change the
// label and settings, delete with its values. Errors of the server show on their fields.
import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { TextField, fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { formErrors, noErrors, type FormErrors } from "../shared/errors";
import { SelectField } from "../shared/SelectField";
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

export default function CustomFieldsPage() {
  const [object, setObject] = useState<FieldObject>("contacts");
  const [editing, setEditing] = useState<CustomField | "new" | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const queries = useQueryClient();
  const toast = useToast();
  const fields = useQuery({
    queryKey: keys.settings("custom-fields"),
    queryFn: async () => must(await api.GET("/api/v1/custom-fields")).data,
  });
  const list = (fields.data ?? []).filter((f) => f.object_type === object);

  return (
    <>
      <PageHeader title={t("fields.title")}>
        <Button variant="primary" onClick={() => setEditing("new")}>
          <Icon name="plus" />
          {t("fields.add", { object: objectLabel(object) })}
        </Button>
      </PageHeader>
      <div className={styles.body}>
        <p className={styles.intro}>{t("fields.intro")}</p>
        <div className={styles.filters}>
          <SelectField label={t("fields.object")} value={object} onChange={(v) => setObject(v as FieldObject)}>
            {FIELD_OBJECTS.map((o) => (
              <option key={o} value={o}>
                {objectLabel(o)} ({(fields.data ?? []).filter((f) => f.object_type === o).length})
              </option>
            ))}
          </SelectField>
        </div>
        {fields.isPending ? (
          <Skeleton lines={5} />
        ) : fields.isError ? (
          <ErrorNotice error={fields.error} retry={() => void fields.refetch()} />
        ) : list.length === 0 ? (
          <EmptyState
            title={t("fields.empty.title", { object: objectLabel(object) })}
            action={<Button onClick={() => setEditing("new")}>{t("fields.add", { object: objectLabel(object) })}</Button>}
          >
            {t("fields.empty.body")}
          </EmptyState>
        ) : (
          <div className={styles.tableWrap}>
            <table className={`${styles.table} ${styles.stack}`}>
              <thead>
                <tr>
                  <th scope="col">{t("fields.label")}</th>
                  <th scope="col">{t("fields.name")}</th>
                  <th scope="col">{t("fields.type")}</th>
                  <th scope="col">{t("fields.rules")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("settings.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((f) => (
                  <tr key={f.id}>
                    <td className={styles.name}>{f.label}</td>
                    <td data-label={t("fields.name")} className={styles.mono}>
                      {f.name}
                    </td>
                    <td data-label={t("fields.type")}>
                      {typeLabel(f.type ?? "text")}
                      {f.options && f.options.length > 0 && <div className={`${styles.muted} ${styles.small}`}>{f.options.join(", ")}</div>}
                    </td>
                    <td data-label={t("fields.rules")}>
                      {f.required && <span className={styles.badge}>{t("fields.required")}</span>}{" "}
                      {f.unique && <span className={styles.badge}>{t("fields.unique")}</span>}
                    </td>
                    <td>
                      <div className={styles.rowActions}>
                        <Button size="small" onClick={() => setEditing(f)} aria-label={t("fields.editNamed", { name: f.label ?? "" })}>
                          {t("common.edit")}
                        </Button>
                        <Button size="small" variant="danger" onClick={() => setDeleting(f)} aria-label={t("fields.deleteNamed", { name: f.label ?? "" })}>
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
      {editing && <FieldDialog object={object} field={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDialog
          title={t("fields.deleteTitle", { name: deleting.label ?? "" })}
          confirm={t("fields.deleteNamed", { name: deleting.label ?? "" })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/custom-fields/{id}", { params: { path: { id: deleting.id ?? "" } } });
            await queries.invalidateQueries({ queryKey: keys.settings("custom-fields") });
            toast({ text: t("fields.deleted", { name: deleting.label ?? "" }) });
          }}
        >
          <p>{t("fields.deleteText", { name: deleting.label ?? "", object: objectLabel(deleting.object_type ?? object) })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function FieldDialog({ object, field, onClose }: { object: FieldObject; field: CustomField | null; onClose: () => void }) {
  const queries = useQueryClient();
  const toast = useToast();
  const creating = !field;
  const [s, setS] = useState<FieldFormState>(() => formFromField(object, field));
  const [nameTouched, setNameTouched] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<FieldFormState>) => setS((prev) => ({ ...prev, ...patch }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      const body = fieldPayload(s, creating);
      if (creating) await api.POST("/api/v1/custom-fields", { body });
      else await api.PATCH("/api/v1/custom-fields/{id}", { params: { path: { id: field.id ?? "" } }, body });
      await queries.invalidateQueries({ queryKey: keys.settings("custom-fields") });
      toast({ text: t(creating ? "fields.created" : "fields.saved", { name: s.label.trim() }) });
      onClose();
    } catch (err) {
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const f = errors.fields;
  const optionsId = "cf-options";
  return (
    <Dialog
      title={creating ? t("fields.add", { object: objectLabel(s.object_type) }) : t("fields.editNamed", { name: field.label ?? "" })}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={busy || !s.label.trim() || (creating && !s.name.trim())} onClick={() => void submit()}>
            {creating ? t("fields.create") : t("common.save")}
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
        {(f.required || f.unique) && (
          <p className={styles.alert} role="alert">
            {f.required ?? f.unique}
          </p>
        )}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
