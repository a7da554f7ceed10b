// Settings → Business hours (admins): the workspace's calendars with their zone, hours a week,
// holidays and what uses them (the default, a team, SLA policies); open one to edit it, or delete
// it. A calendar an SLA policy names cannot be deleted (409): the dialog names the policies before
// the admin tries, and the server's refusal shows in it too.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { t } from "../../../i18n";
import { DeleteConfirm } from "../shared/DeleteConfirm";
import { EditDeleteActions } from "../shared/EditDeleteActions";
import { Loaded } from "../shared/Loaded";
import { useTeams } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { calendarForm, weeklyHours, weeklyMinutes, type BusinessHours } from "./calendar";
import { calendarsKey, policiesKey, useCalendars, usePolicies } from "./queries";
import styles from "../shared/settings.module.css";

export default function BusinessHoursPage() {
  const calendars = useCalendars();
  const policies = usePolicies();
  const teams = useTeams();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<BusinessHours | null>(null);
  const add = { label: t("hours.add"), run: () => navigate("new") };
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name ?? "…";
  const usersOf = (id: string) => (policies.data ?? []).filter((p) => p.business_hours_id === id).map((p) => p.name);

  const usedFor = (b: BusinessHours) => {
    const uses = [
      ...(b.is_default ? [t("hours.default")] : []),
      ...(b.team_id ? [t("hours.team", { team: teamName(b.team_id) })] : []),
      ...usersOf(b.id).map((name) => t("hours.policy", { name })),
    ];
    return uses.length ? uses.join(" · ") : <span className={styles.muted}>{t("hours.unused")}</span>;
  };
  const hoursText = (b: BusinessHours) => {
    const minutes = weeklyMinutes(calendarForm(b).week);
    const week = minutes ? t("hours.weekly", { hours: weeklyHours(minutes) }) : t("hours.closedAllWeek");
    const holidays = b.holidays?.length ? ` · ${t("hours.holidayCount", { n: b.holidays.length })}` : "";
    return week + holidays;
  };

  return (
    <SettingsPage title={t("hours.title")} intro={t("hours.intro")} action={add}>
      <Loaded query={calendars}>
        {(all) => (
          <SettingsTable
            label={t("hours.title")}
            rows={all}
            rowKey={(b) => b.id}
            empty={{ title: t("hours.empty.title"), body: t("hours.empty.body"), action: add }}
            columns={[
              { header: t("hours.name"), primary: true, cell: (b) => <NameCell name={<Link to={b.id}>{b.name}</Link>} sub={b.time_zone} /> },
              { header: t("hours.week"), cell: hoursText },
              { header: t("hours.usedFor"), cell: usedFor },
            ]}
            actions={(b) => (
              <EditDeleteActions
                edit={t("hours.editNamed", { name: b.name })}
                remove={t("hours.deleteNamed", { name: b.name })}
                onEdit={() => navigate(b.id)}
                onDelete={() => setDeleting(b)}
              />
            )}
          />
        )}
      </Loaded>
      {deleting && <DeleteDialog calendar={deleting} users={usersOf(deleting.id)} onClose={() => setDeleting(null)} />}
    </SettingsPage>
  );
}

function DeleteDialog({ calendar, users, onClose }: { calendar: BusinessHours; users: string[]; onClose: () => void }) {
  return (
    <DeleteConfirm
      title={t("hours.deleteTitle", { name: calendar.name })}
      confirm={t("hours.deleteNamed", { name: calendar.name })}
      done={t("hours.deleted", { name: calendar.name })}
      remove={async () => must(await api.DELETE("/api/v1/business-hours/{id}", { params: { path: { id: calendar.id }, header: { "If-Match": `"${calendar.version}"` } } }))}
      // A 409 may come from a policy made since the list was read: both lists are read again.
      refresh={[calendarsKey, policiesKey]}
      onClose={onClose}
    >
      <p>{t("hours.deleteText")}</p>
      {users.length > 0 && (
        <p className={styles.alert} role="note">
          {t("hours.deleteInUse", { names: users.join(", ") })}
        </p>
      )}
    </DeleteConfirm>
  );
}
