// Marketing → Campaigns: the list, the editor of a draft (new or an id) and a campaign's results.
import { lazy } from "react";
import { Route, Routes } from "react-router";

const CampaignsPage = lazy(() => import("./CampaignsPage"));
const CampaignEditorPage = lazy(() => import("./CampaignEditorPage"));
const ResultsPage = lazy(() => import("./ResultsPage"));

export default function CampaignsRoutes() {
  return (
    <Routes>
      <Route index element={<CampaignsPage />} />
      <Route path=":id" element={<CampaignEditorPage />} />
      <Route path=":id/results" element={<ResultsPage />} />
    </Routes>
  );
}
