// Settings → Duplicates: the probable duplicates of one object (contacts, companies or leads),
// strongest first, pairs sharing a record joined into one group, each with the records' names, the
// confidence and why. "Review and merge" opens the merge dialog for the whole group; "Not a
// duplicate" stops the group being suggested (a toast offers to undo it). "Scan now" checks the
// records already there.
import { useState } from "react";
import { Link } from "react-router";
import { useInfiniteQuery, useQueries, useQueryClient } from "@tanstack/react-query";
import { raw } from "../../api/client";
import { keys } from "../../api/keys";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toast";
import { formatDateTime, formatRelative, hasMessage, t } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { getRecord, useRecordName } from "../records/record/recordApi";
import { objectLabel } from "../settings/roles/MatrixTable";
import { errorText } from "../settings/shared/errors";
import { LoadMore } from "../settings/shared/LoadMore";
import { Loaded } from "../settings/shared/Loaded";
import { SelectField } from "../settings/shared/SelectField";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { SettingsTable } from "../settings/shared/SettingsTable";
import shared from "../settings/shared/settings.module.css";
import { DEDUPE_OBJECTS, dismiss, listPairs, undoDismissal, type DedupeObject } from "./api";
import { MergeDialog } from "./MergeDialog";
import { groupPairs, reasonKey, type Group } from "./pairs";
import styles from "./dedupe.module.css";

/** A reason in plain words (one the catalogue does not know as the server says it). */
function reasonText(reason: string): string {
  const key = reasonKey(reason);
  return hasMessage(key) ? t(key) : reason;
}

export const pairsKey = (object: DedupeObject) => keys.settings(`duplicates:${object}`);

/** A record's name linked to its page (the name loads per record, cached). */
export function RecordName({ object, id }: { object: DedupeObject; id: string }) {
  const r = useRecordName(object, id);
  if (r.isPending) return <span className={shared.muted}>…</span>;
  if (!r.data) return <span className={shared.muted}>{t("dedupe.unavailable")}</span>;
  return (
    <Link to={recordPath(object, id)} className={styles.name}>
      {recordTitle(object, r.data)}
    </Link>
  );
}

function GroupNames({ group }: { group: Group }) {
  return (
    <span className={styles.pair}>
      {group.ids.map((id, i) => (
        <span key={id}>
          {i > 0 &&
            (i === group.ids.length - 1 ? (
              <>
                {" "}
                <span className={shared.muted}>{t("dedupe.and")}</span>{" "}
              </>
            ) : (
              <span className={shared.muted}>, </span>
            ))}
          <RecordName object={group.object} id={id} />
        </span>
      ))}
    </span>
  );
}

/** The group's names in words ("A, B and C"), once each has loaded; null before. */
function useGroupLabel(group: Group): string | null {
  const names = useQueries({
    queries: group.ids.map((id) => ({
      queryKey: keys.record(group.object, id),
      queryFn: () => getRecord(group.object, id),
      staleTime: 60_000,
    })),
  });
  if (names.some((n) => !n.data)) return null;
  return new Intl.ListFormat(undefined, { style: "long", type: "conjunction" }).format(names.map((n) => recordTitle(group.object, n.data)));
}

function GroupActions({
  group,
  canMerge,
  canDismiss,
  onReview,
  onDismiss,
}: {
  group: Group;
  canMerge: boolean;
  canDismiss: boolean;
  onReview: () => void;
  onDismiss: () => void;
}) {
  const names = useGroupLabel(group);
  return (
    <span className={styles.actions}>
      {canMerge && (
        <Button size="small" onClick={onReview} aria-label={t("dedupe.reviewNamed", { names: names ?? "" })} disabled={!names}>
          {t("dedupe.review")}
        </Button>
      )}
      {canDismiss && (
        <Button size="small" onClick={onDismiss} aria-label={t("dedupe.dismissNamed", { names: names ?? "" })} disabled={!names}>
          {t("dedupe.dismiss")}
        </Button>
      )}
    </span>
  );
}

export default function DuplicatesPage() {
  const me = useMe();
  const toast = useToast();
  const queries = useQueryClient();
  const readable = DEDUPE_OBJECTS.filter((o) => scopeOf(me, o, "read") !== "none");
  const [object, setObject] = useState<DedupeObject>(readable[0] ?? "contacts");
  const [reviewing, setReviewing] = useState<Group | null>(null);
  const canDismiss = scopeOf(me, object, "update") !== "none";
  const canMerge = canDismiss && scopeOf(me, object, "delete") !== "none";
  const pairs = useInfiniteQuery({
    queryKey: pairsKey(object),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => listPairs(object, pageParam),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

  const scan = async () => {
    try {
      await raw(`/api/v1/duplicates/scan?object=${object}`, { method: "POST" });
      toast({ text: t("dedupe.scanStarted") });
    } catch (e) {
      toast({ tone: "error", text: errorText(e) });
    }
  };

  const refresh = () => void queries.invalidateQueries({ queryKey: pairsKey(object) });
  const notDuplicates = async (group: Group) => {
    try {
      const done = await dismiss(group.object, group.ids);
      refresh();
      toast({
        text: t("dedupe.dismissed", { n: group.ids.length }),
        action: {
          label: t("dedupe.undo"),
          run: () =>
            void undoDismissal(done.id)
              .then(() => {
                refresh();
                toast({ text: t("dedupe.undone") });
              })
              .catch((e: unknown) => toast({ tone: "error", text: errorText(e) })),
        },
        ms: 10_000,
      });
    } catch (e) {
      toast({ tone: "error", text: errorText(e) });
    }
  };

  return (
    <SettingsPage
      title={t("dedupe.title")}
      intro={t("dedupe.intro")}
      headerExtra={<Button onClick={() => void scan()}>{t("dedupe.scan")}</Button>}
    >
      <div className={shared.filters}>
        <SelectField label={t("dedupe.object")} value={object} onChange={(v) => setObject(v as DedupeObject)}>
          {readable.map((o) => (
            <option key={o} value={o}>
              {objectLabel(o)}
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded query={pairs} lines={6}>
        {(data) => (
          <>
            <SettingsTable<Group>
              label={t("dedupe.title")}
              rows={groupPairs(data.pages.flatMap((p) => p.data))}
              rowKey={(g) => g.ids.join("/")}
              empty={{ title: t("dedupe.empty.title"), body: t("dedupe.empty.body") }}
              columns={[
                { header: t("dedupe.records"), primary: true, cell: (g) => <GroupNames group={g} /> },
                { header: t("dedupe.confidence"), numeric: true, cell: (g) => t("dedupe.percent", { n: g.confidence_percent }) },
                {
                  header: t("dedupe.why"),
                  cell: (g) => g.reasons.map(reasonText).join(", "),
                },
                {
                  header: t("dedupe.found"),
                  cell: (g) => (
                    <time dateTime={g.found_at} title={formatDateTime(g.found_at)}>
                      {formatRelative(g.found_at)}
                    </time>
                  ),
                },
              ]}
              actions={
                canMerge || canDismiss
                  ? (g) => (
                      <GroupActions
                        group={g}
                        canMerge={canMerge}
                        canDismiss={canDismiss}
                        onReview={() => setReviewing(g)}
                        onDismiss={() => void notDuplicates(g)}
                      />
                    )
                  : undefined
              }
            />
            <LoadMore query={pairs} label={t("dedupe.more")} />
          </>
        )}
      </Loaded>
      {reviewing && (
        <MergeDialog
          object={reviewing.object}
          ids={reviewing.ids}
          onClose={() => setReviewing(null)}
          onMerged={refresh}
        />
      )}
    </SettingsPage>
  );
}
