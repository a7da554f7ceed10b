// Files going with a message: picked (or several at once), uploaded at once (POST /api/v1/attachments)
// so sending is quick, listed with their size and a remove button. The server emails them with a
// reply, or keeps them with a note for the team (never emailed); a reply that is not emailed takes
// none (said under the files, and by the server's 422 if sent anyway).
import { useRef, useState } from "react";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { uploadFile, type MessageFile } from "./api";
import { fileSize } from "./fileSize";
import styles from "./support.module.css";

export function useReplyFiles() {
  const [files, setFiles] = useState<MessageFile[]>([]);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const add = async (picked: File[]) => {
    setError(null);
    setUploading((n) => n + picked.length);
    for (const f of picked) {
      try {
        const up = await uploadFile(f);
        setFiles((fs) => [...fs, up]);
      } catch (e) {
        const detail = isApiError(e) ? (e.status === 413 ? t("support.files.tooBig") : (e.problem.detail ?? e.problem.title)) : t("app.error.network");
        setError(t("support.files.failed", { name: f.name, detail }));
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };
  return {
    files,
    uploading: uploading > 0,
    error,
    add,
    remove: (id: string) => setFiles((fs) => fs.filter((f) => f.id !== id)),
    clear: () => setFiles([]),
  };
}

export type ReplyFilesState = ReturnType<typeof useReplyFiles>;

/** The "Attach files" button (hidden input behind it). */
export function AttachButton({ state }: { state: ReplyFilesState }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-hidden="true"
        tabIndex={-1}
        data-testid="reply-files"
        onChange={(e) => {
          const picked = [...(e.target.files ?? [])];
          e.target.value = "";
          if (picked.length) void state.add(picked);
        }}
      />
      <Button size="small" variant="ghost" onClick={() => input.current?.click()} disabled={state.uploading}>
        <Icon name="upload" size={14} />
        {state.uploading ? t("support.files.uploading") : t("support.files.attach")}
      </Button>
    </>
  );
}

/** The attached files, each removable; `hint` says where they go (a note's, or a reply that cannot carry them). */
export function AttachedFiles({ state, note, hint }: { state: ReplyFilesState; note: boolean; hint: string | null }) {
  if (!state.files.length && !state.error) return null;
  return (
    <div className={styles.attached}>
      {state.files.length > 0 && (
        <ul aria-label={t(note ? "support.files.attachedNote" : "support.files.attached")}>
          {state.files.map((f) => (
            <li key={f.id}>
              <span>{f.file_name}</span>
              {f.size !== undefined && <span className={styles.muted}> · {fileSize(f.size)}</span>}
              <Button size="small" variant="ghost" aria-label={t("support.files.remove", { name: f.file_name })} onClick={() => state.remove(f.id)}>
                <Icon name="close" size={14} />
              </Button>
            </li>
          ))}
        </ul>
      )}
      {hint && state.files.length > 0 && <p className={styles.muted}>{hint}</p>}
      {state.error && (
        <p className={styles.propertyError} role="alert">
          {state.error}
        </p>
      )}
    </div>
  );
}
