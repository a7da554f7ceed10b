// One field of a record page, edited in place: click it, or focus it and press Enter or "e"; Enter
// (Ctrl+Enter in long text) or leaving the field saves, Esc cancels. A failed save keeps the input
// and shows the server's message under it. While the field is open, a fresh value from the server
// (another person's change, arriving live) never replaces the input: a quiet hint says so instead.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { t } from "../../i18n";
import { Icon } from "../Icon";
import { Button } from "../Button";
import { Breakable } from "./Breakable";
import { CompanyPicker } from "./CompanyPicker";
import { fromDraft, isListKind, toDraft, type Draft } from "./draft";
import { sameValue, type ValueKind } from "./values";
import styles from "./fields.module.css";

export type SaveOutcome = { status: "saved" } | { status: "invalid"; message: string } | { status: "conflict" } | { status: "failed" };

export interface Option {
  value: string;
  label: string;
}

export interface InlineFieldProps {
  name: string;
  label: string;
  kind: ValueKind;
  /** The server's value now. */
  value: unknown;
  /** The value as a person reads it. */
  display: string;
  readOnly: boolean;
  options?: Option[] | undefined;
  currency?: string | null | undefined;
  /** Where the value leads (a company's page, a mailto: link). */
  link?: { href: string; label: string; internal: boolean } | undefined;
  onSave: (value: unknown, base: unknown) => Promise<SaveOutcome>;
  /** Called when editing begins (the page remembers the version the edit starts from). */
  onEditStart?: () => void;
}

const SINGLE_INPUT: Partial<Record<ValueKind, string>> = {
  text: "text",
  email: "email",
  phone: "tel",
  url: "url",
  number: "text",
  money: "text",
  currency: "text",
  country: "text",
  date: "date",
  datetime: "datetime-local",
};

