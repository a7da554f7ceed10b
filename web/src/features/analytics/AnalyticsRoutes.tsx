// Reports → Custom reports and Dashboards (/reports/custom…, /reports/dashboards…): one chunk, with
// Chart.js's extra controllers in a chunk of their own loaded by the first chart.
import { Route, Routes } from "react-router";
import SavedReportsPage from "./SavedReportsPage";
import ReportEditorPage from "./ReportEditorPage";
import DashboardsPage from "./DashboardsPage";
import DashboardPage from "./DashboardPage";

export default function AnalyticsRoutes() {
  return (
    <Routes>
      <Route path="custom" element={<SavedReportsPage />} />
      <Route path="custom/:id" element={<ReportEditorPage />} />
      <Route path="dashboards" element={<DashboardsPage />} />
      <Route path="dashboards/:id" element={<DashboardPage />} />
    </Routes>
  );
}
