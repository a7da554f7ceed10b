// The events a webhook hears: every type (including types added later) or a chosen set, picked
// from the server's own list grouped by subject; each checkbox says the type as receivers see it.
import { useId } from "react";
import { t } from "../../../i18n";
import { toggled } from "../shared/actions";
import { Skeleton } from "../../../components/Skeleton";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { useEventGroups } from "./queries";
import { ALL_EVENTS } from "./webhook";
import styles from "../shared/settings.module.css";
import own from "./webhooks.module.css";

const subjectLabel = (s: string) => (s.charAt(0).toUpperCase() + s.slice(1)).replace(/_/g, " ");

export function EventPicker({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  const all = value.includes(ALL_EVENTS);
  const groups = useEventGroups(!all);
  const name = useId();
  return (
    <fieldset className={own.events} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{t("webhooks.events")}</legend>
      <label className={styles.check}>
        <input type="radio" name={name} checked={all} onChange={() => onChange([ALL_EVENTS])} />
        {t("webhooks.events.all")}
      </label>
      <label className={styles.check}>
        <input type="radio" name={name} checked={!all} onChange={() => onChange([])} />
        {t("webhooks.events.chosen")}
      </label>
      {!all &&
        (groups.isPending ? (
          <Skeleton lines={4} />
        ) : groups.isError ? (
          <ErrorNotice error={groups.error} retry={() => void groups.refetch()} />
        ) : (
          <div className={own.groups}>
            {(groups.data ?? []).map((g) => (
              <fieldset key={g.subject} className={own.group}>
                <legend>{subjectLabel(g.subject)}</legend>
                {g.events.map((e) => (
                  <label key={e.name} className={styles.check} title={e.summary}>
                    <input type="checkbox" checked={value.includes(e.name)} onChange={(ev) => onChange(toggled(value, e.name, ev.target.checked))} />
                    <span className={styles.mono}>{e.name}</span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        ))}
      {!all && <p className={`${styles.muted} ${styles.small}`}>{t("webhooks.events.count", { n: value.length })}</p>}
      {error && (
        <span id={`${name}-error`} className={styles.alert} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