export function InlineField(props: InlineFieldProps) {
  const { name, label, kind, value, display, readOnly, options, currency, link, onSave, onEditStart } = props;
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>("");
  const [base, setBase] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [companyName, setCompanyName] = useState("");
  const displayRef = useRef<HTMLButtonElement>(null);
  const shown = kind === "email" || kind === "emails" || kind === "url" ? <Breakable text={display} /> : display;
  const editorRef = useRef<HTMLDivElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      displayRef.current?.focus();
    }
  }, [editing]);

  const start = () => {
    if (readOnly) return;
    onEditStart?.();
    setBase(value);
    setDraft(toDraft(kind, value, currency));
    setCompanyName(kind === "company" ? display : "");
    setError(null);
    setEditing(true);
  };

  const cancel = () => {
    refocus.current = true;
    setEditing(false);
    setError(null);
  };

  const commit = async (d: Draft = draft) => {
    if (saving) return;
    const parsed = fromDraft(kind, d, currency);
    if (!parsed.ok) {
      setError(parsed.error === "money" ? t("edit.invalidMoney") : t("edit.invalidNumber"));
      return;
    }
    if (sameValue(parsed.value, base) && sameValue(value, base)) {
      cancel();
      return;
    }
    setSaving(true);
    try {
      const outcome = await onSave(parsed.value, base);
      if (outcome.status === "invalid") setError(outcome.message);
      else if (outcome.status === "saved" || outcome.status === "conflict") {
        refocus.current = true;
        setEditing(false);
        setError(null);
      }
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      cancel();
    } else if (e.key === "Enter" && (kind === "longtext" ? e.ctrlKey || e.metaKey : !isListKind(kind) && kind !== "company")) {
      e.preventDefault();
      void commit();
    }
  };

  // Leaving a simple editor saves it; lists and the company picker (whose options open in a popover
  // outside this element) save with their button or Enter.
  const onBlur = (e: React.FocusEvent) => {
    if (isListKind(kind) || kind === "company" || saving) return;
    if (editorRef.current?.contains(e.relatedTarget as Node | null)) return;
    void commit();
  };

  if (kind === "bool" && !readOnly) {
    return (
      <div className={styles.row}>
        <dt className={styles.label} id={`${id}-l`}>
          {label}
        </dt>
        <dd className={styles.value}>
          <label className={styles.check}>
            <input
              type="checkbox"
              checked={Boolean(value)}
              disabled={saving}
              onChange={(e) => {
                onEditStart?.();
                setSaving(true);
                void onSave(e.target.checked, value).finally(() => setSaving(false));
              }}
            />
            <span>{display}</span>
            <span className="visually-hidden">{label}</span>
          </label>
        </dd>
      </div>
    );
  }

  const changedElsewhere = editing && !sameValue(value, base);
  const errorId = `${id}-err`;
  const hintId = `${id}-hint`;
  const inputProps = {
    id: `${id}-in`,
    "aria-labelledby": `${id}-l`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [error ? errorId : "", hintId].filter(Boolean).join(" "),
    className: styles.input,
    autoFocus: true,
  } as const;

  let editor: ReactNode = null;
  if (editing) {
    if (kind === "longtext") {
      editor = <textarea {...inputProps} value={String(draft)} onChange={(e) => setDraft(e.target.value)} />;
    } else if (kind === "enum" || kind === "owner") {
      editor = (
        <select {...inputProps} value={String(draft)} onChange={(e) => setDraft(e.target.value)}>
          <option value="">{kind === "owner" ? t("edit.noOwner") : t("edit.none")}</option>
          {(options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    } else if (kind === "company") {
      editor = (
        <CompanyPicker
          label={label}
          hideLabel
          autoFocus
          value={draft ? String(draft) : null}
          initialName={companyName}
          onChange={(cid) => setDraft(cid ?? "")}
          error={error ?? undefined}
        />
      );
    } else if (isListKind(kind)) {
      editor = <ListEditor label={label} kind={kind} items={draft as string[]} onChange={setDraft} onDone={(items) => void commit(items)} />;
    } else {
      editor = (
        <input
          {...inputProps}
          type={SINGLE_INPUT[kind] ?? "text"}
          inputMode={kind === "number" || kind === "money" ? "decimal" : undefined}
          value={String(draft)}
          maxLength={kind === "country" ? 2 : kind === "currency" ? 3 : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
      );
    }
  }

  return (
    <div className={styles.row}>
      <dt className={styles.label} id={`${id}-l`}>
        {label}
      </dt>
      <dd className={styles.value}>
        {editing ? (
          <div className={styles.editor} ref={editorRef} onKeyDown={onKeyDown} onBlur={onBlur} data-field={name}>
            {kind === "money" && currency && <span className={styles.hint}>{t("edit.moneyIn", { currency })}</span>}
            {editor}
            {error && kind !== "company" && (
              <span id={errorId} className={styles.error} role="alert">
                {error}
              </span>
            )}
            {changedElsewhere && (
              <span className={styles.elsewhere} role="status">
                {t("edit.changedElsewhere", { value: display || t("history.emptyValue") })}
              </span>
            )}
            <div className={styles.editorActions}>
              <Button size="small" variant="primary" onClick={() => void commit()} disabled={saving} aria-label={t("edit.save", { field: label })}>
                {saving ? t("common.saving") : t("common.save")}
              </Button>
              <Button size="small" variant="ghost" onClick={cancel} aria-label={t("edit.cancel", { field: label })}>
                {t("common.cancel")}
              </Button>
              <span id={hintId} className={styles.hint}>
                {kind === "longtext" ? t("edit.hintMultiline") : t("edit.hint")}
              </span>
            </div>
          </div>
        ) : readOnly ? (
          <span className={styles.static} aria-labelledby={`${id}-l`}>
            {display ? shown : <span className={styles.placeholder}>{t("common.none")}</span>}
          </span>
        ) : (
          <button
            ref={displayRef}
            type="button"
            className={`${styles.display} ${kind === "money" ? styles.money : ""}`}
            onClick={start}
            onKeyDown={(e) => {
              if (e.key === "e" && !e.ctrlKey && !e.metaKey && !e.altKey) {
                e.preventDefault();
                e.stopPropagation();
                start();
              }
            }}
            aria-label={`${t("edit.edit", { field: label })}: ${display || t("edit.empty")}`}
            aria-keyshortcuts="e Enter"
            data-field={name}
          >
            {display ? shown : <span className={styles.placeholder}>{t("edit.empty")}</span>}
          </button>
        )}
        {!editing && link && (
          link.internal ? (
            <Link to={link.href} className={styles.iconLink} aria-label={link.label} title={link.label}>
              <Icon name="chevronRight" />
            </Link>
          ) : (
            <a href={link.href} className={styles.iconLink} aria-label={link.label} title={link.label} rel="noopener noreferrer">
              <Icon name={link.href.startsWith("mailto:") ? "mail" : link.href.startsWith("tel:") ? "phone" : "chevronRight"} />
            </a>
          )
        )}
      </dd>
    </div>
  );
}

/** A list of emails or phones: chips with a remove button, an input that adds on Enter. */
function ListEditor({
  label,
  kind,
  items,
  onChange,
  onDone,
}: {
  label: string;
  kind: ValueKind;
  items: string[];
  onChange: (items: string[]) => void;
  onDone: (items: string[]) => void;
}) {
  const [text, setText] = useState("");
  const add = () => {
    const v = text.trim();
    if (!v) return items;
    const next = [...items, v];
    onChange(next);
    setText("");
    return next;
  };
  return (
    <>
      {items.length > 0 && (
        <ul className={styles.chips} aria-label={label}>
          {items.map((item, i) => (
            <li key={`${item}-${i}`} className={styles.chip}>
              <span>{item}</span>
              <button type="button" aria-label={t("edit.removeItem", { value: item })} onClick={() => onChange(items.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={styles.addRow}>
        <input
          className={styles.input}
          autoFocus
          aria-label={t("edit.newItem", { field: label })}
          type={kind === "emails" ? "email" : kind === "phones" ? "tel" : "text"}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            if (text.trim()) add();
            else onDone(items);
          }}
        />
        <Button size="small" onClick={add}>
          {t("edit.addItem")}
        </Button>
      </div>
    </>
  );
}
