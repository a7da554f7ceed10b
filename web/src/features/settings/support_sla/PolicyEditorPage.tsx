// The SLA policy editor (/settings/sla-policies/new and /…/:id): name, which tickets (conditions),
// the three targets, the clock they count on, the statuses that pause it and the warning — each
// with one line on what it does. Durations are checked here before sending (policy.ts) and said at
// their field; the server's 422s land at the same paths. A save sends the parts changed with
// If-Match (useVersionedEditor, as the other settings editors).
import { useNavigate, useParams, Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField, fieldStyles } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { CheckList } from "../shared/CheckList";
import { ConflictNotice } from "../shared/ConflictNotice";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import { ConditionsFields } from "./ConditionsFields";
import { blankPolicy, changedKeys, PAUSABLE, policyBody, policyForm, type PolicyBody, type PolicyForm, type SlaPolicy } from "./policy";
import { policiesKey, useCalendars, usePolicy } from "./queries";
import { TargetsField, tidy } from "./TargetsField";
import styles from "../shared/settings.module.css";
import own from "./sla.module.css";

export default function PolicyEditorPage() {
  const { id = "new" } = useParams();
  const one = usePolicy(id);
  if (id === "new") return <Editor policy={null} />;
  return (
    <Loaded query={one} lines={12}>
      {(x) => <Editor key={x.id} policy={x} />}
    </Loaded>
  );
}

/** The body of a form known to be valid (the submit checks it first). */
const bodyOf = (f: PolicyForm): PolicyBody | null => {
  const r = policyBody(f);
  return "body" in r ? r.body : null;
};
const same = (a: PolicyForm, b: PolicyForm) => JSON.stringify(a) === JSON.stringify(b);

