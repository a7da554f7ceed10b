// The signed-in shell: sidebar (collapsible; a bottom bar on a phone), top bar with search, create
// and the account menu, and the page. Global shortcuts: Ctrl/Cmd+K or "/" for the palette, "c" to
// create.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { NavLink, Link, Outlet, useLocation } from "react-router";
import { isAdmin, scopeOf, useMe, useSession } from "./session";
import { useLiveState } from "./live";
import { CommandsContext, type AppCommands } from "./commands";
import { mainNav } from "./nav";
import { Icon } from "../components/Icon";
import { Button } from "../components/Button";
import { t, withCatalog } from "../i18n";
import styles from "./Layout.module.css";

const CommandPalette = lazy(() => withCatalog(["search", "support"], () => import("../features/search/CommandPalette")));
const CreateDialog = lazy(() => withCatalog(["records", "support"], () => import("../features/records/CreateDialog")));

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  const live = useLiveState();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem("rapport.sidebar") === "collapsed");
  const [menuOpen, setMenuOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [create, setCreate] = useState<{ object?: string } | null>(null);

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const commands = useMemo<AppCommands>(
    () => ({ openPalette: () => setPaletteOpen(true), openCreate: (object?: string) => setCreate({ object }) }),
    [],
  );

  const onKey = useCallback(
    (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setPaletteOpen((o) => !o);
      } else if (!isTyping(e.target) && !e.metaKey && !e.ctrlKey && !e.altKey) {
        if (e.key === "/") {
          e.preventDefault();
          setPaletteOpen(true);
        } else if (e.key === "c" && !paletteOpen && !create) {
          const object = location.pathname.split("/")[1];
          e.preventDefault();
          setCreate({ object: object && object !== "tasks" ? object : object === "tasks" ? "activities" : undefined });
        }
      }
    },
    [paletteOpen, create, location.pathname],
  );
  useEffect(() => {
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onKey]);

  const nav = mainNav.filter((n) => !n.object || scopeOf(me, n.object, "read") !== "none");
  const display = me.name || me.email || "";
  const initials = display.split(/\s+/).map((w) => w[0]?.toUpperCase() ?? "").join("").slice(0, 2);

  const toggle = () => {
    setCollapsed((c) => {
      localStorage.setItem("rapport.sidebar", c ? "open" : "collapsed");
      return !c;
    });
  };

  const navLink = (n: (typeof nav)[number]) => (
    <NavLink to={n.to} end={n.to === "/"} className={({ isActive }) => `${styles.link} ${isActive ? styles.active : ""}`}>
      <Icon name={n.icon} />
      <span className={styles.label}>{t(n.label)}</span>
    </NavLink>
  );

  return (
    <CommandsContext.Provider value={commands}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <div className={`${styles.shell} ${collapsed ? styles.collapsed : ""}`}>
        <nav className={styles.sidebar} aria-label={t("nav.main")}>
          <Link to="/" className={styles.brand}>
            <img src="/favicon.svg" alt="" />
            <span className={styles.label}>{t("app.name")}</span>
          </Link>
          <ul className={styles.nav}>
            {nav.map((n) => (
              <li key={n.to}>{navLink(n)}</li>
            ))}
          </ul>
          <div className={styles.spacer} />
          <ul className={styles.nav}>
            <li>
              {navLink({ to: isAdmin(me) ? "/settings" : "/settings/account", label: "nav.settings", icon: "settings" })}
            </li>
            <li>
              <button type="button" className={styles.collapse} onClick={toggle} aria-expanded={!collapsed}>
                <Icon name={collapsed ? "chevronRight" : "chevronLeft"} />
                <span className={styles.label}>{collapsed ? t("nav.expand") : t("nav.collapse")}</span>
              </button>
            </li>
          </ul>
        </nav>
        <header className={styles.topbar}>
          <button
            type="button"
            className={styles.search}
            onClick={() => setPaletteOpen(true)}
            aria-keyshortcuts="Control+K /"
          >
            <Icon name="search" />
            <span className={styles.searchText}>{t("top.search")}</span>
            <kbd>Ctrl K</kbd>
          </button>
          <Button variant="primary" onClick={() => setCreate({})} aria-keyshortcuts="c">
            <Icon name="plus" />
            {t("top.create")}
          </Button>
          {live === "offline" && (
            <span className={styles.live} role="status">
              {t("app.offline")}
            </span>
          )}
          <div className={styles.user}>
            <button
              type="button"
              className={styles.avatar}
              aria-expanded={menuOpen}
              aria-haspopup="menu"
              onClick={() => setMenuOpen((o) => !o)}
            >
              {/* The initials are decoration; the name is the button's (axe: label-content-name-mismatch). */}
              <span aria-hidden="true">{initials}</span>
              <span className="visually-hidden">{t("top.user", { name: display })}</span>
            </button>
          </div>
          {menuOpen && (
            <div className={styles.menu} role="menu" onKeyDown={(e) => e.key === "Escape" && setMenuOpen(false)}>
              <div className={styles.menuHeader}>
                {me.name ?? ""}
                <br />
                {me.email}
              </div>
              <Link role="menuitem" to="/settings/account">
                {t("top.mySecurity")}
              </Link>
              <Link role="menuitem" to="/settings/calendar">
                {t("settings.nav.calendar")}
              </Link>
              <button role="menuitem" type="button" onClick={() => void signOut()}>
                {t("top.signOut")}
              </button>
            </div>
          )}
        </header>
        <main id="main" className={styles.main} tabIndex={-1}>
          <Outlet />
        </main>
        <nav className={styles.bottombar} aria-label={t("nav.main")}>
          {nav.filter((n) => n.phone).map((n) => (
            <span key={n.to}>{navLink(n)}</span>
          ))}
        </nav>
      </div>
      <Suspense fallback={null}>
        {paletteOpen && <CommandPalette onClose={() => setPaletteOpen(false)} />}
        {create && <CreateDialog object={create.object} onClose={() => setCreate(null)} />}
      </Suspense>
    </CommandsContext.Provider>
  );
}
