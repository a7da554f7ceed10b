// Settings → Email, receiving (admins): where the workspace's mail server delivers the messages it
// receives (POST /api/v1/inbound-email on this server) and the secret it sends with them. Made once;
// regenerating (asked first: the current secret stops at once) shows the new one once, with copy.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { useToast } from "../../../components/Toast";
import { formatDateTime, t } from "../../../i18n";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { CopyButton } from "../shared/CopyButton";
import { errorText } from "../shared/errors";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import styles from "../shared/settings.module.css";

type Secret = Schemas["InboundSecret"];
const secretKey = keys.settings("email-inbound-secret");

export function InboundSection() {
  const secret = useQuery({ queryKey: secretKey, queryFn: async () => must(await api.GET("/api/v1/email/inbound-secret")) });
  return (
    <section className={styles.card} aria-labelledby="inbound-title">
      <h2 id="inbound-title">{t("emailInbound.title")}</h2>
      <p className={styles.muted}>{t("emailInbound.intro")}</p>
      <Loaded query={secret}>{(s) => <InboundState secret={s} />}</Loaded>
    </section>
  );
}

function InboundState({ secret }: { secret: Secret }) {
  const refresh = useRefresh();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const route = `${window.location.origin}/api/v1/inbound-email`;
  const make = async () => {
    const r = must(await api.POST("/api/v1/email/inbound-secret"));
    setMade(r.secret);
    await refresh(secretKey);
    toast({ text: t("emailInbound.made") });
  };
  return (
    <div className={styles.form}>
      <div>
        <p className={styles.small}>{t("emailInbound.route")}</p>
        <div className={styles.secret}>
          <code>POST {route}</code>
          <CopyButton text={route} />
        </div>
      </div>
      <p>
        {secret.configured ? (
          <Badge tone="ok" mark="✓">
            {t("emailInbound.configured", { when: formatDateTime(secret.created_at) })} ·{" "}
            {secret.last_used_at ? t("emailInbound.lastUsed", { when: formatDateTime(secret.last_used_at) }) : t("emailInbound.neverUsed")}
          </Badge>
        ) : (
          <Badge tone="warn" mark="!">
            {t("emailInbound.none")}
          </Badge>
        )}
      </p>
      <div className={styles.actions}>
        {secret.configured ? (
          <Button onClick={() => setConfirming(true)}>{t("emailInbound.regenerate")}</Button>
        ) : (
          <Button variant="primary" onClick={() => void make().catch((e: unknown) => toast({ tone: "error", text: errorText(e) }))}>
            {t("emailInbound.make")}
          </Button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog title={t("emailInbound.confirmTitle")} confirm={t("emailInbound.confirm")} onConfirm={make} onClose={() => setConfirming(false)}>
          {t("emailInbound.confirmBody")}
        </ConfirmDialog>
      )}
      {made && (
        <Dialog
          title={t("emailInbound.secret")}
          onClose={() => setMade(null)}
          footer={
            <Button variant="primary" onClick={() => setMade(null)}>
              {t("emailInbound.done")}
            </Button>
          }
        >
          <p className={styles.notice}>{t("emailInbound.secretOnce")}</p>
          <div className={styles.secret}>
            <code data-testid="inbound-secret">{made}</code>
            <CopyButton text={made} />
          </div>
        </Dialog>
      )}
    </div>
  );
}
