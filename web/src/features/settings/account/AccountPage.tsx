// The signed-in user's own security: password, two-step sign-in (MFA) and open sessions.
import { useMe } from "../../../app/session";
import { t } from "../../../i18n";
import { PasswordForm } from "./PasswordForm";
import { MfaSection } from "./MfaSection";
import { SessionsSection } from "./SessionsSection";
import { SettingsPage } from "../shared/SettingsPage";

export default function AccountPage() {
  const me = useMe();
  return (
    <SettingsPage title={t("account.title")} intro={t("account.intro", { email: me.email ?? "" })}>
      <MfaSection />
      <PasswordForm />
      <SessionsSection />
    </SettingsPage>
  );
}
