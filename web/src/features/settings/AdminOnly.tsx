import { Link } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { t } from "../../i18n";

/** What a non-admin sees on an admin settings page: why, and where they can go instead. */
export function AdminOnly() {
  return (
    <section>
      <PageHeader title={t("settings.adminOnly.title")} />
      <EmptyState title={t("settings.adminOnly.body")} action={<Link to="/settings/account">{t("settings.adminOnly.account")}</Link>} />
    </section>
  );
}
