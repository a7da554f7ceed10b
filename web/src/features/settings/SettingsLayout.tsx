// The settings frame: a left list of pages in named groups (admins see every concern, others only
// their own pages), with a filter box once the list is long; on a phone the list becomes a select
// (one optgroup a group) at the top, so the page itself keeps the width.
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { isAdmin, useMe } from "../../app/session";
import { t } from "../../i18n";
import { ADMIN_PAGES, OWN_PAGES } from "./pages";
import { filterGroups, groupPages } from "./navGroups";
import shared from "./shared/settings.module.css";
import styles from "./SettingsLayout.module.css";

// Fewer pages than this read at a glance: no filter box.
const FILTER_FROM = 8;

export function SettingsLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const selectId = useId();
  const groupIds = useId();
  const [query, setQuery] = useState("");
  const listRef = useRef<HTMLDivElement>(null);
  const admin = isAdmin(me);
  const pages = admin ? [...OWN_PAGES, ...ADMIN_PAGES] : OWN_PAGES;
  const groups = useMemo(() => groupPages(admin ? [...OWN_PAGES, ...ADMIN_PAGES] : OWN_PAGES), [admin]);
  const shown = useMemo(() => filterGroups(groups, query, t), [groups, query]);
  const matches = shown.reduce((n, g) => n + g.pages.length, 0);
  const current = location.pathname.split("/")[2] ?? "";

  // Enter opens the first match; Down moves into the list; Escape clears the box.
  const onFilterKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const first = shown[0]?.pages[0];
    if (e.key === "Enter" && first) {
      e.preventDefault();
      navigate(`/settings/${first.path}`);
      setQuery("");
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      listRef.current?.querySelector<HTMLAnchorElement>("a")?.focus();
    } else if (e.key === "Escape" && query) {
      e.preventDefault();
      e.stopPropagation();
      setQuery("");
    }
  };

  return (
    <div className={styles.frame}>
      <nav className={styles.subnav} aria-label={t("settings.nav.label")}>
        <h2 className={styles.heading}>{t("settings.title")}</h2>
        {pages.length >= FILTER_FROM && (
          <div className={styles.filter}>
            <input
              type="search"
              className={styles.filterInput}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onFilterKey}
              placeholder={t("settings.nav.filter")}
              aria-label={t("settings.nav.filter")}
              aria-controls={`${groupIds}-list`}
              autoComplete="off"
              spellCheck={false}
            />
            <p role="status" className="visually-hidden">
              {query.trim() ? (matches === 1 ? t("settings.nav.matchesOne") : t("settings.nav.matches", { n: matches })) : ""}
            </p>
          </div>
        )}
        <div id={`${groupIds}-list`} ref={listRef}>
          {shown.map((g) => (
            <div key={g.id} role="group" aria-labelledby={`${groupIds}-${g.id}`} className={styles.group}>
              <h3 id={`${groupIds}-${g.id}`} className={styles.groupHeading}>
                {t(g.label)}
              </h3>
              <ul className={shared.navList}>
                {g.pages.map((p) => (
                  <li key={p.path}>
                    <NavLink to={`/settings/${p.path}`} className={({ isActive }) => `${shared.navItem} ${isActive ? shared.navCurrent : ""}`}>
                      {t(p.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {!shown.length && <p className={styles.noMatch}>{t("settings.nav.noMatch", { query: query.trim() })}</p>}
        </div>
      </nav>
      {pages.length > 1 && (
        <div className={styles.phoneNav}>
          <label htmlFor={selectId} className="visually-hidden">
            {t("settings.nav.label")}
          </label>
          <select id={selectId} className={shared.select} value={current} onChange={(e) => navigate(`/settings/${e.target.value}`)}>
            {groups.map((g) => (
              <optgroup key={g.id} label={t(g.label)}>
                {g.pages.map((p) => (
                  <option key={p.path} value={p.path}>
                    {t(p.label)}
                  </option>
                ))}
              </optgroup>
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
