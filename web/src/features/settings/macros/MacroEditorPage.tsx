// The macro editor (/settings/macros/new and /…/:id): name, reply or note, the text with a merge
// field picker that inserts at the cursor, the field changes (status, priority, assignee, team, tags
// to add and remove) and sharing. A 422 about a merge field ("unknown merge field {{contact.nope}}
// at line 1, column 4") shows under the text and selects the field in it. The server has no preview
// of a macro against a ticket, so the page says so instead of guessing. Saves as the other settings
// editors (useVersionedEditor: the parts changed, If-Match, 412 handled).
import { useEffect, useRef } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { useUsers } from "../../../app/users";
import { t, type MessageKey } from "../../../i18n";
import { errorPlace, insertAt, offsetOf, placeholder } from "../../email/template";
import { TextArea } from "../../sales/TextArea";
import { personName } from "../shared/actions";
import { ConflictNotice } from "../shared/ConflictNotice";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useTeams } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import { MergeFieldPicker } from "../email/MergeFieldPicker";
import { TagsField } from "../support_sla/TagsField";
import { blankMacro, macroBody, macroForm, macroPatch, PRIORITIES, STATUSES, UNASSIGN, type Macro, type MacroForm } from "./macro";
import { macrosKey, useMacro, useMacroMergeFields } from "./queries";
import styles from "../shared/settings.module.css";
import sla from "../support_sla/sla.module.css";

export default function MacroEditorPage() {
  const { id = "new" } = useParams();
  const one = useMacro(id);
  if (id === "new") return <Editor macro={null} />;
  return (
    <Loaded query={one} lines={10}>
      {(x) => <Editor key={x.id} macro={x} />}
    </Loaded>
  );
}

