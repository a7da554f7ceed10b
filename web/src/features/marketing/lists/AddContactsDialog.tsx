// Adding contacts to a list by hand: type a name, email or company (the search API), tick the
// contacts found — the ticks stay while the search changes — and add them in one request. A contact
// the server refuses (deleted meanwhile, not readable to the caller) is named in the dialog and
// nothing is added.
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { fieldStyles } from "../../../components/Field";
import { useDebounced, type RecordOption } from "../../../components/fields/RecordPicker";
import { formatNumber, t } from "../../../i18n";
import { FormAlert } from "../../settings/shared/FormAlert";
import { errorText } from "../../settings/shared/errors";
import { contactSearchKey, searchContacts } from "../../support/contacts";
import styles from "./lists.module.css";

type Result = { changed: number; unchanged: number };

export function AddContactsDialog({
  listName,
  onAdd,
  onAdded,
  onClose,
}: {
  listName: string;
  onAdd: (ids: string[]) => Promise<Result>;
  onAdded: (r: Result) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const query = useDebounced(text.trim(), 200);
  const found = useQuery({ queryKey: contactSearchKey(query), queryFn: () => searchContacts(query), enabled: query !== "", staleTime: 15_000 });
  const [chosen, setChosen] = useState<Map<string, RecordOption>>(() => new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggle = (o: RecordOption) =>
    setChosen((prev) => {
      const next = new Map(prev);
      if (next.has(o.id)) next.delete(o.id);
      else next.set(o.id, o);
      return next;
    });

  async function add() {
    if (chosen.size === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await onAdd([...chosen.keys()]);
      onAdded(r);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const results = found.data ?? [];
  // What was ticked under an earlier search stays listed (and tickable) under the results.
  const earlier = [...chosen.values()].filter((o) => !results.some((r) => r.id === o.id));
  const option = (o: RecordOption) => (
    <li key={o.id}>
      <label className={styles.pickItem}>
        <input type="checkbox" checked={chosen.has(o.id)} onChange={() => toggle(o)} />
        <span className={styles.pickName}>{o.name}</span>
        {o.detail && <span className={styles.pickDetail}>{o.detail}</span>}
      </label>
    </li>
  );
  return (
    <Dialog
      title={t("marketingLists.addTitle", { name: listName })}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={chosen.size === 0 || busy} onClick={() => void add()}>
            {chosen.size ? t("marketingLists.addN", { n: formatNumber(chosen.size) }) : t("marketingLists.addNone")}
          </Button>
        </>
      }
    >
      <form
        className={styles.pickForm}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormAlert message={error} />
        <label className={fieldStyles.label} htmlFor={`${id}-q`}>
          {t("marketingLists.search")}
        </label>
        <input id={`${id}-q`} className={fieldStyles.input} type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("marketingLists.searchPlaceholder")} autoFocus autoComplete="off" />
        <div className={styles.pickList} role="group" aria-label={t("marketingLists.found")} aria-busy={found.isFetching || undefined}>
          {query === "" ? (
            <p className={styles.muted}>{t("marketingLists.searchHint")}</p>
          ) : found.isPending ? (
            <p className={styles.muted}>{t("marketingLists.searching")}</p>
          ) : found.isError ? (
            <p className={styles.muted}>{errorText(found.error)}</p>
          ) : results.length === 0 ? (
            <p className={styles.muted}>{t("marketingLists.noMatch", { q: query })}</p>
          ) : (
            <ul className={styles.pickUl}>{results.map(option)}</ul>
          )}
          {earlier.length > 0 && (
            <>
              <p className={styles.pickHeading}>{t("marketingLists.alsoChosen")}</p>
              <ul className={styles.pickUl}>{earlier.map(option)}</ul>
            </>
          )}
        </div>
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
