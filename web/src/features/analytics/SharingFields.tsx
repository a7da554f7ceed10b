// Who sees a saved report or a dashboard: private, a team (one the user is in; admins any), or the
// whole workspace. Shared by the report editor and the new-dashboard dialog.
import { isAdmin, useMe } from "../../app/session";
import { fieldStyles } from "../../components/Field";
import { t } from "../../i18n";
import { useTeams, type Visibility } from "./api";
import styles from "./analytics.module.css";

export function SharingFields({ visibility, teamId, onVisibility, onTeam }: { visibility: Visibility; teamId: string; onVisibility: (v: Visibility) => void; onTeam: (id: string) => void }) {
  const me = useMe();
  const teams = useTeams();
  const mine = (teams.data ?? []).filter((tm) => isAdmin(me) || tm.member_ids.includes(me.user_id ?? ""));
  return (
    <div className={styles.twoFields}>
      <div className={styles.field}>
        <label htmlFor="sharing-visibility">{t("analytics.visibility")}</label>
        <select id="sharing-visibility" className={fieldStyles.input} value={visibility} onChange={(e) => onVisibility(e.target.value as Visibility)}>
          <option value="private">{t("analytics.visibility.private")}</option>
          <option value="team" disabled={mine.length === 0}>
            {t("analytics.visibility.team")}
          </option>
          <option value="workspace">{t("analytics.visibility.workspace")}</option>
        </select>
      </div>
      {visibility === "team" && (
        <div className={styles.field}>
          <label htmlFor="sharing-team">{t("analytics.team")}</label>
          <select id="sharing-team" className={fieldStyles.input} value={teamId} onChange={(e) => onTeam(e.target.value)}>
            <option value="">{t("analytics.pickTeam")}</option>
            {mine.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
