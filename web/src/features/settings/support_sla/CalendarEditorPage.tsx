// The business-hours editor (/settings/business-hours/new and /…/:id): name, time zone, the week's
// open intervals, holidays, and which tickets use it (a team's, or the default). A save sends only
// the parts changed with If-Match (useVersionedEditor: a 412 shows what the other admin changed and
// lets this one keep theirs or take the other's); the server's 422 field errors show at their field,
// down to one interval's closing time or one holiday.
import { useNavigate, useParams, Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ZonePicker } from "../workspace/ZonePicker";
import { ConflictNotice } from "../shared/ConflictNotice";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useTeams, useWorkspace } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import { blankCalendar, calendarBody, calendarForm, calendarPatch, type BusinessHours, type CalendarForm } from "./calendar";
import { HolidaysField } from "./HolidaysField";
import { calendarsKey, useCalendar } from "./queries";
import { WeekField } from "./WeekField";
import styles from "../shared/settings.module.css";
import own from "./sla.module.css";

export default function CalendarEditorPage() {
  const { id = "new" } = useParams();
  const one = useCalendar(id);
  const workspace = useWorkspace();
  if (id === "new")
    return (
      <Loaded query={workspace}>
        {(ws) => <Editor calendar={null} zone={ws.time_zone} />}
      </Loaded>
    );
  return (
    <Loaded query={one} lines={10}>
      {(x) => <Editor key={x.id} calendar={x} zone={x.time_zone} />}
    </Loaded>
  );
}

const read = async (id: string) => must(await api.GET("/api/v1/business-hours/{id}", { params: { path: { id } } }));

function Editor({ calendar, zone }: { calendar: BusinessHours | null; zone: string }) {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const teams = useTeams();
  const { form, set, origin, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<BusinessHours, CalendarForm>({
    initial: calendar,
    formOf: calendarForm,
    blank: () => blankCalendar(zone),
    changed: (a, b) => Object.keys(calendarPatch(a, b)).length > 0,
    create: async (f) => {
      const created = must(await api.POST("/api/v1/business-hours", { body: calendarBody(f) }));
      await queries.invalidateQueries({ queryKey: calendarsKey });
      toast({ text: t("hours.created", { name: created.name }) });
      navigate(`/settings/business-hours/${created.id}`, { replace: true });
    },
    update: async (on, from, f, ifMatch) =>
      must(await api.PATCH("/api/v1/business-hours/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body: calendarPatch(from, f) })),
    read,
    saved: async (saved) => {
      if (!saved) return;
      queries.setQueryData([...calendarsKey, saved.id], saved);
      await queries.invalidateQueries({ queryKey: calendarsKey, exact: true });
      toast({ text: t("hours.saved") });
    },
  });
  const errors = action.errors.fields;
  const dirty = !origin || Object.keys(calendarPatch(origin, form)).length > 0;
  const ready = !!form.name.trim() && !conflict;
  const back = (
    <Link to="/settings/business-hours" className={styles.small}>
      {t("hours.back")}
    </Link>
  );

  return (
    <SettingsPage title={calendar ? t("hours.editTitle", { name: calendar.name }) : t("hours.newTitle")} headerExtra={back}>
      {conflict && current && (
        <ConflictNotice title={t("hours.conflict.title")} mine={t("hours.conflict.mine")} theirs={t("hours.conflict.theirs")} onMine={keepMine} onTheirs={takeTheirs}>
          <p>{t("hours.conflict.changed", { parts: Object.keys(calendarPatch(calendarForm(current), calendarForm(conflict))).join(", ") })}</p>
        </ConflictNotice>
      )}
      <form className={`${styles.card} ${own.form}`} onSubmit={(e) => (ready && dirty ? void action.run(e) : e.preventDefault())} noValidate>
        <FormAlert message={action.errors.message} />
        <div className={`${styles.dialogForm} ${own.narrow}`}>
          <TextField
            label={t("hours.name")}
            value={form.name}
            maxLength={100}
            onChange={(e) => set({ name: e.target.value })}
            error={errors.name}
            help={t("hours.nameHelp")}
            autoFocus={!calendar}
          />
          <div>
            <ZonePicker value={form.time_zone} saved={calendar?.time_zone ?? zone} onChange={(z) => set({ time_zone: z })} error={errors.time_zone} />
            <p className={own.explain}>{t("hours.zoneHelp")}</p>
          </div>
        </div>
        <WeekField week={form.week} onChange={(week) => set({ week })} errors={errors} />
        <HolidaysField holidays={form.holidays} onChange={(holidays) => set({ holidays })} errors={errors} />
        <fieldset className={`${own.section} ${own.narrow}`}>
          <legend>{t("hours.useFor")}</legend>
          <SelectField label={t("hours.teamField")} value={form.team_id} onChange={(v) => set({ team_id: v })} error={errors.team_id} help={t("hours.teamHelp")}>
            <option value="">{t("hours.teamNone")}</option>
            {(teams.data ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </SelectField>
          <div>
            <label className={own.choice}>
              <input type="checkbox" checked={form.is_default} onChange={(e) => set({ is_default: e.target.checked })} aria-describedby="hours-default-help" />
              <span>{t("hours.isDefault")}</span>
            </label>
            <p id="hours-default-help" className={own.explain}>
              {t("hours.isDefaultHelp")}
            </p>
          </div>
          {errors.is_default && (
            <span className={styles.alert} role="alert">
              {errors.is_default}
            </span>
          )}
        </fieldset>
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!ready || !dirty || action.busy}>
            {action.busy ? t("common.saving") : calendar ? t("common.save") : t("hours.create")}
          </Button>
        </div>
      </form>
    </SettingsPage>
  );
}
