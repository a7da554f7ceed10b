// Settings, mounted at /settings/*: the account page for everyone (password, MFA, sessions) and,
// for admins, one page per concern beside a sub-navigation. A non-admin who types an admin page's
// address sees why they cannot use it instead of a broken page (the server refuses them anyway).
import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes } from "react-router";
import { isAdmin, useMe } from "../../app/session";
import { Skeleton } from "../../components/Skeleton";
import { SettingsLayout } from "./SettingsLayout";
import { AdminOnly } from "./AdminOnly";
import { ADMIN_PAGES } from "./pages";

const AccountPage = lazy(() => import("./account/AccountPage"));
const WorkspacePage = lazy(() => import("./workspace/WorkspacePage"));
const UsersPage = lazy(() => import("./users/UsersPage"));
const TeamsPage = lazy(() => import("./teams/TeamsPage"));
const RolesPage = lazy(() => import("./roles/RolesPage"));
const RoleEditorPage = lazy(() => import("./roles/RoleEditorPage"));
const CustomFieldsPage = lazy(() => import("./fields/CustomFieldsPage"));
const PipelinesPage = lazy(() => import("./pipelines/PipelinesPage"));
const ApiKeysPage = lazy(() => import("./apikeys/ApiKeysPage"));
const MfaPolicyPage = lazy(() => import("./mfa/MfaPolicyPage"));
const AuditPage = lazy(() => import("./audit/AuditPage"));
const RecycleBinPage = lazy(() => import("./recycle/RecycleBinPage"));
const WebhooksPage = lazy(() => import("./webhooks/WebhooksPage"));
const WebhookPage = lazy(() => import("./webhooks/WebhookPage"));
const JobsPage = lazy(() => import("./jobs/JobsPage"));
const AutomationsPage = lazy(() => import("./automations/AutomationsPage"));
const RuleEditorPage = lazy(() => import("./automations/RuleEditorPage"));
const RunsPage = lazy(() => import("./automations/RunsPage"));
const BusinessHoursPage = lazy(() => import("./support_sla/BusinessHoursPage"));
const CalendarEditorPage = lazy(() => import("./support_sla/CalendarEditorPage"));
const SlaPoliciesPage = lazy(() => import("./support_sla/SlaPoliciesPage"));
const PolicyEditorPage = lazy(() => import("./support_sla/PolicyEditorPage"));
const MacrosPage = lazy(() => import("./macros/MacrosPage"));
const MacroEditorPage = lazy(() => import("./macros/MacroEditorPage"));
const CalendarFeedPage = lazy(() => import("./calendar/CalendarFeedPage"));
const EmailSettingsPage = lazy(() => import("./email/EmailSettingsPage"));
const TemplatesPage = lazy(() => import("./email/TemplatesPage"));
const TemplateEditorPage = lazy(() => import("./email/TemplateEditorPage"));
const SupportChannelsPage = lazy(() => import("./support_channels/SupportChannelsPage"));
const ImportsPage = lazy(() => import("../imports/ImportsPage"));
const NewImportPage = lazy(() => import("../imports/NewImportPage"));
const ImportPage = lazy(() => import("../imports/ImportPage"));
const DuplicatesPage = lazy(() => import("../dedupe/DuplicatesPage"));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Skeleton lines={6} />}>{children}</Suspense>;
}

function Admin({ children }: { children: ReactNode }) {
  const me = useMe();
  return isAdmin(me) ? <Lazy>{children}</Lazy> : <AdminOnly />;
}

const adminElements: Record<(typeof ADMIN_PAGES)[number]["path"], ReactNode> = {
  workspace: <WorkspacePage />,
  users: <UsersPage />,
  teams: <TeamsPage />,
  roles: <RolesPage />,
  fields: <CustomFieldsPage />,
  pipelines: <PipelinesPage />,
  "api-keys": <ApiKeysPage />,
  webhooks: <WebhooksPage />,
  automations: <AutomationsPage />,
  "business-hours": <BusinessHoursPage />,
  "sla-policies": <SlaPoliciesPage />,
  macros: <MacrosPage />,
  email: <EmailSettingsPage />,
  "email-templates": <TemplatesPage />,
  "support-channels": <SupportChannelsPage />,
  "mfa-policy": <MfaPolicyPage />,
  audit: <AuditPage />,
  jobs: <JobsPage />,
  "recycle-bin": <RecycleBinPage />,
};

export default function SettingsRoutes() {
  const me = useMe();
  return (
    <Routes>
      <Route element={<SettingsLayout />}>
        <Route index element={<Navigate to={isAdmin(me) ? ADMIN_PAGES[0].path : "account"} replace />} />
        <Route
          path="account"
          element={
            <Lazy>
              <AccountPage />
            </Lazy>
          }
        />
        <Route
          path="calendar"
          element={
            <Lazy>
              <CalendarFeedPage />
            </Lazy>
          }
        />
        <Route
          path="imports"
          element={
            <Lazy>
              <ImportsPage />
            </Lazy>
          }
        />
        <Route
          path="imports/new"
          element={
            <Lazy>
              <NewImportPage />
            </Lazy>
          }
        />
        <Route
          path="duplicates"
          element={
            <Lazy>
              <DuplicatesPage />
            </Lazy>
          }
        />
        <Route
          path="imports/:id"
          element={
            <Lazy>
              <ImportPage />
            </Lazy>
          }
        />
        {ADMIN_PAGES.map((p) => (
          <Route key={p.path} path={p.path} element={<Admin>{adminElements[p.path]}</Admin>} />
        ))}
        <Route
          path="roles/:name"
          element={
            <Admin>
              <RoleEditorPage />
            </Admin>
          }
        />
        <Route
          path="webhooks/:id"
          element={
            <Admin>
              <WebhookPage />
            </Admin>
          }
        />
        <Route
          path="automations/:id"
          element={
            <Admin>
              <RuleEditorPage />
            </Admin>
          }
        />
        <Route
          path="email-templates/:id"
          element={
            <Admin>
              <TemplateEditorPage />
            </Admin>
          }
        />
        <Route
          path="business-hours/:id"
          element={
            <Admin>
              <CalendarEditorPage />
            </Admin>
          }
        />
        <Route
          path="sla-policies/:id"
          element={
            <Admin>
              <PolicyEditorPage />
            </Admin>
          }
        />
        <Route
          path="macros/:id"
          element={
            <Admin>
              <MacroEditorPage />
            </Admin>
          }
        />
        <Route
          path="automations/:id/runs"
          element={
            <Admin>
              <RunsPage />
            </Admin>
          }
        />
        <Route path="*" element={<Navigate to={isAdmin(me) ? ADMIN_PAGES[0].path : "account"} replace />} />
      </Route>
    </Routes>
  );
}