function Editor({ macro }: { macro: Macro | null }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const merge = useMacroMergeFields();
  const users = useUsers();
  const teams = useTeams();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<Macro, MacroForm>({
    initial: macro,
    formOf: macroForm,
    blank: blankMacro,
    changed: (a, b) => Object.keys(macroPatch(a, b)).length > 0,
    create: async (f) => {
      const created = must(await api.POST("/api/v1/macros", { body: macroBody(f) }));
      await queries.invalidateQueries({ queryKey: macrosKey });
      toast({ text: t("macros.created", { name: created.name }) });
      navigate(`/settings/macros/${created.id}`, { replace: true });
    },
    update: async (on, from, f, ifMatch) =>
      must(await api.PATCH("/api/v1/macros/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: macroPatch(from, f) })),
    read: async (id) => must(await api.GET("/api/v1/macros/{id}", { params: { path: { id } } })),
    saved: async (saved) => {
      if (!saved) return;
      queries.setQueryData([...macrosKey, saved.id], saved);
      await queries.invalidateQueries({ queryKey: macrosKey, exact: true });
      toast({ text: t("macros.saved") });
    },
  });
  const errors = action.errors.fields;
  const body = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<[number, number]>([0, 0]);

  // A refused merge field: select it in the text.
  useEffect(() => {
    const el = body.current;
    const place = errors.body ? errorPlace(errors.body) : null;
    if (!el || !errors.body) return;
    el.focus();
    if (place) {
      const at = offsetOf(el.value, place.line, place.column);
      const end = el.value.indexOf("}}", at);
      el.setSelectionRange(at, end >= 0 ? end + 2 : at);
    }
  }, [errors.body]);

  const remember = (e: { currentTarget: HTMLTextAreaElement }) => {
    caret.current = [e.currentTarget.selectionStart ?? 0, e.currentTarget.selectionEnd ?? 0];
  };
  const pick = (name: string) => {
    const [start, end] = caret.current;
    const next = insertAt(form.body, start, end, placeholder(name));
    set({ body: next.text });
    caret.current = [next.caret, next.caret];
    requestAnimationFrame(() => {
      body.current?.focus();
      body.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const dirty = !origin || Object.keys(macroPatch(origin, form)).length > 0;
  const ready = !!form.name.trim() && !conflict;
  const back = (
    <Link to="/settings/macros" className={styles.small}>
      {t("macros.back")}
    </Link>
  );
  const change = (k: string) => errors[`changes.${k}`];

  return (
    <SettingsPage title={macro ? t("macros.editTitle", { name: macro.name }) : t("macros.newTitle")} headerExtra={back}>
      {conflict && current && (
        <ConflictNotice title={t("macros.conflict.title")} mine={t("macros.conflict.mine")} theirs={t("macros.conflict.theirs")} onMine={keepMine} onTheirs={takeTheirs}>
          <p>{t("macros.conflict.changed", { parts: Object.keys(macroPatch(macroForm(current), macroForm(conflict))).join(", ") })}</p>
        </ConflictNotice>
      )}
      <form className={`${styles.card} ${sla.form}`} onSubmit={(e) => (ready && dirty ? void action.run(e) : e.preventDefault())} noValidate>
        <FormAlert message={action.errors.message} />
        <div className={sla.narrow}>
          <TextField label={t("macros.name")} value={form.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} error={errors.name} help={t("macros.nameHelp")} autoFocus={!macro} />
        </div>
        <fieldset className={sla.section} aria-describedby="macro-kind-help">
          <legend>{t("macros.kindField")}</legend>
          <p id="macro-kind-help" className={sla.explain}>
            {t("macros.kindHelp")}
          </p>
          <div className={sla.choices}>
            {(["reply", "note"] as const).map((k) => (
              <label key={k} className={sla.choice}>
                <input type="radio" name="macro-kind" checked={form.kind === k} onChange={() => set({ kind: k })} />
                <span>{t(k === "reply" ? "macros.kindReply" : "macros.kindNote")}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className={sla.section}>
          <div className={sla.narrow}>
            <MergeFieldPicker
              groups={merge.groups}
              target={t("macros.body")}
              onPick={pick}
              groupLabel={(o) => t(`macros.group.${o}` as MessageKey)}
              help={t("macros.insertHelp")}
            />
          </div>
          <TextArea
            ref={body}
            label={t("macros.body")}
            value={form.body}
            rows={8}
            onChange={(e) => set({ body: e.target.value })}
            onSelect={remember}
            onFocus={remember}
            error={errors.body}
            help={t("macros.bodyHelp")}
            spellCheck
          />
          <p className={sla.explain}>{t("macros.noPreview")}</p>
        </div>
        <fieldset className={sla.section} aria-describedby="macro-changes-help">
          <legend>{t("macros.fieldChanges")}</legend>
          <p id="macro-changes-help" className={sla.explain}>
            {t("macros.fieldChangesHelp")}
          </p>
          {errors.changes && (
            <p className={styles.alert} role="alert">
              {errors.changes}
            </p>
          )}
          <div className={styles.grid2}>
            <SelectField label={t("macros.status")} value={form.status} onChange={(v) => set({ status: v as MacroForm["status"] })} error={change("status")}>
              <option value="">{t("macros.keep")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`enum.status.${s}` as MessageKey)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("macros.priority")} value={form.priority} onChange={(v) => set({ priority: v as MacroForm["priority"] })} error={change("priority")}>
              <option value="">{t("macros.keep")}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`enum.priority.${p}` as MessageKey)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("macros.assignee")} value={form.assignee} onChange={(v) => set({ assignee: v })} error={change("assignee_id")}>
              <option value="">{t("macros.keep")}</option>
              <option value={UNASSIGN}>{t("macros.unassign")}</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {personName(u)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("macros.team")} value={form.team} onChange={(v) => set({ team: v })} error={change("team_id")}>
              <option value="">{t("macros.keep")}</option>
              {(teams.data ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </SelectField>
          </div>
          <TagsField label={t("macros.addTags")} help={t("macros.addTagsHelp")} tags={form.add_tags} onChange={(add_tags) => set({ add_tags })} error={change("add_tags")} />
          <TagsField label={t("macros.removeTags")} help={t("macros.removeTagsHelp")} tags={form.remove_tags} onChange={(remove_tags) => set({ remove_tags })} error={change("remove_tags")} />
        </fieldset>
        <div>
          <label className={sla.choice}>
            <input type="checkbox" checked={form.shared} onChange={(e) => set({ shared: e.target.checked })} aria-describedby="macro-shared-help" />
            <span>{t("macros.sharedField")}</span>
          </label>
          <p id="macro-shared-help" className={sla.explain}>
            {t("macros.sharedHelp")}
          </p>
        </div>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!ready || !dirty || action.busy}>
            {action.busy ? t("common.saving") : macro ? t("common.save") : t("macros.create")}
          </Button>
        </div>
      </form>
    </SettingsPage>
  );
}
