import { PageHeader } from "../../components/PageHeader";
export default function BoardPage() {
  return <PageHeader title="Board" />;
}
