// The satisfaction survey: on or off, saved as it is switched. The server refuses to turn it on
// without its public address (--public-url, needed for the links in the emails): its 422 says so
// under the switch, which stays off.
import { useId, useRef, useState } from "react";
import { api, must } from "../../../api/client";
import { useToast } from "../../../components/Toast";
import { formatDateTime, t } from "../../../i18n";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { useFormAction } from "../shared/useFormAction";
import { supportSettingsKey, useSupportSettings } from "./queries";
import styles from "../shared/settings.module.css";
import own from "./channels.module.css";

export function SurveySection() {
  const settings = useSupportSettings();
  return (
    <section className={styles.card} aria-labelledby="survey-title">
      <h2 id="survey-title">{t("survey.title")}</h2>
      <p className={styles.muted}>{t("survey.intro")}</p>
      <Loaded query={settings} lines={2}>
        {(s) => <SurveySwitch on={s.satisfaction_survey} updatedAt={s.updated_at} />}
      </Loaded>
    </section>
  );
}

function SurveySwitch({ on, updatedAt }: { on: boolean; updatedAt: string | null }) {
  const refresh = useRefresh();
  const toast = useToast();
  const id = useId();
  const [wanted, setWanted] = useState(on);
  // The action reads the choice from a ref: it runs in the change's own event, before a re-render.
  const choice = useRef(on);
  const action = useFormAction(async () => {
    const survey = choice.current;
    must(await api.PUT("/api/v1/support/settings", { body: { satisfaction_survey: survey } }));
    await refresh(supportSettingsKey);
    toast({ text: t(survey ? "survey.turnedOn" : "survey.turnedOff") });
  });
  const error = action.errors.fields.satisfaction_survey;
  // What the switch shows: the saved state once the server has answered.
  const checked = action.busy ? wanted : on;

  return (
    <div className={styles.dialogForm}>
      <label className={own.switch}>
        <input
          type="checkbox"
          checked={checked}
          disabled={action.busy}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            choice.current = e.target.checked;
            setWanted(e.target.checked);
            void action.run();
          }}
        />
        <span>{t("survey.label")}</span>
      </label>
      {error && (
        <p id={`${id}-error`} className={styles.alert} role="alert">
          {t("survey.refused", { reason: error })}
        </p>
      )}
      <FormAlert message={action.errors.message} />
      {updatedAt && <p className={`${styles.muted} ${styles.small}`}>{t("survey.changed", { when: formatDateTime(updatedAt) })}</p>}
    </div>
  );
}
