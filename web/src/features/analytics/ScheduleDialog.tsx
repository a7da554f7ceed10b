// A saved report's email schedules (/api/v1/saved-reports/{id}/schedules): who gets it, how often,
// at what time of which time zone. The owner adds them; the owner, or an admin for a shared report,
// sends one now or stops it. The report is always run as its owner, so the dialog says so: what the
// recipients get is what the owner sees.
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { isApiError } from "../../api/problem";
import type { Schemas } from "../../api/types";
import { useUsers } from "../../app/users";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { fieldStyles } from "../../components/Field";
import { useToast } from "../../components/Toast";
import { formatDateTime, t } from "../../i18n";
import { useWorkspace } from "../settings/shared/queries";
import { analyticsKeys, type SavedReport } from "./api";
import styles from "./analytics.module.css";

type Schedule = Schemas["ReportSchedule"];
type Frequency = Schedule["frequency"];
const MAX_RECIPIENTS = 20;
const WEEKDAYS = ["analytics.schedule.sunday", "analytics.schedule.monday", "analytics.schedule.tuesday", "analytics.schedule.wednesday", "analytics.schedule.thursday", "analytics.schedule.friday", "analytics.schedule.saturday"] as const;

const schedulesKey = (id: string) => [...analyticsKeys.report(id), "schedules"] as const;

/** "Weekly on Monday at 08:30 (Europe/Paris)". */
function when(s: Pick<Schedule, "frequency" | "time" | "weekday" | "month_day" | "time_zone">): string {
  const at = { time: s.time, zone: s.time_zone };
  if (s.frequency === "weekly") return t("analytics.schedule.weeklyAt", { ...at, day: t(WEEKDAYS[s.weekday ?? 1] ?? WEEKDAYS[1]) });
  if (s.frequency === "monthly") return t("analytics.schedule.monthlyAt", { ...at, day: String(s.month_day ?? 1) });
  return t("analytics.schedule.dailyAt", at);
}

/** The addresses typed, one per line or separated by commas or spaces. */
function addresses(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean))];
}

