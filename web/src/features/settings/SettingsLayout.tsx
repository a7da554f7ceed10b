// The settings frame: a left list of pages (admins see every concern, others only their own pages);
// on a phone the list becomes a select at the top, so the page itself keeps the width.
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useId } from "react";
import { isAdmin, useMe } from "../../app/session";
import { t } from "../../i18n";
import { ADMIN_PAGES, OWN_PAGES } from "./pages";
import shared from "./shared/settings.module.css";
import styles from "./SettingsLayout.module.css";

export function SettingsLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const selectId = useId();
  const pages = isAdmin(me) ? [...OWN_PAGES, ...ADMIN_PAGES] : OWN_PAGES;
  const current = location.pathname.split("/")[2] ?? "";
  return (
    <div className={styles.frame}>
      <nav className={styles.subnav} aria-label={t("settings.nav.label")}>
        <h2 className={styles.heading}>{t("settings.title")}</h2>
        <ul className={shared.navList}>
          {pages.map((p) => (
            <li key={p.path}>
              <NavLink to={`/settings/${p.path}`} className={({ isActive }) => `${shared.navItem} ${isActive ? shared.navCurrent : ""}`}>
                {t(p.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {pages.length > 1 && (
        <div className={styles.phoneNav}>
          <label htmlFor={selectId} className="visually-hidden">
            {t("settings.nav.label")}
          </label>
          <select id={selectId} className={shared.select} value={current} onChange={(e) => navigate(`/settings/${e.target.value}`)}>
            {pages.map((p) => (
              <option key={p.path} value={p.path}>
                {t(p.label)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={styles.content}>
        <Outlet />
      </div>
    </div>
  );
}
