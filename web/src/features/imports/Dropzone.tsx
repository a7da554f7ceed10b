// Choosing the file: drop it on the zone, or press the zone's button for the system's chooser (the
// keyboard's and a phone's way). A file of a kind the server cannot read is said at once.
import { useRef, useState, type DragEvent } from "react";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { formatNumber, t } from "../../i18n";
import { ACCEPT, fileKindOf } from "./imports";
import styles from "./imports.module.css";

export function Dropzone({ file, onFile, disabled }: { file: File | null; onFile: (f: File) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  const take = (f: File | undefined) => {
    if (!f) return;
    if (!fileKindOf(f.name)) {
      setRefused(t("imports.file.unknownKind", { name: f.name }));
      return;
    }
    setRefused(null);
    onFile(f);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files[0]);
  };

  return (
    <div
      className={`${styles.dropzone} ${over ? styles.dropOver : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="import-dropzone"
    >
      <Icon name="upload" size={24} />
      {file ? (
        <p className={styles.fileName}>
          <strong>{file.name}</strong> <span className={styles.muted}>{t("imports.file.size", { size: formatNumber(Math.ceil(file.size / 1024)) })}</span>
        </p>
      ) : (
        <p>{t("imports.file.drop")}</p>
      )}
      <Button onClick={() => input.current?.click()} disabled={disabled}>
        {file ? t("imports.file.another") : t("imports.file.choose")}
      </Button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t("imports.file.choose")}
        onChange={(e) => {
          take(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
      <p className={styles.hint}>{t("imports.file.kinds")}</p>
      {refused && (
        <p className={styles.alert} role="alert">
          {refused}
        </p>
      )}
    </div>
  );
}
