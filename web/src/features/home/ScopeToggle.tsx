// "My / Team / All": whose figures the page shows, as a radio group that looks like a segmented
// control (arrow keys move between the options, as with any radio group).
import { t, type MessageKey } from "../../i18n";
import type { HomeScope } from "./scope";
import styles from "./Home.module.css";

const LABEL: Record<HomeScope, MessageKey> = { me: "home.scope.me", team: "home.scope.team", all: "home.scope.all" };

export function ScopeToggle({ scopes, value, onChange }: { scopes: HomeScope[]; value: HomeScope; onChange: (s: HomeScope) => void }) {
  if (scopes.length < 2) return null;
  return (
    <fieldset className={styles.scope}>
      <legend className="visually-hidden">{t("home.scope.label")}</legend>
      {scopes.map((s) => (
        <label key={s} className={`${styles.scopeOption} ${value === s ? styles.scopeOn : ""}`}>
          <input type="radio" name="home-scope" value={s} checked={value === s} onChange={() => onChange(s)} />
          {t(LABEL[s])}
        </label>
      ))}
    </fieldset>
  );
}
