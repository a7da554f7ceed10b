import { PageHeader } from "../../components/PageHeader";
import { useMe } from "../../app/session";
import { t } from "../../i18n";

export default function HomePage() {
  const me = useMe();
  return <PageHeader title={`${t("nav.home")} · ${me.name}`} />;
}
