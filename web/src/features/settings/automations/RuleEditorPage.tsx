// The rule editor, for a new rule (/settings/automations/new) and an existing one (/…/:id): its
// name and records, its trigger, its conditions (the lists' filter builder) and its ordered
// actions. A change sends only the parts the admin changed, with If-Match of the version the page
// opened on; when someone saved the rule meanwhile (412) the page says what they changed and lets
// the admin save theirs over it or take the other version. Every field error of a 422 shows on its
// input; one the editor cannot place is said above the form. A saved rule can be tested on a record.
import { Fragment, useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { ConflictNotice } from "../shared/ConflictNotice";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import { actionName } from "./ActionForm";
import { ActionList } from "./ActionList";
import { useToggle } from "./AutomationsPage";
import { ConditionsField } from "./ConditionsField";
import { PausedNotice } from "./PausedNotice";
import { automationKey, automationsKey, useAutomation } from "./queries";
import { actionsFor, blankForm, changedParts, formOf, ruleBody, RULE_OBJECTS, theirChanges, triggersFor, unplacedErrors, type Rule, type RuleForm } from "./rule";
import { TestDialog } from "./TestDialog";
import { TriggerFields } from "./TriggerFields";
import { useNames } from "./useNames";
import { triggerSentence, type Names } from "./words";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export default function RuleEditorPage() {
  const { id = "new" } = useParams();
  if (id === "new") return <RuleEditor rule={null} />;
  return <ExistingRule id={id} />;
}

function ExistingRule({ id }: { id: string }) {
  const rule = useAutomation(id);
  return (
    <Loaded query={rule} lines={10}>
      {(r) => <RuleEditor key={r.id} rule={r} />}
    </Loaded>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section className={`${styles.card} ${own.section}`} aria-labelledby={id}>
      <h2 id={id} className={own.sectionTitle}>
        {title}
      </h2>
      {intro && <p className={`${styles.muted} ${styles.small}`}>{intro}</p>}
      {children}
    </section>
  );
}

function RuleEditor({ rule }: { rule: Rule | null }) {
  const queries = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const toggle = useToggle();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<Rule, RuleForm>({
    initial: rule,
    formOf,
    blank: blankForm,
    changed: (a, b) => Object.keys(changedParts(a, b)).length > 0,
    create: async (f) => {
      const created = must(await api.POST("/api/v1/automations", { body: ruleBody(f) }));
      await queries.invalidateQueries({ queryKey: automationsKey });
      toast({ text: t("automations.editor.created", { name: created.name }) });
      navigate(`/settings/automations/${created.id}`, { replace: true });
    },
    update: async (on, from, f, ifMatch) =>
      must(await api.PATCH("/api/v1/automations/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: changedParts(from, f) })),
    read: async (id) => must(await api.GET("/api/v1/automations/{id}", { params: { path: { id } } })),
    saved: async (saved) => {
      if (!saved) return;
      queries.setQueryData(automationKey(saved.id), saved);
      await queries.invalidateQueries({ queryKey: automationsKey });
      toast({ text: t("automations.editor.saved", { n: saved.version }) });
    },
    took: (fresh) => queries.setQueryData(automationKey(fresh.id), fresh),
  });
  const [testing, setTesting] = useState(false);
  const { names, fields, stages, pipelines } = useNames(form.object_type);

  const errors = action.errors.fields;
  const others = unplacedErrors(errors, form);
  const dirty = !origin || Object.keys(changedParts(origin, form)).length > 0;
  const ready = !!form.name.trim() && form.actions.length > 0 && !conflict;

  const header = (
    <>
      <Link to="/settings/automations" className={styles.small}>
        {t("automations.back")}
      </Link>
      {current && (
        <>
          <Link to="runs" className={styles.small}>
            {t("automations.runs")}
          </Link>
          <Button onClick={() => setTesting(true)}>{t("automations.editor.test")}</Button>
        </>
      )}
    </>
  );

  return (
    <SettingsPage title={rule ? t("automations.editor.editTitle", { name: rule.name }) : t("automations.editor.newTitle")} headerExtra={header}>
      {current && !current.enabled && current.paused_reason && (
        <PausedNotice rule={current}>
          <div>
            <Button variant="primary" size="small" onClick={() => void toggle(current, true)}>
              {t("automations.enable")}
            </Button>
          </div>
        </PausedNotice>
      )}
      <form className={own.editor} onSubmit={(e) => void action.run(e)} noValidate>
        {conflict && (
          <Conflict
            base={origin ?? form}
            fresh={conflict}
            names={names}
            onMine={keepMine}
            onTheirs={takeTheirs}
          />
        )}
        <FormAlert message={action.errors.message} />
        {others.length > 0 && (
          <div className={styles.alert} role="alert">
            <p>{t("automations.editor.otherErrors")}</p>
            <ul>
              {others.map(([path, message]) => (
                <li key={path}>
                  <code>{path}</code>: {message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Section id="rule-basics" title={t("automations.editor.basics")}>
          <TextField label={t("automations.name")} value={form.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} help={t("automations.nameHelp")} maxLength={200} required autoFocus={!rule} />
          <TextField label={t("automations.description")} value={form.description} onChange={(e) => set({ description: e.target.value })} error={errors.description} help={t("automations.descriptionHelp")} maxLength={1000} />
          <SelectField
            label={t("automations.object")}
            value={form.object_type}
            disabled={!!rule}
            error={errors.object_type}
            onChange={(v) => {
              const object = v as RuleForm["object_type"];
              const trigger = triggersFor(object).includes(form.trigger.type) ? form.trigger : { type: "record_created" as const };
              set({ object_type: object, trigger, conditions: [], actions: form.actions.filter((a) => actionsFor(object).includes(a.action.type)) });
            }}
          >
            {RULE_OBJECTS.map((o) => (
              <option key={o} value={o}>
                {t(`automations.object.${o}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          {rule && <p className={`${styles.muted} ${styles.small}`}>{t("automations.editor.objectLocked")}</p>}
        </Section>
        <Section id="rule-trigger" title={t("automations.editor.triggerTitle")} intro={t("automations.editor.triggerIntro")}>
          <TriggerFields object={form.object_type} trigger={form.trigger} onChange={(trigger) => set({ trigger })} errors={errors} fields={fields} stages={stages} pipelines={pipelines} />
          <p className={own.sentence} aria-live="polite">
            {triggerSentence(form.object_type, form.trigger, names)}
          </p>
        </Section>
        <Section id="rule-conditions" title={t("automations.editor.conditionsTitle")} intro={t("automations.editor.conditionsIntro")}>
          <ConditionsField
            conditions={form.conditions}
            onChange={(conditions) => set({ conditions })}
            trigger={form.trigger.type}
            errors={errors}
            fields={fields}
            stages={stages}
            pipelines={pipelines}
            names={names}
          />
        </Section>
        <Section id="rule-actions" title={t("automations.editor.actionsTitle")} intro={t("automations.editor.actionsIntro")}>
          <ActionList actions={form.actions} onChange={(actions) => set({ actions })} object={form.object_type} errors={errors} fields={fields} stages={stages} pipelines={pipelines} />
          {form.actions.length === 0 && <p className={`${styles.muted} ${styles.small}`}>{t("automations.editor.noActions")}</p>}
        </Section>
        <div className={own.footer}>
          {rule && dirty && <span className={`${styles.muted} ${styles.small}`}>{t("automations.editor.unsaved")}</span>}
          <Button variant="primary" type="submit" disabled={action.busy || !ready || (!!rule && !dirty)}>
            {rule ? t("automations.editor.save") : t("automations.editor.create")}
          </Button>
        </div>
      </form>
      {testing && current && <TestDialog rule={current} onClose={() => setTesting(false)} />}
    </SettingsPage>
  );
}

/** Their version of a part, in a line: the text, the trigger in words, how many conditions or actions. */
function theirPart(part: ReturnType<typeof theirChanges>[number], fresh: Rule, names: Names): string {
  switch (part) {
    case "name":
    case "description":
      return fresh[part] || t("common.none");
    case "trigger":
      return triggerSentence(fresh.object_type, fresh.trigger, names);
    case "conditions":
      return t("automations.conflict.conditions", { n: fresh.conditions.length });
    case "actions":
      return fresh.actions.map((a) => actionName(a.type)).join(" → ");
    default:
      return t(`automations.object.${fresh.object_type}` as MessageKey);
  }
}

/** Someone saved the rule while it was open: which parts they changed, and the two ways on. */
function Conflict({ base, fresh, names, onMine, onTheirs }: { base: RuleForm; fresh: Rule; names: Names; onMine: () => void; onTheirs: () => void }) {
  return (
    <ConflictNotice title={t("automations.conflict.title")} mine={t("automations.conflict.mine")} theirs={t("automations.conflict.theirs")} onMine={onMine} onTheirs={onTheirs}>
      <dl className={styles.facts}>
        {theirChanges(base, formOf(fresh)).map((p) => (
          <Fragment key={p}>
            <dt>{t(`automations.part.${p}`)}</dt>
            <dd>{theirPart(p, fresh, names)}</dd>
          </Fragment>
        ))}
      </dl>
    </ConflictNotice>
  );
}
