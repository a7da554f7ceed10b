// A team's assignment of new tickets: off (they wait in the team's queue) or round robin (each new
// ticket of the team without an assignee goes to the next member in turn), passing over members who
// marked themselves away (their own switch, in the support inbox) and, with a cap, members already
// holding that many open tickets. The members are listed with who is away now.
import { useState } from "react";
import { api, must } from "../../../api/client";
import { useUserDirectory } from "../../../app/users";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { personName } from "../shared/actions";
import { Badge } from "../shared/Badge";
import { FormDialog } from "../shared/FormDialog";
import { useRefresh, type Team } from "../shared/queries";
import { useFormAction } from "../shared/useFormAction";
import { assignmentKey, type Assignment } from "./assignment";
import styles from "../shared/settings.module.css";
import own from "./assignment.module.css";

export function AssignmentDialog({ team, saved, onClose }: { team: Team; saved: Assignment; onClose: () => void }) {
  const users = useUserDirectory();
  const refresh = useRefresh();
  const toast = useToast();
  const [roundRobin, setRoundRobin] = useState(saved.round_robin);
  const [skipAway, setSkipAway] = useState(saved.skip_away);
  const [cap, setCap] = useState(saved.max_open === null ? "" : String(saved.max_open));
  const away = new Set(saved.away_member_ids);

  const action = useFormAction(async () => {
    must(
      await api.PUT("/api/v1/teams/{id}/assignment", {
        params: { path: { id: team.id } },
        body: { round_robin: roundRobin, skip_away: skipAway, max_open: cap.trim() ? Number(cap) : null },
      }),
    );
    await refresh(assignmentKey(team.id));
    toast({ text: t("assignment.saved", { name: team.name }) });
    onClose();
  });
  const errors = action.errors.fields;

  return (
    <FormDialog title={t("assignment.titleNamed", { name: team.name })} submit={t("common.save")} action={action} onClose={onClose}>
      <fieldset className={styles.checks}>
        <legend>{t("assignment.mode")}</legend>
        <label className={styles.check}>
          <input type="radio" name="assignment-mode" checked={!roundRobin} onChange={() => setRoundRobin(false)} /> {t("assignment.modeOff")}
        </label>
        <label className={styles.check}>
          <input type="radio" name="assignment-mode" checked={roundRobin} onChange={() => setRoundRobin(true)} /> {t("assignment.modeRoundRobin")}
        </label>
        {errors.round_robin && (
          <span className={styles.alert} role="alert">
            {errors.round_robin}
          </span>
        )}
      </fieldset>
      {roundRobin && (
        <>
          <label className={styles.check}>
            <input type="checkbox" checked={skipAway} onChange={(e) => setSkipAway(e.target.checked)} /> {t("assignment.skipAway")}
          </label>
          {errors.skip_away && <p className={styles.alert}>{errors.skip_away}</p>}
          <TextField
            label={t("assignment.cap")}
            inputMode="numeric"
            value={cap}
            onChange={(e) => setCap(e.target.value.replace(/\D/g, ""))}
            error={errors.max_open}
            help={t("assignment.capHelp")}
            placeholder={t("assignment.noCap")}
          />
        </>
      )}
      <div>
        <p className={styles.small}>{t("assignment.members")}</p>
        {team.member_ids.length === 0 ? (
          <p className={styles.muted}>{t("assignment.noMembers")}</p>
        ) : (
          <ul className={own.members}>
            {team.member_ids.map((id) => (
              <li key={id}>
                {personName(users.get(id))}{" "}
                {away.has(id) && (
                  <Badge tone="warn" mark="○">
                    {t("assignment.away")}
                  </Badge>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </FormDialog>
  );
}