function Editor({ policy }: { policy: SlaPolicy | null }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const calendars = useCalendars();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<SlaPolicy, PolicyForm>({
    initial: policy,
    formOf: policyForm,
    blank: blankPolicy,
    changed: (a, b) => !same(a, b),
    create: async (f) => {
      const body = bodyOf(f)!;
      const created = must(await api.POST("/api/v1/sla-policies", { body }));
      await queries.invalidateQueries({ queryKey: policiesKey });
      toast({ text: t("sla.created", { name: created.name }) });
      navigate(`/settings/sla-policies/${created.id}`, { replace: true });
    },
    update: async (on, from, f, ifMatch) => {
      const before = bodyOf(from);
      const after = bodyOf(f)!;
      const keys = before ? changedKeys(before, after) : (Object.keys(after) as (keyof PolicyBody)[]);
      if (keys.length === 0) return on;
      const patch = Object.fromEntries(keys.map((k) => [k, after[k]]));
      return must(await api.PATCH("/api/v1/sla-policies/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: patch }));
    },
    read: async (id) => must(await api.GET("/api/v1/sla-policies/{id}", { params: { path: { id } } })),
    saved: async (saved) => {
      if (!saved) return;
      queries.setQueryData([...policiesKey, saved.id], saved);
      await queries.invalidateQueries({ queryKey: policiesKey, exact: true });
      toast({ text: t("sla.saved") });
    },
  });
  const errors = action.errors.fields;
  const dirty = !origin || !same(origin, form);
  const ready = !!form.name.trim() && !conflict;

  // Durations and the percent are checked before anything is sent, and said at their fields.
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!ready || !dirty) return;
    const r = policyBody(form);
    if ("errors" in r) {
      action.setErrors({ fields: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, t(`sla.error.${v}` as MessageKey)])), message: null });
      return;
    }
    void action.run();
  };
  const back = (
    <Link to="/settings/sla-policies" className={styles.small}>
      {t("sla.back")}
    </Link>
  );
  const changedParts = conflict && current ? changedKeys(bodyOf(policyForm(current)) ?? ({} as PolicyBody), bodyOf(policyForm(conflict)) ?? ({} as PolicyBody)) : [];

  return (
    <SettingsPage title={policy ? t("sla.editTitle", { name: policy.name }) : t("sla.newTitle")} headerExtra={back}>
      {conflict && (
        <ConflictNotice title={t("sla.conflict.title")} mine={t("sla.conflict.mine")} theirs={t("sla.conflict.theirs")} onMine={keepMine} onTheirs={takeTheirs}>
          <p>{t("sla.conflict.changed", { parts: changedParts.join(", ") })}</p>
        </ConflictNotice>
      )}
      <form className={`${styles.card} ${own.form}`} onSubmit={submit} noValidate>
        <FormAlert message={action.errors.message} />
        <div className={own.narrow}>
          <TextField label={t("sla.name")} value={form.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} error={errors.name} help={t("sla.nameHelp")} autoFocus={!policy} />
        </div>
        <ConditionsFields value={form} onChange={set} errors={errors} />
        <TargetsField targets={form.targets} onChange={(targets) => set({ targets })} errors={errors} />
        <fieldset className={own.section} aria-describedby="sla-clock-help">
          <legend>{t("sla.clockField")}</legend>
          <p id="sla-clock-help" className={own.explain}>
            {t("sla.clockHelp")}
          </p>
          <div className={own.choices}>
            <Choice name="clock" value="ticket" current={form.clock} onPick={(clock) => set({ clock })} label={t("sla.clockTicket")} />
            {(calendars.data ?? []).map((c) => (
              <Choice key={c.id} name="clock" value={c.id} current={form.clock} onPick={(clock) => set({ clock })} label={t("sla.clockHours", { name: c.name })} />
            ))}
            <Choice name="clock" value="calendar" current={form.clock} onPick={(clock) => set({ clock })} label={t("sla.clockCalendar")} />
          </div>
          {(errors.business_hours_id || errors.calendar_time) && (
            <span className={fieldStyles.error} role="alert">
              {errors.business_hours_id ?? errors.calendar_time}
            </span>
          )}
        </fieldset>
        <div>
          <CheckList
            legend={t("sla.pause")}
            options={PAUSABLE.map((s) => ({ id: s, label: t(`enum.status.${s}` as MessageKey) }))}
            value={form.pause}
            onChange={(ids) => set({ pause: PAUSABLE.filter((s) => ids.includes(s)) })}
            error={errors.pause_statuses}
          />
          <p className={own.explain}>{t("sla.pauseHelp")}</p>
        </div>
        <fieldset className={own.section} aria-describedby="sla-warning-help">
          <legend>{t("sla.warning")}</legend>
          <p id="sla-warning-help" className={own.explain}>
            {t("sla.warningHelp")}
          </p>
          <div className={own.choices}>
            {(["percent", "before", "none"] as const).map((w) => (
              <Choice key={w} name="warning" value={w} current={form.warning} onPick={() => set({ warning: w })} label={t(`sla.warning.${w}`)} />
            ))}
          </div>
          {form.warning === "percent" && (
            <div className={own.duration}>
              <TextField label={t("sla.percent")} value={form.percent} inputMode="numeric" onChange={(e) => set({ percent: e.target.value })} error={errors["warning.percent"]} />
            </div>
          )}
          {form.warning === "before" && (
            <div className={own.duration}>
              <TextField label={t("sla.before")} value={form.before} onChange={(e) => set({ before: e.target.value })} onBlur={() => set({ before: tidy(form.before) })} error={errors["warning.minutes_before"]} />
            </div>
          )}
          {errors.warning && (
            <span className={fieldStyles.error} role="alert">
              {errors.warning}
            </span>
          )}
        </fieldset>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!ready || !dirty || action.busy}>
            {action.busy ? t("common.saving") : policy ? t("common.save") : t("sla.create")}
          </Button>
        </div>
      </form>
    </SettingsPage>
  );
}

function Choice({ name, value, current, onPick, label }: { name: string; value: string; current: string; onPick: (v: string) => void; label: string }) {
  return (
    <label className={own.choice}>
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onPick(value)} />
      <span>{label}</span>
    </label>
  );
}
