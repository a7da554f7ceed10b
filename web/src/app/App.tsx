// Routes. Every page is its own chunk (loaded when first visited) together with the sections of the
// message catalogue it uses (withCatalog; i18n/catalogSections.test.ts checks the lists), so the
// first page ships only the shell and itself. Pages under the shell need a session; without one the user lands on the
// sign-in page and comes back to where they were.
import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation, useParams, Link } from "react-router";
import { useSession } from "./session";
import { LiveProvider } from "./live";
import { Layout } from "./Layout";
import { SignInPage } from "../features/auth/SignInPage";
import { MfaGate } from "../features/auth/MfaGate";
import { Skeleton } from "../components/Skeleton";
import { EmptyState } from "../components/EmptyState";
import { OBJECT_TYPES, type ObjectType } from "../api/types";
import { t, withCatalog } from "../i18n";

const HomePage = lazy(() => withCatalog(["home", "reports", "records"], () => import("../features/home/HomePage")));
const ListPage = lazy(() => withCatalog(["lists", "imports", "data", "records", "support"], () => import("../features/records/ListPage")));
const RecordPage = lazy(() => withCatalog(["records", "data", "mail", "sales", "settings", "support", "lists"], () => import("../features/records/RecordPage")));
const BoardPage = lazy(() => withCatalog(["sales", "records"], () => import("../features/sales/BoardPage")));
const ReportsPage = lazy(() => withCatalog(["reports", "sales", "support"], () => import("../features/reports/ReportsPage")));
const AnalyticsRoutes = lazy(() => withCatalog(["analytics", "reports", "lists", "records", "settings"], () => import("../features/analytics/AnalyticsRoutes")));
const SettingsRoutes = lazy(() =>
  withCatalog(
    ["settings", "records", "data", "mail", "imports", "ops", "automation", "support", "settingsSla", "settingsMacros", "settingsSupport", "lists", "dedupe"],
    () => import("../features/settings/SettingsRoutes"),
  ),
);
const InboxPage = lazy(() => withCatalog(["support", "settingsSupport", "lists", "records", "settings"], () => import("../features/support/InboxPage")));
const TicketPage = lazy(() => withCatalog(["support", "settingsSupport", "records"], () => import("../features/support/TicketPage")));
const MarketingRoutes = lazy(() =>
  withCatalog(["marketing", "marketingSegments", "marketingLists", "marketingForms", "marketingCampaigns", "data", "records", "lists", "sales", "settings"], () => import("../features/marketing/MarketingRoutes")),
);

function Page({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="page-pad">
          <Skeleton lines={6} />
        </div>
      }
    >
      {children}
    </Suspense>
  );
}

function RequireSession() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Skeleton lines={4} />;
  if (!me) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return (
    <MfaGate>
      <LiveProvider>
        <Layout />
      </LiveProvider>
    </MfaGate>
  );
}

// Signed in (now, or already): back to the page that sent the user here, else Home.
function SignInRoute() {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Skeleton lines={4} />;
  const from = (location.state as { from?: string } | null)?.from;
  return me ? <Navigate to={from && from.startsWith("/") && !from.startsWith("//") ? from : "/"} replace /> : <SignInPage />;
}

function isObject(s: string | undefined): s is ObjectType {
  return !!s && (OBJECT_TYPES as readonly string[]).includes(s);
}

function ObjectList() {
  const { object } = useParams();
  if (!isObject(object)) return <NotFound />;
  return <ListPage key={object} object={object} />;
}

function ObjectRecord() {
  const { object, id } = useParams();
  if (!isObject(object) || !id) return <NotFound />;
  return <RecordPage key={`${object}/${id}`} object={object} id={id} />;
}

function Ticket() {
  const { id } = useParams();
  if (!id) return <NotFound />;
  return <TicketPage key={id} id={id} />;
}

function NotFound() {
  return (
    <EmptyState title={t("app.notFound")} action={<Link to="/">{t("app.notFound.home")}</Link>} />
  );
}

const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInRoute /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: (
          <Page>
            <Outlet />
          </Page>
        ),
        children: [
          { index: true, element: <HomePage /> },
          { path: "tasks", element: <ListPage key="tasks" object="activities" preset="tasks" /> },
          { path: "deals/board/:pipelineId?", element: <BoardPage /> },
          { path: "reports", element: <ReportsPage /> },
          { path: "reports/*", element: <AnalyticsRoutes /> },
          { path: "settings/*", element: <SettingsRoutes /> },
          { path: "tickets", element: <InboxPage /> },
          { path: "tickets/:id", element: <Ticket /> },
          { path: "marketing/*", element: <MarketingRoutes /> },
          { path: ":object", element: <ObjectList /> },
          { path: ":object/:id", element: <ObjectRecord /> },
          { path: "*", element: <NotFound /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
