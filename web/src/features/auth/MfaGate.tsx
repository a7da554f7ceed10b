// Forced enrolment: when the user's role requires MFA and they have not confirmed it, the server
// refuses everything but enrolment, /auth/me and sign-out. Instead of a shell full of refusals the
// user lands here, enrols, saves the recovery codes and goes on to where they were going.
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "../../app/session";
import { Skeleton } from "../../components/Skeleton";
import { Button } from "../../components/Button";
import { t } from "../../i18n";
import { mfaKey, useMfaStatus } from "./mfa";
import { MfaEnrolment } from "./MfaEnrolment";
import styles from "../auth/SignInPage.module.css";
import own from "./MfaGate.module.css";

export function MfaGate({ children }: { children: ReactNode }) {
  const { mfaEnrollmentRequired, signOut, refresh } = useSession();
  const queries = useQueryClient();
  const status = useMfaStatus();
  const forced = status.data ? status.data.required && !status.data.enabled : mfaEnrollmentRequired;
  if (status.isPending && mfaEnrollmentRequired) return <Skeleton lines={4} />;
  if (!forced) return <>{children}</>;
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
