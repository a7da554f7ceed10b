// The week of a business-hours calendar: one row per day, Monday first, each with its open
// intervals (native time inputs: the keyboard and the browser's 12/24-hour format for free), "+ Add
// hours" and a remove button per interval; a day without intervals reads "Closed". The server's
// errors show at their interval (week.mon[0].open) or day (week.mon). One button copies Monday's
// hours to the other workdays, the usual setup in one click.
import { Button } from "../../../components/Button";
import { fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { t } from "../../../i18n";
import { copyDay, dayName, DAYS, MAX_INTERVALS, newInterval, overnight, weeklyHours, weeklyMinutes, WORKDAYS, type Day, type Interval } from "./calendar";
import styles from "./sla.module.css";

export function WeekField({
  week,
  onChange,
  errors,
}: {
  week: Record<Day, Interval[]>;
  onChange: (week: Record<Day, Interval[]>) => void;
  errors: Record<string, string>;
}) {
  const setDay = (d: Day, list: Interval[]) => onChange({ ...week, [d]: list });
  const total = weeklyMinutes(week);
  return (
    <fieldset className={styles.section} aria-describedby="hours-week-help">
      <legend>{t("hours.week")}</legend>
      <p id="hours-week-help" className={styles.explain}>
        {t("hours.weekHelp")}
      </p>
      <ul className={styles.days}>
        {DAYS.map((d) => (
          <li key={d} className={styles.day}>
            <span className={styles.dayName}>{dayName(d)}</span>
            <div className={styles.intervals}>
              {week[d].length === 0 && <span className={styles.closed}>{t("hours.dayClosed")}</span>}
              {week[d].map((h, i) => (
                <IntervalRow
                  key={h.key}
                  day={d}
                  index={i}
                  interval={h}
                  errors={errors}
                  onChange={(next) => setDay(d, week[d].map((x) => (x.key === h.key ? next : x)))}
                  onRemove={() => setDay(d, week[d].filter((x) => x.key !== h.key))}
                />
              ))}
              {errors[`week.${d}`] && (
                <span className={fieldStyles.error} role="alert">
                  {errors[`week.${d}`]}
                </span>
              )}
              {week[d].length < MAX_INTERVALS && (
                <Button size="small" onClick={() => setDay(d, [...week[d], nextInterval(week[d])])} aria-label={t("hours.addIntervalOn", { day: dayName(d) })}>
                  <Icon name="plus" size={14} />
                  {t("hours.addInterval")}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <div className={styles.adder}>
        <Button size="small" onClick={() => onChange(copyDay(week, "mon", WORKDAYS))}>
          {t("hours.copyToWorkdays")}
        </Button>
        <span className={styles.explain} aria-live="polite">
          {total ? t("hours.total", { hours: weeklyHours(total) }) : t("hours.closedAllWeek")}
        </span>
      </div>
    </fieldset>
  );
}

/** A new interval: after the day's last one (an afternoon after a morning), else 09:00-17:00. */
function nextInterval(list: Interval[]): Interval {
  const last = list[list.length - 1];
  if (!last || !/^\d\d:\d\d$/.test(last.close) || last.close >= "23:00") return newInterval("09:00", "17:00");
  const hour = Number(last.close.slice(0, 2));
  return newInterval(`${String(hour + 1).padStart(2, "0")}${last.close.slice(2)}`, `${String(Math.min(hour + 4, 23)).padStart(2, "0")}:00`);
}

function IntervalRow({
  day,
  index,
  interval,
  errors,
  onChange,
  onRemove,
}: {
  day: Day;
  index: number;
  interval: Interval;
  errors: Record<string, string>;
  onChange: (h: Interval) => void;
  onRemove: () => void;
}) {
  const path = `week.${day}[${index}]`;
  const openError = errors[`${path}.open`];
  const closeError = errors[`${path}.close`];
  const name = dayName(day);
  const n = index + 1;
  return (
    <div className={styles.interval}>
      <input
        type="time"
        className={`${fieldStyles.input} ${styles.time}`}
        value={interval.open}
        onChange={(e) => onChange({ ...interval, open: e.target.value })}
        aria-label={t("hours.openOn", { day: name, n })}
        aria-invalid={openError ? true : undefined}
      />
      <span aria-hidden="true">–</span>
      <input
        type="time"
        className={`${fieldStyles.input} ${styles.time}`}
        value={interval.close}
        onChange={(e) => onChange({ ...interval, close: e.target.value })}
        aria-label={t("hours.closeOn", { day: name, n })}
        aria-invalid={closeError ? true : undefined}
      />
      {overnight(interval) && <span className={styles.explain}>{t("hours.overnight")}</span>}
      <Button size="small" variant="ghost" onClick={onRemove} aria-label={t("hours.removeIntervalOn", { day: name, n })}>
        <Icon name="close" size={14} />
      </Button>
      {(openError || closeError) && (
        <span className={`${fieldStyles.error} ${styles.intervalError}`} role="alert">
          {[openError && `${t("hours.open")} ${openError}`, closeError && `${t("hours.close")} ${closeError}`].filter(Boolean).join(" · ")}
        </span>
      )}
    </div>
  );
}
