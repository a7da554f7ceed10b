// /marketing/segments: the list, a new segment, one segment in the builder.
import { Route, Routes, useParams } from "react-router";
import SegmentsPage from "./SegmentsPage";
import SegmentEditorPage from "./SegmentEditorPage";

function Editor() {
  const { id } = useParams();
  return <SegmentEditorPage key={id ?? "new"} id={id && id !== "new" ? id : null} />;
}

export default function SegmentRoutes() {
  return (
    <Routes>
      <Route index element={<SegmentsPage />} />
      <Route path=":id" element={<Editor />} />
    </Routes>
  );
}
