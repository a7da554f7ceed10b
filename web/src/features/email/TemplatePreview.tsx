// A template's text with its merge fields marked, as the person will see it before a record fills
// it in: a known field as a chip with its name, an unknown or broken one as a flagged chip (the
// server refuses it at save), so colour is never the only signal.
import { t } from "../../i18n";
import { templatePieces } from "./template";
import styles from "./email.module.css";

export function TemplatePreview({ text, known, label }: { text: string; known: (name: string) => boolean; label: string }) {
  const pieces = templatePieces(text, known);
  return (
    <div className={styles.preview} role="group" aria-label={label}>
      {pieces.length === 0 ? (
        <span className={styles.previewEmpty}>{t("email.preview.empty")}</span>
      ) : (
        pieces.map((p, i) =>
          p.kind === "text" ? (
            <span key={i}>{p.text}</span>
          ) : p.kind === "field" ? (
            <mark key={i} className={p.known ? styles.field : styles.badField} title={p.known ? undefined : t("email.preview.unknown")}>
              {p.known ? p.name : t("email.preview.unknownNamed", { name: p.name })}
            </mark>
          ) : (
            <mark key={i} className={styles.badField}>
              {t("email.preview.broken", { text: p.text })}
            </mark>
          ),
        )
      )}
    </div>
  );
}
