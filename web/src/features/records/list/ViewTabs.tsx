// Saved views as tabs above the table: "All" (the object's default list), then the user's private
// views and the workspace's shared ones. The open view can be updated with the current filters,
// sort and columns when they differ from it, renamed or deleted; "Save view" keeps the current
// state under a new name.
import { useState } from "react";
import { useMe, isAdmin } from "../../../app/session";
import { useToast } from "../../../components/Toast";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { isApiError } from "../../../api/problem";
import type { ObjectType } from "../../../api/types";
import { t } from "../../../i18n";
import { sameFilters, serializeListState, type ListState } from "./state";
import { useViewMutations, type View } from "./views";
import { ConfirmDialog, SaveViewDialog } from "./ViewDialogs";
import styles from "./ListPage.module.css";

export interface ViewTabsProps {
  object: ObjectType;
  /** undefined while loading, null when the server has no saved views route. */
  views: View[] | null | undefined;
  state: ListState;
  allState: ListState;
  /** The columns shown now (the defaults resolved). */
  columns: string[];
  onNavigate: (s: ListState) => void;
}

export function viewState(v: View): ListState {
  return { view: v.id, filters: v.filters, sort: v.sort, columns: v.columns.length ? v.columns : null };
}

type Dialog = "save" | "rename" | "delete" | null;

export function ViewTabs({ object, views, state, allState, columns, onNavigate }: ViewTabsProps) {
  const me = useMe();
  const toast = useToast();
  const { create, update, remove } = useViewMutations(object);
  const [dialog, setDialog] = useState<Dialog>(null);
  const active = views?.find((v) => v.id === state.view);
  const modified =
    !!active &&
    (!sameFilters(active.filters, state.filters) ||
      (active.sort ?? null) !== (state.sort ?? null) ||
      (state.columns !== null && state.columns.join() !== active.columns.join()));
  const mine = !!active && (active.owner_id === me.user_id || isAdmin(me));
  const current = { filters: state.filters, sort: state.sort, columns };

  function failed(e: unknown) {
    if (isApiError(e) && e.status === 412) toast({ tone: "error", text: t("lists.views.stale") });
    else toast({ tone: "error", text: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") });
  }

  const href = (s: ListState) => `?${serializeListState(s).toString()}`;

  return (
    <div className={styles.tabsRow}>
      <nav className={styles.tabs} aria-label={t("lists.views")}>
        <a
          href={href(allState)}
          className={styles.tab}
          aria-current={!state.view ? "page" : undefined}
          onClick={(e) => {
            e.preventDefault();
            onNavigate(allState);
          }}
        >
          {t("lists.views.all")}
        </a>
        {(views ?? []).map((v) => (
          <a
            key={v.id}
            href={href(viewState(v))}
            className={styles.tab}
            aria-current={v.id === state.view ? "page" : undefined}
            onClick={(e) => {
              e.preventDefault();
              onNavigate(viewState(v));
            }}
          >
            {v.name}
            {v.visibility === "workspace" && (
              <span className={styles.shared} title={t("lists.views.shared")}>
                <Icon name="contacts" size={12} label={t("lists.views.shared")} />
              </span>
            )}
            {v.id === state.view && modified && <span className={styles.modified}>({t("lists.views.modified")})</span>}
          </a>
        ))}
      </nav>
      {views !== null && (
        <div className={styles.viewActions}>
          {active && mine && modified && (
            <Button
              size="small"
              onClick={() =>
                update.mutate(
                  { view: active, patch: current },
                  { onSuccess: (v) => toast({ text: t("lists.views.updated", { name: v.name }) }), onError: failed },
                )
              }
            >
              {t("lists.views.update")}
            </Button>
          )}
          {active && mine && (
            <>
              <Button size="small" variant="ghost" onClick={() => setDialog("rename")}>
                {t("lists.views.rename")}
              </Button>
              <Button size="small" variant="ghost" onClick={() => setDialog("delete")}>
                <Icon name="trash" size={14} />
                {t("lists.views.delete")}
              </Button>
            </>
          )}
          <Button size="small" onClick={() => setDialog("save")}>
            {t("lists.views.save")}
          </Button>
        </div>
      )}
      {dialog === "save" && (
        <SaveViewDialog
          title={t("lists.views.saveTitle")}
          askVisibility
          onClose={() => setDialog(null)}
          onSave={async (name, visibility) => {
            const v = await create.mutateAsync({ name, visibility, ...current });
            toast({ text: t("lists.views.saved", { name: v.name }) });
            onNavigate(viewState(v));
          }}
        />
      )}
      {dialog === "rename" && active && (
        <SaveViewDialog
          title={t("lists.views.renameTitle", { name: active.name })}
          initialName={active.name}
          askVisibility={false}
          onClose={() => setDialog(null)}
          onSave={async (name) => {
            try {
              await update.mutateAsync({ view: active, patch: { name } });
            } catch (e) {
              if (isApiError(e) && e.status === 412) throw new Error(t("lists.views.stale"));
              throw e;
            }
          }}
        />
      )}
      {dialog === "delete" && active && (
        <ConfirmDialog
          title={t("lists.views.deleteTitle", { name: active.name })}
          body={t("lists.views.deleteBody", { name: active.name })}
          confirm={t("lists.views.delete")}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            remove.mutate(active, {
              onSuccess: () => {
                toast({ text: t("lists.views.deleted", { name: active.name }) });
                onNavigate(allState);
              },
              onError: failed,
            })
          }
        />
      )}
    </div>
  );
}
