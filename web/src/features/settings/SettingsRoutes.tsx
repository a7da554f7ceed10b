import { PageHeader } from "../../components/PageHeader";
export default function SettingsRoutes() {
  return <PageHeader title="Settings" />;
}
