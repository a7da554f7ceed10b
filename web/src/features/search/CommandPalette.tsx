// The command palette (Ctrl/Cmd+K, "/", the top bar's search): jump to any record by name, email,
// phone or domain (GET /api/v1/search), to a page, or run an action — each with its shortcut. A
// modal dialog on react-aria-components (focus trapped and restored, Esc closes) around cmdk's
// list (arrow keys, Enter). Records' titles are rendered as text, never as HTML.
import { useEffect, useMemo, useState } from "react";
import { Command } from "cmdk";
import { Dialog, Modal, ModalOverlay } from "react-aria-components";
import { useNavigate } from "react-router";
import { useCommands } from "../../app/commands";
import { isAdmin, scopeOf, useMe, useSession } from "../../app/session";
import { Icon, type IconName } from "../../components/Icon";
import { objects } from "../records/objects";
import type { ObjectType } from "../../api/types";
import { isApiError } from "../../api/problem";
import { t, type MessageKey } from "../../i18n";
import { commandMatches, groupHits, hitPath, paletteCommands, type PaletteCommand, type SearchHit } from "./palette";
import { useSearch } from "./useSearch";
import styles from "./CommandPalette.module.css";

const TYPE_ICON: Record<string, IconName> = { contacts: "contacts", companies: "companies", leads: "leads", deals: "deals", activities: "tasks", products: "products", tickets: "support" };
const MATCHED: Record<string, MessageKey> = { email: "search.matched.email", phone: "search.matched.phone", domain: "search.matched.domain" };

function groupLabel(objectType: string): string {
  return objectType in objects ? objects[objectType as ObjectType].plural : objectType;
}

export default function CommandPalette({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { signOut } = useSession();
  const { openCreate } = useCommands();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const search = useSearch(text);

  const commands = useMemo(
    () =>
      paletteCommands({
        canRead: (o) => scopeOf(me, o, "read") !== "none",
        canCreate: (o) => scopeOf(me, o, "create") !== "none",
        admin: isAdmin(me),
      }),
    [me],
  );
  const shown = commands.filter((c) => commandMatches(t(c.label), c.keywords, text));
  const groups = useMemo(() => groupHits(search.hits), [search.hits]);
  const searching = text.trim() !== "";

  // Results arrive after the typing: select the best hit then (cmdk selects the first item only
  // when the text changes), so Enter opens what the list shows first.
  const [selected, setSelected] = useState("");
  const first = groups[0]?.hits[0];
  const firstValue = first ? `${first.object_type}/${first.id}` : (shown[0]?.id ?? "");
  useEffect(() => setSelected(firstValue), [firstValue, search.query]);

  const run = (c: PaletteCommand) => {
    onClose();
    if (c.run.kind === "go") navigate(c.run.to);
    else if (c.run.kind === "create") openCreate(c.run.object);
    else void signOut();
  };
  const open = (hit: SearchHit) => {
    onClose();
    navigate(hitPath(hit));
  };

  const commandItem = (c: PaletteCommand) => (
    <Command.Item key={c.id} value={c.id} onSelect={() => run(c)} className={styles.item}>
      <span className={styles.icon}>
        <Icon name={c.run.kind === "create" ? "plus" : c.run.kind === "sign-out" ? "close" : "chevronRight"} size={16} />
      </span>
      <span className={styles.title}>{t(c.label)}</span>
      {c.shortcut && (
        <kbd className={styles.kbd} aria-label={t("search.shortcut", { keys: c.shortcut })}>
          {c.shortcut}
        </kbd>
      )}
    </Command.Item>
  );

  const searchUnavailable = isApiError(search.error) && (search.error.status === 404 || search.error.status === 405);

  return (
    <ModalOverlay className={styles.overlay} isOpen isDismissable onOpenChange={(o) => !o && onClose()}>
      <Modal className={styles.modal}>
        <Dialog className={styles.dialog} aria-label={t("search.dialog")}>
          <Command label={t("search.dialog")} shouldFilter={false} vimBindings={false} loop value={selected} onValueChange={setSelected} className={styles.command}>
            <div className={styles.inputRow}>
              <Icon name="search" />
              <Command.Input
                autoFocus
                value={text}
                onValueChange={setText}
                placeholder={t("search.placeholder")}
                aria-label={t("search.input")}
                className={styles.input}
              />
              {search.loading && <span className={styles.busy} aria-hidden="true" />}
              <kbd className={styles.kbd}>Esc</kbd>
            </div>
            <Command.List className={styles.list}>
              {searching && search.error !== null && (
                <div className={styles.message} role="status">
                  {searchUnavailable ? t("search.unavailable") : t("search.failed")}
                </div>
              )}
              {searching && !search.loading && search.error === null && search.query !== "" && groups.length === 0 && shown.length === 0 && (
                <Command.Empty className={styles.message}>{t("search.empty", { q: text.trim() })}</Command.Empty>
              )}
              {groups.map((g) => (
                <Command.Group key={g.objectType} heading={groupLabel(g.objectType)} className={styles.group}>
                  {g.hits.map((h) => (
                    <Command.Item key={`${h.object_type}/${h.id}`} value={`${h.object_type}/${h.id}`} onSelect={() => open(h)} className={styles.item}>
                      <span className={styles.icon}>
                        <Icon name={TYPE_ICON[h.object_type] ?? "search"} size={16} />
                      </span>
                      <span className={styles.text}>
                        <span className={styles.title}>{h.title || t("search.noTitle")}</span>
                        {h.subtitle && <span className={styles.subtitle}>{h.subtitle}</span>}
                      </span>
                      {h.matched && MATCHED[h.matched] && <span className={styles.matched}>{t(MATCHED[h.matched]!)}</span>}
                    </Command.Item>
                  ))}
                </Command.Group>
              ))}
              {shown.some((c) => c.group === "pages") && (
                <Command.Group heading={t("search.group.pages")} className={styles.group}>
                  {shown.filter((c) => c.group === "pages").map(commandItem)}
                </Command.Group>
              )}
              {shown.some((c) => c.group === "actions") && (
                <Command.Group heading={t("search.group.actions")} className={styles.group}>
                  {shown.filter((c) => c.group === "actions").map(commandItem)}
                </Command.Group>
              )}
            </Command.List>
            <div className={styles.footer}>
              <span>
                <kbd className={styles.kbd}>↑</kbd>
                <kbd className={styles.kbd}>↓</kbd> {t("search.keys.move")}
              </span>
              <span>
                <kbd className={styles.kbd}>Enter</kbd> {t("search.keys.open")}
              </span>
              <span>
                <kbd className={styles.kbd}>Ctrl K</kbd> <kbd className={styles.kbd}>/</kbd> {t("search.keys.palette")}
              </span>
              <span>
                <kbd className={styles.kbd}>C</kbd> {t("search.keys.create")}
              </span>
              <span>
                <kbd className={styles.kbd}>E</kbd> {t("search.keys.edit")}
              </span>
              <span>
                <kbd className={styles.kbd}>Esc</kbd> {t("search.keys.close")}
              </span>
            </div>
          </Command>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
