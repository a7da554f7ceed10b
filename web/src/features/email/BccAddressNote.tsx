// The signed-in user's BCC address, with a copy button: mail they send from their own mail program
// with it in Bcc is logged on the contacts it is addressed to. Made on first use (POST), when the
// workspace has an inbound domain; without one, nothing is shown (an admin sets it under Settings → Email).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { Button } from "../../components/Button";
import { t } from "../../i18n";
import { CopyButton } from "../settings/shared/CopyButton";
import { errorText } from "../settings/shared/errors";
import { bccKey, useBccAddress } from "./queries";
import styles from "./threads.module.css";

export function BccAddressNote() {
  const bcc = useBccAddress();
  const queries = useQueryClient();
  const make = useMutation({
    mutationFn: async () => must(await api.POST("/api/v1/email/bcc-address")),
    onSuccess: (made) => queries.setQueryData(bccKey, made),
  });
  if (!bcc.data?.domain) return null;
  return (
    <div className={styles.bcc}>
      {bcc.data.address ? (
        <>
          <span className={styles.bccText}>
            {t("email.bcc.intro")} <code className={styles.bccAddress}>{bcc.data.address}</code>
          </span>
          <CopyButton text={bcc.data.address} label={t("email.bcc.copy")} />
        </>
      ) : (
        <>
          <span className={styles.bccText}>{t("email.bcc.none")}</span>
          <Button size="small" onClick={() => make.mutate()} disabled={make.isPending}>
            {t("email.bcc.make")}
          </Button>
          {make.error && <span role="alert" className={styles.error}>{errorText(make.error)}</span>}
        </>
      )}
    </div>
  );
}
