// The MFA policy: the roles whose users must use two-step sign-in. They can still sign in, but use
// nothing else until they have enrolled (the forced enrolment page).
import { useEffect, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { errorText } from "../shared/errors";
import { useRoles } from "../shared/queries";
import styles from "../shared/settings.module.css";

const policyKey = keys.settings("mfa-policy");

export default function MfaPolicyPage() {
  const policy = useQuery({ queryKey: policyKey, queryFn: async () => must(await api.GET("/api/v1/auth/mfa/policy")) });
  const roles = useRoles();
  const queries = useQueryClient();
  const toast = useToast();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (policy.data && chosen === null) setChosen(policy.data.required_roles);
  }, [policy.data, chosen]);

  const saved = policy.data?.required_roles ?? [];
  const current = chosen ?? saved;
  const dirty = JSON.stringify([...current].sort()) !== JSON.stringify([...saved].sort());

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.PUT("/api/v1/auth/mfa/policy", { body: { required_roles: current } });
      await queries.invalidateQueries({ queryKey: policyKey });
      setChosen(null);
      toast({ text: t("mfaPolicy.saved") });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t("mfaPolicy.title")} />
      <div className={styles.body}>
        <p className={styles.intro}>{t("mfaPolicy.intro")}</p>
        {policy.isPending || roles.isPending ? (
          <Skeleton lines={5} />
        ) : policy.isError ? (
          <ErrorNotice error={policy.error} retry={() => void policy.refetch()} />
        ) : (
          <section className={styles.card}>
            {error && (
              <p className={styles.alert} role="alert">
                {error}
              </p>
            )}
            <fieldset className={styles.checks}>
              <legend>{t("mfaPolicy.legend")}</legend>
              {(roles.data ?? []).map((r) => (
                <label key={r.name} className={styles.check}>
                  <input
                    type="checkbox"
                    checked={current.includes(r.name)}
                    onChange={(e) => setChosen(e.target.checked ? [...current, r.name] : current.filter((x) => x !== r.name))}
                  />
                  {r.label}
                </label>
              ))}
            </fieldset>
            <p className={styles.muted}>
              {current.length === 0 ? t("mfaPolicy.none") : t("mfaPolicy.some", { n: current.length })}
            </p>
            <div className={styles.actions}>
              <Button variant="primary" disabled={!dirty || busy} onClick={() => void save()}>
                {busy ? t("common.saving") : t("mfaPolicy.save")}
              </Button>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
