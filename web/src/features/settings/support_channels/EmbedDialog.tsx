// A web form's code for a customer's site: the plain <form> the server made (no script, the hidden
// honeypot included) with a copy button, its submit URL for a script posting JSON, and where it
// may be used from. Shown at once after making a form, and from the list.
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { t } from "../../../i18n";
import { CopyButton } from "../shared/CopyButton";
import type { WebForm } from "./queries";
import styles from "../shared/settings.module.css";
import own from "./channels.module.css";

export function EmbedDialog({ form, onClose }: { form: WebForm; onClose: () => void }) {
  return (
    <Dialog
      title={t("webForms.embedTitle", { name: form.name })}
      onClose={onClose}
      wide
      footer={
        <Button variant="primary" onClick={onClose}>
          {t("webForms.done")}
        </Button>
      }
    >
      <div className={styles.dialogForm}>
        <p>{t("webForms.embedIntro")}</p>
        <div className={own.codeHead}>
          <span className={styles.small}>{t("webForms.html")}</span>
          <CopyButton text={form.embed_html} label={t("webForms.copyHtml")} />
        </div>
        <pre className={styles.pre} tabIndex={0} aria-label={t("webForms.html")} data-testid="embed-html">
          {form.embed_html}
        </pre>
        <div>
          <p className={styles.small}>{t("webForms.submitUrl")}</p>
          <div className={styles.secret}>
            <code>POST {form.submit_url}</code>
            <CopyButton text={form.submit_url} />
          </div>
        </div>
        <p className={`${styles.muted} ${styles.small}`}>
          {form.allowed_origins.length ? t("webForms.originsSome", { origins: form.allowed_origins.join(", ") }) : t("webForms.originsAny")}
        </p>
        {!form.enabled && <p className={styles.notice}>{t("webForms.offNotice")}</p>}
      </div>
    </Dialog>
  );
}
