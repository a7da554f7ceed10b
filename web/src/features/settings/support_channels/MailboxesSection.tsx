// Support mailboxes: the addresses whose mail becomes tickets (support@, billing@…), each optionally
// a team's queue. The list is edited in place and saved whole (PUT replaces it); a refused address
// or team shows on its row (422 mailboxes.N.address / .team_id). The mail server delivers to the
// route and secret of InboundSection, shown below this card as on Settings → Email.
import { useRef, useState } from "react";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { FormAlert } from "../shared/FormAlert";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useTeams } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { useFormAction } from "../shared/useFormAction";
import { mailboxesKey, useMailboxes, type Mailbox } from "./queries";
import styles from "../shared/settings.module.css";
import own from "./channels.module.css";

/** The server's limit (support/mailboxes.hpp). */
const MAX_MAILBOXES = 20;

interface Row {
  key: number;
  address: string;
  team_id: string;
}

export function MailboxesSection() {
  const mailboxes = useMailboxes();
  return (
    <section className={styles.card} aria-labelledby="mailboxes-title">
      <h2 id="mailboxes-title">{t("mailboxes.title")}</h2>
      <p className={styles.muted}>{t("mailboxes.intro")}</p>
      <Loaded query={mailboxes}>{(list) => <MailboxesForm key={JSON.stringify(list)} saved={list} />}</Loaded>
    </section>
  );
}

function MailboxesForm({ saved }: { saved: Mailbox[] }) {
  const teams = useTeams();
  const refresh = useRefresh();
  const toast = useToast();
  const next = useRef(saved.length);
  const [rows, setRows] = useState<Row[]>(() => saved.map((m, i) => ({ key: i, address: m.address, team_id: m.team_id ?? "" })));
  const lastAddress = useRef<HTMLInputElement>(null);

  const action = useFormAction(async () => {
    const body = { mailboxes: rows.map((r) => ({ address: r.address.trim(), team_id: r.team_id || null })) };
    must(await api.PUT("/api/v1/support/mailboxes", { body }));
    await refresh(mailboxesKey);
    toast({ text: t("mailboxes.saved", { n: body.mailboxes.length }) });
  });
  const errors = action.errors.fields;
  const change = (key: number, part: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...part } : r)));
  const add = () => {
    setRows((rs) => [...rs, { key: next.current++, address: "", team_id: "" }]);
    // The new row's address takes the caret once it is drawn.
    requestAnimationFrame(() => lastAddress.current?.focus());
  };

  return (
    <form className={styles.dialogForm} onSubmit={(e) => void action.run(e)} noValidate>
      <FormAlert message={action.errors.message ?? errors.mailboxes ?? null} />
      {rows.length === 0 ? (
        <p className={own.empty}>{t("mailboxes.empty")}</p>
      ) : (
        <ol className={own.rows}>
          {rows.map((r, i) => (
            <li key={r.key}>
              <fieldset className={own.row}>
                <legend className="visually-hidden">{t("mailboxes.row", { n: i + 1 })}</legend>
                <TextField
                  ref={i === rows.length - 1 ? lastAddress : undefined}
                  label={t("mailboxes.address")}
                  className={own.address}
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="support@example.com"
                  value={r.address}
                  onChange={(e) => change(r.key, { address: e.target.value })}
                  error={errors[`mailboxes.${i}.address`]}
                />
                <SelectField label={t("mailboxes.team")} value={r.team_id} onChange={(v) => change(r.key, { team_id: v })} error={errors[`mailboxes.${i}.team_id`]}>
                  <option value="">{t("mailboxes.noTeam")}</option>
                  {(teams.data ?? []).map((tm) => (
                    <option key={tm.id} value={tm.id}>
                      {tm.name}
                    </option>
                  ))}
                </SelectField>
                <Button
                  size="small"
                  variant="ghost"
                  className={own.remove}
                  aria-label={t("mailboxes.removeNamed", { address: r.address.trim() || t("mailboxes.row", { n: i + 1 }) })}
                  onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                >
                  <Icon name="close" size={16} />
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
      )}
      <div className={styles.actions}>
        <Button onClick={add} disabled={rows.length >= MAX_MAILBOXES}>
          <Icon name="plus" size={16} />
          {t("mailboxes.add")}
        </Button>
        <Button type="submit" variant="primary" disabled={action.busy}>
          {action.busy ? t("common.saving") : t("mailboxes.save")}
        </Button>
        {rows.length >= MAX_MAILBOXES && <span className={styles.muted}>{t("mailboxes.full", { n: MAX_MAILBOXES })}</span>}
      </div>
    </form>
  );
}
