// Marketing → Forms: the list, the editor (new or an id) and a form's submissions, for admins and
// the marketing role (the server answers 403 to anyone else, which the pages show).
import { lazy } from "react";
import { Route, Routes } from "react-router";

const FormsPage = lazy(() => import("./FormsPage"));
const FormEditorPage = lazy(() => import("./FormEditorPage"));
const SubmissionsPage = lazy(() => import("./SubmissionsPage"));

export default function FormsRoutes() {
  return (
    <Routes>
      <Route index element={<FormsPage />} />
      <Route path=":id" element={<FormEditorPage />} />
      <Route path=":id/submissions" element={<SubmissionsPage />} />
    </Routes>
  );
}
