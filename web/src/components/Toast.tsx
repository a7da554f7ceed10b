// Toasts: short confirmations with an optional action ("Undo" after a delete) and error messages
// in the user's words. Announced politely to screen readers. A toast with a `tag` can be taken away
// before its time by what made it untrue (useDismissToast: "… is on its way" once it has arrived).
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import styles from "./Toast.module.css";
import { t } from "../i18n";

export interface ToastInput {
  text: string;
  tone?: "info" | "error";
  action?: { label: string; run: () => void };
  ms?: number;
  tag?: string;
}
interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<(t: ToastInput) => void>(() => undefined);
const DismissContext = createContext<(tag: string) => void>(() => undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setItems((all) => all.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (input: ToastInput) => {
      const id = next.current++;
      setItems((all) => [...all.slice(-3), { ...input, id }]);
      setTimeout(() => dismiss(id), input.ms ?? (input.action ? 8000 : 5000));
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  const dismissTag = useCallback((tag: string) => setItems((all) => all.filter((x) => x.tag !== tag)), []);
  return (
    <ToastContext.Provider value={value}>
      <DismissContext.Provider value={dismissTag}>
        {children}
        <div className={styles.region} role="status" aria-live="polite">
          {items.map((item) => (
            <div key={item.id} className={`${styles.toast} ${item.tone === "error" ? styles.error : ""}`}>
              <span className={styles.text}>{item.text}</span>
              {item.action && (
                <button
                  type="button"
                  className={styles.action}
                  onClick={() => {
                    item.action?.run();
                    dismiss(item.id);
                  }}
                >
                  {item.action.label}
                </button>
              )}
              <button type="button" className={styles.action} aria-label={t("common.close")} onClick={() => dismiss(item.id)}>
                ×
              </button>
            </div>
          ))}
        </div>
      </DismissContext.Provider>
    </ToastContext.Provider>
  );
}

export function useToast(): (t: ToastInput) => void {
  return useContext(ToastContext);
}

/** Takes away the toasts shown with that tag, if any still show. */
export function useDismissToast(): (tag: string) => void {
  return useContext(DismissContext);
}
