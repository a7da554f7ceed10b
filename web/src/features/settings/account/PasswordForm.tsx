// Changing one's password: the policy's refusals (length, common passwords…) show on the new
// password field; a wrong current password on that field. Other sessions end, this one stays.
import { useState } from "react";
import { api } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatWait, t } from "../../../i18n";
import { formErrors, type FormErrors } from "../shared/errors";
import { FormAlert } from "../shared/FormAlert";
import { useFormAction } from "../shared/useFormAction";
import styles from "../shared/settings.module.css";

/** A refused change: a 403 means the current password was wrong, a 429 too many tries. */
function passwordErrors(err: unknown): FormErrors {
  if (isApiError(err) && err.status === 403 && err.kind !== "mfa-enrollment-required")
    return { fields: { current_password: t("account.password.wrongCurrent") }, message: null };
  if (isApiError(err) && err.status === 429) return { fields: {}, message: t("auth.throttled", { wait: formatWait(err.retryAfter ?? 60) }) };
  return formErrors(err);
}

export function PasswordForm() {
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const mismatch = repeat.length > 0 && next !== repeat ? t("account.password.mismatch") : undefined;
  const tooShort = next.length > 0 && [...next].length < 12 ? t("account.password.short") : undefined;

  const action = useFormAction(async () => {
    await api.POST("/api/v1/auth/password", { body: { current_password: current, new_password: next } });
    setCurrent("");
    setNext("");
    setRepeat("");
    toast({ text: t("account.password.changed") });
  }, passwordErrors);
  const errors = action.errors;

  return (
    <section className={styles.card} aria-labelledby="account-password">
      <h2 id="account-password">{t("account.password.title")}</h2>
      <form className={styles.form} onSubmit={(e) => (mismatch || tooShort || !current ? e.preventDefault() : void action.run(e))} noValidate>
        <FormAlert message={errors.message} />
        <TextField
          label={t("account.password.current")}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={errors.fields.current_password}
        />
        <TextField
          label={t("account.password.new")}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          error={errors.fields.new_password ?? tooShort}
          help={t("account.password.help")}
        />
        <TextField
          label={t("account.password.repeat")}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={mismatch}
        />
        <div className={styles.actions}>
          <Button type="submit" disabled={action.busy || !current || !next || next !== repeat || !!tooShort}>
            {action.busy ? t("common.saving") : t("account.password.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
