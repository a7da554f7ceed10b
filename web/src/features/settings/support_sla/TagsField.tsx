// Tags as chips with a text input: Enter or comma adds the typed tag, Backspace in the empty input
// takes the last one off, each chip has its remove button; the server's error for the list or for
// one tag shows under it.
import { useId, useState } from "react";
import { Button } from "../../../components/Button";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import { Chips } from "./Chips";
import { withTag } from "./tags";
import styles from "./sla.module.css";

export function TagsField({
  label,
  help,
  tags,
  max = 64,
  onChange,
  error,
  errorAt,
}: {
  label: string;
  help: string;
  tags: string[];
  /** The longest tag the server takes. */
  max?: number;
  onChange: (tags: string[]) => void;
  error?: string | undefined;
  errorAt?: (i: number) => string | undefined;
}) {
  const [text, setText] = useState("");
  const id = useId();
  const add = () => {
    onChange(withTag(tags, text, max));
    setText("");
  };
  return (
    <div className={styles.section}>
      <div className={styles.adder}>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={id}>
            {label}
          </label>
          <input
            id={id}
            className={fieldStyles.input}
            value={text}
            maxLength={max}
            placeholder={t("sla.tagPlaceholder")}
            aria-describedby={`${id}-help`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === ",") {
                e.preventDefault();
                add();
              } else if (e.key === "Backspace" && !text && tags.length) onChange(tags.slice(0, -1));
            }}
          />
        </div>
        <Button onClick={add} disabled={!text.trim()} aria-label={`${t("sla.tagAdd")}: ${label}`}>
          {t("sla.tagAdd")}
        </Button>
      </div>
      <p id={`${id}-help`} className={styles.explain}>
        {help}
      </p>
      {error && (
        <span className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
      <Chips values={tags} onRemove={(tag) => onChange(tags.filter((x) => x !== tag))} errorAt={errorAt} />
    </div>
  );
}
