// The tabs a composer picks its kind with (a note, call, task or meeting on a record; a reply or an
// internal note on a ticket): one tab stop, arrows move between kinds, each tab names its key.
import type { KeyboardEvent, MutableRefObject } from "react";
import { t } from "../../i18n";
import styles from "./timeline.module.css";

export interface KindTabsProps<K extends string> {
  kinds: readonly K[];
  current: K;
  onPick: (kind: K) => void;
  /** The tablist's name. */
  label: string;
  /** Ids: `${idPrefix}-${kind}` for each tab; the panel they control. */
  idPrefix: string;
  panelId: string;
  /** The one-key shortcut of each kind (shown as the tab's title and aria-keyshortcuts). */
  shortcut: (kind: K) => string;
  name: (kind: K) => string;
  /** The tab elements, so the composer can put the focus back on the current one (Esc). */
  tabs: MutableRefObject<(HTMLButtonElement | null)[]>;
  className?: string;
}

export function KindTabs<K extends string>(p: KindTabsProps<K>) {
  const onKey = (e: KeyboardEvent, i: number) => {
    const dir = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!dir) return;
    e.preventDefault();
    const next = (i + dir + p.kinds.length) % p.kinds.length;
    p.onPick(p.kinds[next]!);
    p.tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={p.label} className={`${styles.kinds} ${p.className ?? ""}`}>
      {p.kinds.map((k, i) => (
        <button
          key={k}
          ref={(el) => {
            p.tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`${p.idPrefix}-${k}`}
          aria-selected={p.current === k}
          aria-controls={p.panelId}
          tabIndex={p.current === k ? 0 : -1}
          aria-keyshortcuts={p.shortcut(k).toUpperCase()}
          title={t("composer.kindKey", { key: p.shortcut(k).toUpperCase() })}
          className={styles.kind}
          onClick={() => p.onPick(k)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {p.name(k)}
        </button>
      ))}
    </div>
  );
}
