// Two-step sign-in on the account page: its status, enrolment, new recovery codes (shown once) and
// turning it off (password and a current code, as the API asks).
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { Skeleton } from "../../../components/Skeleton";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { useToast } from "../../../components/Toast";
import { isApiError } from "../../../api/problem";
import { formatDate, t } from "../../../i18n";
import { cleanCode, disableMfa, mfaKey, newRecoveryCodes, useMfaStatus } from "../../auth/mfa";
import { MfaEnrolment } from "../../auth/MfaEnrolment";
import { RecoveryCodes } from "../../auth/RecoveryCodes";
import { formErrors, type FormErrors } from "../shared/errors";
import { FormDialog } from "../shared/FormDialog";
import { useFormAction } from "../shared/useFormAction";
import styles from "../shared/settings.module.css";

type Mode = "idle" | "enrol" | "codes" | "disable";

export function MfaSection() {
  const status = useMfaStatus();
  const queries = useQueryClient();
  const toast = useToast();
  const [mode, setMode] = useState<Mode>("idle");
  const [shownCodes, setShownCodes] = useState<string[] | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: mfaKey });

  let body;
  if (status.isPending) body = <Skeleton lines={3} />;
  else if (status.isError) body = <ErrorNotice error={status.error} retry={() => void status.refetch()} />;
  else if (shownCodes)
    body = (
      <RecoveryCodes
        codes={shownCodes}
        onDone={() => {
          setShownCodes(null);
          void refresh();
        }}
      />
    );
  else if (mode === "enrol")
    body = (
      <MfaEnrolment
        autoStart
        onCancel={() => setMode("idle")}
        onDone={() => {
          setMode("idle");
          void refresh();
          toast({ text: t("mfa.enabledToast") });
        }}
      />
    );
  else {
    const s = status.data;
    body = (
      <>
        <p className={styles.actions}>
          {s.enabled ? (
            <span className={`${styles.badge} ${styles.ok}`}>✓ {t("mfa.status.on")}</span>
          ) : (
            <span className={`${styles.badge} ${styles.warn}`}>! {t("mfa.status.off")}</span>
          )}
          {s.enabled && s.confirmed_at && <span className={styles.muted}>{t("mfa.status.since", { date: formatDate(s.confirmed_at) })}</span>}
        </p>
        {s.enabled ? (
          <p className={s.recovery_codes_left <= 3 ? styles.notice : styles.muted}>
            {t("mfa.status.codesLeft", { n: s.recovery_codes_left })}
          </p>
        ) : (
          <p className={styles.muted}>{s.required ? t("mfa.status.requiredHint") : t("mfa.status.offHint")}</p>
        )}
        <div className={styles.actions}>
          {s.enabled ? (
            <>
              <Button onClick={() => setMode("codes")}>{t("mfa.codes.regenerate")}</Button>
              {!s.required && (
                <Button variant="danger" onClick={() => setMode("disable")}>
                  {t("mfa.disable.open")}
                </Button>
              )}
            </>
          ) : (
            <Button variant="primary" onClick={() => setMode("enrol")}>
              {t("mfa.enrol.open")}
            </Button>
          )}
        </div>
      </>
    );
  }

  return (
    <section className={styles.card} aria-labelledby="account-mfa">
      <h2 id="account-mfa">{t("mfa.title")}</h2>
      {body}
      {mode === "codes" && (
        <CodeDialog
          title={t("mfa.codes.regenerate")}
          text={t("mfa.codes.regenerateText")}
          submit={t("mfa.codes.regenerateSubmit")}
          onClose={() => setMode("idle")}
          run={async (_password, code) => {
            setShownCodes(await newRecoveryCodes(code));
            setMode("idle");
          }}
        />
      )}
      {mode === "disable" && (
        <CodeDialog
          title={t("mfa.disable.title")}
          text={t("mfa.disable.text")}
          submit={t("mfa.disable.submit")}
          withPassword
          danger
          onClose={() => setMode("idle")}
          run={async (password, code) => {
            await disableMfa(password, code);
            setMode("idle");
            await refresh();
            toast({ text: t("mfa.disabledToast") });
          }}
        />
      )}
    </section>
  );
}

/** Asks for a current code (and the password when turning MFA off); errors show on the fields. */
function CodeDialog(props: {
  title: string;
  text: string;
  submit: string;
  withPassword?: boolean;
  danger?: boolean;
  onClose: () => void;
  run: (password: string, code: string) => Promise<void>;
}) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  // A 401/403 without field errors is a wrong code (or password): said in the dialog's words.
  const refused = (err: unknown): FormErrors => {
    const f = formErrors(err);
    if (isApiError(err) && (err.status === 403 || err.status === 401) && Object.keys(f.fields).length === 0)
      return { fields: {}, message: props.withPassword ? t("mfa.disable.refused") : t("mfa.enrol.wrongCode") };
    return f;
  };
  const action = useFormAction(() => props.run(password, cleanCode(code)), refused);
  const errors = action.errors.fields;
  return (
    <FormDialog
      title={props.title}
      submit={props.submit}
      action={action}
      ready={!!code && (!props.withPassword || !!password)}
      danger={props.danger}
      enterSubmits
      onClose={props.onClose}
      intro={<p className={styles.intro}>{props.text}</p>}
    >
      {props.withPassword && (
        <TextField
          label={t("auth.password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
      )}
      <TextField
        label={t("auth.code")}
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={errors.code}
        help={t("auth.code.help")}
      />
    </FormDialog>
  );
}
