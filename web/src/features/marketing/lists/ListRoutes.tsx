// /marketing/lists: the static lists, and one list with its members.
import { Route, Routes, useParams } from "react-router";
import ListsPage from "./ListsPage";
import StaticListPage from "./StaticListPage";

function OneList() {
  const { id } = useParams();
  return <StaticListPage key={id} id={id ?? ""} />;
}

export default function ListRoutes() {
  return (
    <Routes>
      <Route index element={<ListsPage />} />
      <Route path=":id" element={<OneList />} />
    </Routes>
  );
}
