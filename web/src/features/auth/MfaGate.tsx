// Forced enrolment: when the user's role requires MFA and they have not confirmed it, the server
// refuses everything but enrolment, /auth/me and sign-out. Instead of a shell full of refusals the
// user lands on the enrolment page, enrols, saves the recovery codes and goes on where they were.
// The session's mfaEnrollmentRequired (from the sign-in) decides until GET /auth/mfa has answered;
// after a reload only the latter knows.
import { lazy, Suspense, type ReactNode } from "react";
import { useSession } from "../../app/session";
import { Skeleton } from "../../components/Skeleton";
import { useMfaStatus } from "./mfa";
import { withCatalog } from "../../i18n";

const ForcedEnrolment = lazy(() => withCatalog(["settings"], () => import("./ForcedEnrolment")));

export function MfaGate({ children }: { children: ReactNode }) {
  const { mfaEnrollmentRequired } = useSession();
  const status = useMfaStatus();
  const forced = status.data ? status.data.required && !status.data.enabled : mfaEnrollmentRequired;
  if (status.isPending && mfaEnrollmentRequired) return <Skeleton lines={4} />;
  if (!forced) return <>{children}</>;
  return (
    <Suspense fallback={<Skeleton lines={4} />}>
      <ForcedEnrolment />
    </Suspense>
  );
}
