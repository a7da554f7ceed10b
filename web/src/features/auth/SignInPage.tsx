// Sign in: email and password, then a TOTP or recovery code when the account has MFA. Says why
// the user is here (session expired, signed out), how long to wait when throttled, and keeps what
// was typed when the server refuses.
import { useState, type FormEvent } from "react";
import { useNavigate, useLocation } from "react-router";
import { useSession } from "../../app/session";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { formatWait, t } from "../../i18n";
import styles from "./SignInPage.module.css";

type Step = "password" | "code";

export function SignInPage() {
  const { signIn, reason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [step, setStep] = useState<Step>("password");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const from = (location.state as { from?: string } | null)?.from ?? "/";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ email: email.trim(), password, code: step === "code" ? code.replace(/\s/g, "") : undefined });
      navigate(from, { replace: true });
    } catch (err) {
      if (isApiError(err) && err.kind === "mfa-required") {
        if (step === "code") setError(t("auth.wrongCode"));
        setStep("code");
      } else if (isApiError(err) && err.status === 429) {
        setError(t("auth.throttled", { wait: formatWait(err.retryAfter ?? 60) }));
      } else if (isApiError(err) && err.status === 401) {
        setError(t("auth.wrong"));
      } else if (isApiError(err) && err.status === 422) {
        setError(Object.values(err.fieldErrors()).join(" ") || (err.problem.detail ?? err.problem.title));
      } else {
        setError(t("app.error.network"));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <form className={styles.card} onSubmit={submit} noValidate>
        <div className={styles.brand}>
          <img src="/favicon.svg" alt="" />
          {t("app.name")}
        </div>
        <h1>{t("auth.title")}</h1>
        {reason === "expired" && <p className={styles.notice}>{t("auth.expired")}</p>}
        {reason === "signed-out" && <p className={styles.help}>{t("auth.signedOut")}</p>}
        {error && (
          <p className={styles.alert} role="alert">
            {error}
          </p>
        )}
        {step === "password" ? (
          <>
            <TextField
              label={t("auth.email")}
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <TextField
              label={t("auth.password")}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <Button type="submit" variant="primary" disabled={busy || !email || !password}>
              {busy ? t("auth.submitting") : t("auth.submit")}
            </Button>
          </>
        ) : (
          <>
            <TextField
              label={t("auth.code")}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              required
              help={t("auth.code.help")}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <Button type="submit" variant="primary" disabled={busy || !code}>
              {busy ? t("auth.submitting") : t("auth.code.submit")}
            </Button>
            <button
              type="button"
              className={styles.link}
              onClick={() => {
                setStep("password");
                setCode("");
                setError(null);
              }}
            >
              {t("auth.code.back")}
            </button>
          </>
        )}
      </form>
    </main>
  );
}
