// The page a user whose role requires MFA sees until they have enrolled (see MfaGate): why, the
// enrolment itself, and a way out (sign out). Its own chunk: most sessions never need it.
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../../app/session";
import { Button } from "../../components/Button";
import { t } from "../../i18n";
import { mfaKey } from "./mfa";
import { MfaEnrolment } from "./MfaEnrolment";
import styles from "./SignInPage.module.css";
import own from "./MfaGate.module.css";

export default function ForcedEnrolment() {
  const { signOut, refresh } = useSession();
  const queries = useQueryClient();
  const done = async () => {
    await queries.invalidateQueries({ queryKey: mfaKey });
    await refresh();
    // Pages refused while enrolment was pending read again.
    await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "mfa" && q.queryKey[0] !== "me" });
  };
  return (
    <main className={styles.page}>
      <section className={`${styles.card} ${own.card}`} aria-labelledby="mfa-forced-title">
        <div className={styles.brand}>
          <img src="/favicon.svg" alt="" />
          {t("app.name")}
        </div>
        <h1 id="mfa-forced-title">{t("mfa.forced.title")}</h1>
        <p className={styles.help}>{t("mfa.forced.body")}</p>
        <MfaEnrolment onDone={() => void done()} autoStart />
        <Button variant="ghost" onClick={() => void signOut()}>
          {t("top.signOut")}
        </Button>
      </section>
    </main>
  );
}
