// The signed-in user's own security: password, two-step sign-in (MFA) and open sessions.
import { PageHeader } from "../../../components/PageHeader";
import { useMe } from "../../../app/session";
import { t } from "../../../i18n";
import { PasswordForm } from "./PasswordForm";
import { MfaSection } from "./MfaSection";
import { SessionsSection } from "./SessionsSection";
import styles from "../shared/settings.module.css";

export default function AccountPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title={t("account.title")} />
      <div className={styles.body}>
        <p className={styles.intro}>{t("account.intro", { email: me.email ?? "" })}</p>
        <MfaSection />
        <PasswordForm />
        <SessionsSection />
      </div>
    </>
  );
}
