// Enrolling an authenticator app: a new secret as a QR code (drawn locally) and as text for manual
// entry, confirmed with a current code; then the recovery codes, once. Used on the account page and
// on the forced enrolment page.
import { useEffect, useId, useState, type FormEvent } from "react";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Skeleton } from "../../components/Skeleton";
import { isApiError } from "../../api/problem";
import { t } from "../../i18n";
import { cleanCode, confirmEnrolment, startEnrolment, type MfaEnrollment } from "./mfa";
import { groupSecret, qrDataUrl } from "./qr";
import { RecoveryCodes } from "./RecoveryCodes";
import { CopyButton } from "../settings/shared/CopyButton";
import styles from "./MfaEnrolment.module.css";

type Step = { kind: "start" } | { kind: "scan"; enrollment: MfaEnrollment } | { kind: "codes"; codes: string[] };

export function MfaEnrolment({ onDone, onCancel, autoStart = false }: { onDone: () => void; onCancel?: () => void; autoStart?: boolean }) {
  const [step, setStep] = useState<Step>({ kind: "start" });
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const secretId = useId();

  const begin = async () => {
    setBusy(true);
    setError(null);
    try {
      const enrollment = await startEnrolment();
      setStep({ kind: "scan", enrollment });
      setQr(await qrDataUrl(enrollment.otpauth_uri));
    } catch (e) {
      setError(isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network"));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (autoStart) void begin();
    // Only once, when the forced page opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const codes = await confirmEnrolment(cleanCode(code));
      setStep({ kind: "codes", codes });
    } catch (err) {
      if (isApiError(err) && (err.status === 422 || err.status === 401 || err.status === 403)) setError(t("mfa.enrol.wrongCode"));
      else setError(isApiError(err) ? (err.problem.detail ?? err.problem.title) : t("app.error.network"));
    } finally {
      setBusy(false);
    }
  };

  if (step.kind === "codes") return <RecoveryCodes codes={step.codes} onDone={onDone} />;

  if (step.kind === "start")
    return (
      <div className={styles.enrol}>
        <p>{t("mfa.enrol.intro")}</p>
        {error && (
          <p className={styles.alert} role="alert">
            {error}
          </p>
        )}
        {autoStart && busy ? (
          <Skeleton lines={4} />
        ) : (
          <div className={styles.row}>
            <Button variant="primary" onClick={() => void begin()} disabled={busy}>
              {t("mfa.enrol.start")}
            </Button>
            {onCancel && <Button onClick={onCancel}>{t("common.cancel")}</Button>}
          </div>
        )}
      </div>
    );

  const { enrollment } = step;
  return (
    <form className={styles.enrol} onSubmit={confirm} noValidate>
      <ol className={styles.steps}>
        <li>{t("mfa.enrol.step1")}</li>
        <li>
          {t("mfa.enrol.step2")}
          <div className={styles.scan}>
            {qr ? (
              <img className={styles.qr} src={qr} alt={t("mfa.enrol.qrAlt")} width={200} height={200} />
            ) : (
              <div className={styles.qrPlaceholder}>
                <Skeleton block />
              </div>
            )}
            <div className={styles.manual}>
              <span id={secretId} className={styles.label}>
                {t("mfa.enrol.secret")}
              </span>
              <code aria-labelledby={secretId} data-testid="mfa-secret" className={styles.secret}>
                {groupSecret(enrollment.secret)}
              </code>
              <CopyButton text={enrollment.secret} label={t("mfa.enrol.copySecret")} />
              <span className={styles.hint}>{t("mfa.enrol.manualHelp")}</span>
            </div>
          </div>
        </li>
        <li>
          <TextField
            label={t("mfa.enrol.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={error ?? undefined}
            help={t("mfa.enrol.codeHelp")}
            className={styles.codeField}
          />
        </li>
      </ol>
      <div className={styles.row}>
        <Button type="submit" variant="primary" disabled={busy || cleanCode(code).length < 6}>
          {t("mfa.enrol.confirm")}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t("common.cancel")}</Button>}
      </div>
    </form>
  );
}
