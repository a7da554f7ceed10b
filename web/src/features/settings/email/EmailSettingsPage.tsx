// Settings → Email (admins): the mail server the workspace sends through. One form; the password
// is write-only — blank keeps the stored one, a box removes it — and every field a 422 names shows
// its message on that field (a host the outbound policy refuses on the host). The usual port
// follows the security choice until the admin types one. Below, receiving: the inbound domain of the
// users' BCC addresses is part of the form; the delivery address and its secret, InboundSection.
import { useState } from "react";
import { api, must } from "../../../api/client";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatDateTime, t } from "../../../i18n";
import { emailSettingsKey, useEmailSettings } from "../../email/queries";
import { Badge } from "../shared/Badge";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { useFormAction } from "../shared/useFormAction";
import { InboundSection } from "./InboundSection";
import styles from "../shared/settings.module.css";
import own from "./emailSettings.module.css";

type Settings = Schemas["EmailSettings"];
type Security = Settings["security"];

/** The port a server usually listens on for each kind of security. */
export const USUAL_PORT: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };

export default function EmailSettingsPage() {
  const settings = useEmailSettings();
  return (
    <SettingsPage title={t("emailSettings.title")} intro={t("emailSettings.intro")}>
      <Loaded query={settings}>{(s) => <SettingsForm key={s.version} saved={s} />}</Loaded>
      <InboundSection />
    </SettingsPage>
  );
}

function SettingsForm({ saved }: { saved: Settings }) {
  const refresh = useRefresh();
  const toast = useToast();
  const [host, setHost] = useState(saved.host ?? "");
  const [security, setSecurity] = useState<Security>(saved.configured ? saved.security : "starttls");
  const [port, setPort] = useState(saved.configured ? String(saved.port) : String(USUAL_PORT.starttls));
  const [portTyped, setPortTyped] = useState(saved.configured);
  const [username, setUsername] = useState(saved.username);
  const [password, setPassword] = useState("");
  const [removePassword, setRemovePassword] = useState(false);
  const [sender, setSender] = useState(saved.sender ?? "");
  const [inboundDomain, setInboundDomain] = useState(saved.inbound_domain ?? "");

  const action = useFormAction(async () => {
    const body: Schemas["EmailSettingsInput"] = {
      host: host.trim(),
      port: Number(port),
      security,
      username: username.trim(),
      sender: sender.trim(),
      // PUT replaces the settings: the domain is sent as it stands (empty: none).
      inbound_domain: inboundDomain.trim() || null,
    };
    // Absent keeps the stored password; null removes it.
    if (removePassword) body.password = null;
    else if (password) body.password = password;
    must(await api.PUT("/api/v1/email/settings", { body }));
    setPassword("");
    setRemovePassword(false);
    await refresh(emailSettingsKey);
    toast({ text: t("emailSettings.saved") });
  });
  const errors = action.errors.fields;
  const ready = !!host.trim() && !!port.trim() && !!sender.trim();

  return (
    <form className={styles.card} onSubmit={(e) => (ready ? void action.run(e) : e.preventDefault())} noValidate>
      <div className={`${styles.form} ${own.form}`}>
        <p>
          {saved.configured ? (
            <Badge tone="ok">✓ {t("emailSettings.configured", { when: formatDateTime(saved.updated_at) })}</Badge>
          ) : (
            <Badge tone="warn">! {t("emailSettings.notConfigured")}</Badge>
          )}
        </p>
        <FormAlert message={action.errors.message} />
        <div className={styles.grid2}>
          <TextField
            label={t("emailSettings.host")}
            value={host}
            onChange={(e) => setHost(e.target.value)}
            error={errors.host}
            help={t("emailSettings.hostHelp")}
            autoComplete="off"
            spellCheck={false}
          />
          <SelectField
            label={t("emailSettings.security")}
            value={security}
            onChange={(v) => {
              setSecurity(v as Security);
              if (!portTyped) setPort(String(USUAL_PORT[v as Security]));
            }}
            error={errors.security}
            help={t(`emailSettings.security.${security}.help`)}
          >
            <option value="starttls">{t("emailSettings.security.starttls")}</option>
            <option value="tls">{t("emailSettings.security.tls")}</option>
            <option value="none">{t("emailSettings.security.none")}</option>
          </SelectField>
          <TextField
            label={t("emailSettings.port")}
            inputMode="numeric"
            value={port}
            onChange={(e) => {
              setPort(e.target.value.replace(/\D/g, ""));
              setPortTyped(true);
            }}
            error={errors.port}
            help={t("emailSettings.portHelp", { port: USUAL_PORT[security] })}
          />
          <TextField
            label={t("emailSettings.sender")}
            type="email"
            value={sender}
            onChange={(e) => setSender(e.target.value)}
            error={errors.sender}
            help={t("emailSettings.senderHelp")}
            autoComplete="off"
          />
          <TextField
            label={t("emailSettings.username")}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errors.username}
            help={t("emailSettings.usernameHelp")}
            autoComplete="off"
          />
          <div className={own.password}>
            <TextField
              label={t("emailSettings.password")}
              type="password"
              value={password}
              disabled={removePassword}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
              help={saved.password_set ? t("emailSettings.passwordKeep") : t("emailSettings.passwordNone")}
              autoComplete="new-password"
            />
            {saved.password_set && (
              <label className={styles.small}>
                <input type="checkbox" checked={removePassword} onChange={(e) => setRemovePassword(e.target.checked)} /> {t("emailSettings.passwordRemove")}
              </label>
            )}
          </div>
          <TextField
            label={t("emailSettings.inboundDomain")}
            value={inboundDomain}
            onChange={(e) => setInboundDomain(e.target.value)}
            error={errors.inbound_domain}
            help={t("emailSettings.inboundDomainHelp")}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        {security === "none" && (password || saved.password_set) && !removePassword && <p className={styles.notice}>{t("emailSettings.clearWarning")}</p>}
        <div className={styles.actions}>
          <Button type="submit" variant="primary" disabled={!ready || action.busy}>
            {action.busy ? t("common.saving") : t("emailSettings.save")}
          </Button>
        </div>
      </div>
    </form>
  );
}
