// Recovery codes, shown once: copy, download as a text file, and an "I saved them" check before
// the user may go on (the codes cannot be shown again).
import { useId, useState } from "react";
import { saveBlob } from "../../api/files";
import { Button } from "../../components/Button";
import { CopyButton } from "../settings/shared/CopyButton";
import { t } from "../../i18n";
import styles from "./MfaEnrolment.module.css";

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const checkId = useId();
  const text = codes.join("\n") + "\n";
  const download = () => {
    saveBlob(new Blob([text], { type: "text/plain" }), "rapport-recovery-codes.txt");
  };
  return (
    <div className={styles.codes} aria-labelledby={`${checkId}-title`} role="region">
      <h3 id={`${checkId}-title`}>{t("mfa.codes.title")}</h3>
      <p className={styles.warn}>{t("mfa.codes.once")}</p>
      <ol className={styles.codeList} aria-label={t("mfa.codes.list")}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className={styles.row}>
        <CopyButton text={text} label={t("mfa.codes.copy")} />
        <Button size="small" onClick={download}>
          {t("mfa.codes.download")}
        </Button>
      </div>
      <label className={styles.check} htmlFor={checkId}>
        <input id={checkId} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        {t("mfa.codes.saved")}
      </label>
      <Button variant="primary" disabled={!saved} onClick={onDone}>
        {t("mfa.codes.done")}
      </Button>
    </div>
  );
}
