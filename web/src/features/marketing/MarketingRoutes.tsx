// Marketing, mounted at /marketing/*: a row of section tabs (segments, lists; campaigns and forms
// join through sections.ts) above the section's own pages. /marketing opens the first section.
import { Suspense } from "react";
import { Navigate, NavLink, Outlet, Route, Routes } from "react-router";
import { Skeleton } from "../../components/Skeleton";
import { t } from "../../i18n";
import { MARKETING_SECTIONS } from "./sections";
import styles from "./marketing.module.css";

function MarketingLayout() {
  return (
    <div className={styles.area}>
      <nav className={styles.tabs} aria-label={t("marketing.nav.label")}>
        {MARKETING_SECTIONS.map((s) => (
          <NavLink key={s.path} to={`/marketing/${s.path}`} className={({ isActive }) => `${styles.tab} ${isActive ? styles.tabCurrent : ""}`}>
            {t(s.label)}
          </NavLink>
        ))}
      </nav>
      <div className={styles.section}>
        <Suspense
          fallback={
            <div className={styles.pad}>
              <Skeleton lines={6} />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}

export default function MarketingRoutes() {
  return (
    <Routes>
      <Route element={<MarketingLayout />}>
        <Route index element={<Navigate to={MARKETING_SECTIONS[0]!.path} replace />} />
        {MARKETING_SECTIONS.map((s) => (
          <Route key={s.path} path={`${s.path}/*`} element={<s.routes />} />
        ))}
      </Route>
    </Routes>
  );
}
