// The MFA policy: the roles whose users must use two-step sign-in. They can still sign in, but use
// nothing else until they have enrolled (the forced enrolment page).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { sameSet } from "../shared/actions";
import { CheckList } from "../shared/CheckList";
import { errorText } from "../shared/errors";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useRoles } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { useFormAction } from "../shared/useFormAction";
import styles from "../shared/settings.module.css";

const policyKey = keys.settings("mfa-policy");

export default function MfaPolicyPage() {
  const policy = useQuery({ queryKey: policyKey, queryFn: async () => must(await api.GET("/api/v1/auth/mfa/policy")) });
  const roles = useRoles();
  const refresh = useRefresh();
  const toast = useToast();
  // The admin's choice; null until they change something, so the saved policy shows meanwhile.
  const [chosen, setChosen] = useState<string[] | null>(null);
  const saved = policy.data?.required_roles ?? [];
  const current = chosen ?? saved;
  const dirty = !sameSet(current, saved);

  const action = useFormAction(
    async () => {
      await api.PUT("/api/v1/auth/mfa/policy", { body: { required_roles: current } });
      await refresh(policyKey);
      setChosen(null);
      toast({ text: t("mfaPolicy.saved") });
    },
    (e) => ({ fields: {}, message: errorText(e) }),
  );

  return (
    <SettingsPage title={t("mfaPolicy.title")} intro={t("mfaPolicy.intro")}>
      <Loaded query={{ ...policy, isPending: policy.isPending || roles.isPending }}>
        {() => (
          <form className={styles.card} onSubmit={(e) => void action.run(e)} noValidate>
            <FormAlert message={action.errors.message} />
            <CheckList
              legend={t("mfaPolicy.legend")}
              options={(roles.data ?? []).map((r) => ({ id: r.name, label: r.label }))}
              value={current}
              onChange={setChosen}
            />
            <p className={styles.muted}>{current.length === 0 ? t("mfaPolicy.none") : t("mfaPolicy.some", { n: current.length })}</p>
            <div className={styles.actions}>
              <Button type="submit" variant="primary" disabled={!dirty || action.busy}>
                {action.busy ? t("common.saving") : t("mfaPolicy.save")}
              </Button>
            </div>
          </form>
        )}
      </Loaded>
    </SettingsPage>
  );
}