export function ScheduleDialog({ report, canCreate, onClose }: { report: SavedReport; canCreate: boolean; onClose: () => void }) {
  const toast = useToast();
  const queries = useQueryClient();
  const users = useUsers();
  const workspace = useWorkspace();
  // After "Send now", the list is read again every 1.5 s until that schedule's last_sent_at moves
  // (the job sends in the background), so "Last sent" follows without a reload.
  const [sending, setSending] = useState<{ id: string; before: string | null } | null>(null);
  const list = useQuery({
    queryKey: schedulesKey(report.id),
    queryFn: async () => must(await api.GET("/api/v1/saved-reports/{id}/schedules", { params: { path: { id: report.id } } })).data,
    refetchInterval: sending ? 1500 : false,
  });
  useEffect(() => {
    if (!sending) return;
    const now = list.data?.find((s) => s.id === sending.id);
    if (!now || now.last_sent_at !== sending.before) setSending(null);
    const giveUp = setTimeout(() => setSending(null), 60_000);
    return () => clearTimeout(giveUp);
  }, [list.data, sending]);
  const [frequency, setFrequency] = useState<Frequency>("weekly");
  const [time, setTime] = useState("08:00");
  const [weekday, setWeekday] = useState(1);
  const [monthDay, setMonthDay] = useState(1);
  const [zone, setZone] = useState<string | null>(null);
  const [userIds, setUserIds] = useState<string[]>([]);
  const [emailText, setEmailText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timeZone = zone ?? workspace.data?.time_zone ?? "UTC";
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const emails = addresses(emailText);
  const count = userIds.length + emails.length;
  const activeUsers = (users.data ?? []).filter((u) => u.active !== false);

  const refresh = () => queries.invalidateQueries({ queryKey: schedulesKey(report.id) });
  const problemText = (e: unknown) =>
    isApiError(e) ? (e.problem.errors?.map((x) => `${x.field}: ${x.message}`).join(" · ") || e.problem.detail || e.problem.title) : t("app.error.network");

  async function add() {
    setError(null);
    if (count === 0) return setError(t("analytics.schedule.noRecipients"));
    if (count > MAX_RECIPIENTS) return setError(t("analytics.schedule.tooMany", { max: String(MAX_RECIPIENTS) }));
    setBusy(true);
    try {
      must(
        await api.POST("/api/v1/saved-reports/{id}/schedules", {
          params: { path: { id: report.id } },
          body: {
            frequency,
            time,
            time_zone: timeZone,
            user_ids: userIds,
            emails,
            ...(frequency === "weekly" ? { weekday } : {}),
            ...(frequency === "monthly" ? { month_day: monthDay } : {}),
          },
        }),
      );
      toast({ text: t("analytics.schedule.added") });
      setUserIds([]);
      setEmailText("");
      await refresh();
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  async function sendNow(s: Schedule) {
    try {
      must(await api.POST("/api/v1/saved-reports/{id}/schedules/{schedule_id}/send", { params: { path: { id: report.id, schedule_id: s.id } } }));
      toast({ text: t("analytics.schedule.sending") });
      setSending({ id: s.id, before: s.last_sent_at ?? null });
    } catch (e) {
      toast({ tone: "error", text: problemText(e) });
    }
  }

  async function stop(s: Schedule) {
    try {
      must(await api.DELETE("/api/v1/saved-reports/{id}/schedules/{schedule_id}", { params: { path: { id: report.id, schedule_id: s.id } } }));
      toast({ text: t("analytics.schedule.stopped") });
      await refresh();
    } catch (e) {
      toast({ tone: "error", text: problemText(e) });
    }
  }

  const recipientsOf = (s: Schedule) =>
    [...s.user_ids.map((id) => (users.data ?? []).find((u) => u.id === id)?.name || (users.data ?? []).find((u) => u.id === id)?.email || id), ...s.emails].join(", ");

  return (
    <Dialog
      wide
      title={t("analytics.schedule.title", { name: report.name })}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.close")}</Button>
          {canCreate && (
            <Button variant="primary" type="submit" form="schedule-form" disabled={busy}>
              {t("analytics.schedule.add")}
            </Button>
          )}
        </>
      }
    >
      <div className={styles.dialogForm}>
        <p className={styles.quiet}>{t("analytics.schedule.asOwner")}</p>
        <section aria-labelledby="schedules-heading" className={styles.scheduleList}>
          <h3 id="schedules-heading">{t("analytics.schedule.current")}</h3>
          {list.isPending ? null : (list.data ?? []).length === 0 ? (
            <p className={styles.quiet}>{t("analytics.schedule.none")}</p>
          ) : (
            <ul>
              {(list.data ?? []).map((s) => (
                <li key={s.id} className={styles.scheduleItem}>
                  <div>
                    <strong>{when(s)}</strong>
                    <span className={styles.quiet}>{t("analytics.schedule.to", { who: recipientsOf(s) })}</span>
                    <span className={styles.quiet}>{s.last_sent_at ? t("analytics.schedule.lastSent", { when: formatDateTime(s.last_sent_at) }) : t("analytics.schedule.neverSent")}</span>
                  </div>
                  <div className={styles.scheduleActions}>
                    <Button size="small" onClick={() => void sendNow(s)}>
                      {t("analytics.schedule.sendNow")}
                    </Button>
                    <Button size="small" variant="danger" onClick={() => void stop(s)} aria-label={t("analytics.schedule.stopOne", { when: when(s) })}>
                      {t("analytics.schedule.stop")}
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        {canCreate ? (
          <form id="schedule-form" className={styles.dialogForm} aria-labelledby="schedule-new-heading" onSubmit={(e) => (e.preventDefault(), void add())}>
            <h3 id="schedule-new-heading">{t("analytics.schedule.new")}</h3>
            <div className={styles.twoFields}>
              <div className={styles.field}>
                <label htmlFor="schedule-frequency">{t("analytics.schedule.frequency")}</label>
                <select id="schedule-frequency" className={fieldStyles.input} value={frequency} onChange={(e) => setFrequency(e.target.value as Frequency)}>
                  <option value="daily">{t("analytics.schedule.daily")}</option>
                  <option value="weekly">{t("analytics.schedule.weekly")}</option>
                  <option value="monthly">{t("analytics.schedule.monthly")}</option>
                </select>
              </div>
              {frequency === "weekly" && (
                <div className={styles.field}>
                  <label htmlFor="schedule-weekday">{t("analytics.schedule.weekday")}</label>
                  <select id="schedule-weekday" className={fieldStyles.input} value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
                    {WEEKDAYS.map((d, i) => (
                      <option key={d} value={i}>
                        {t(d)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              {frequency === "monthly" && (
                <div className={styles.field}>
                  <label htmlFor="schedule-day">{t("analytics.schedule.monthDay")}</label>
                  <input id="schedule-day" type="number" min={1} max={28} className={fieldStyles.input} value={monthDay} onChange={(e) => setMonthDay(Math.min(28, Math.max(1, Number(e.target.value) || 1)))} />
                </div>
              )}
              <div className={styles.field}>
                <label htmlFor="schedule-time">{t("analytics.schedule.time")}</label>
                <input id="schedule-time" type="time" required className={fieldStyles.input} value={time} onChange={(e) => setTime(e.target.value.slice(0, 5))} />
              </div>
              <div className={styles.field}>
                <label htmlFor="schedule-zone">{t("analytics.schedule.zone")}</label>
                <select id="schedule-zone" className={fieldStyles.input} value={timeZone} onChange={(e) => setZone(e.target.value)}>
                  {[...new Set([timeZone, ...zones])].map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <fieldset className={styles.fieldset}>
              <legend>{t("analytics.schedule.users")}</legend>
              <div className={styles.checkList}>
                {activeUsers.map((u) => (
                  <label key={u.id}>
                    <input
                      type="checkbox"
                      checked={userIds.includes(u.id)}
                      onChange={(e) => setUserIds((ids) => (e.target.checked ? [...ids, u.id] : ids.filter((x) => x !== u.id)))}
                    />
                    <span>{u.name ? `${u.name} · ${u.email}` : u.email}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className={styles.field}>
              <label htmlFor="schedule-emails">{t("analytics.schedule.emails")}</label>
              <textarea id="schedule-emails" className={fieldStyles.input} rows={2} value={emailText} placeholder="name@example.com, …" onChange={(e) => setEmailText(e.target.value)} aria-describedby="schedule-emails-hint" />
              <span id="schedule-emails-hint" className={styles.quiet}>
                {t("analytics.schedule.emailsHint", { max: String(MAX_RECIPIENTS) })}
              </span>
            </div>
            {error && (
              <p className={styles.error} role="alert">
                {error}
              </p>
            )}
          </form>
        ) : (
          <p className={styles.quiet}>{t("analytics.schedule.ownerOnly")}</p>
        )}
      </div>
    </Dialog>
  );
}
