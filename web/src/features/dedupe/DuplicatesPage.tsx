// Settings → Duplicates: the probable pairs of one object (contacts, companies or leads), strongest
// first, each with both records' names, the confidence and why; "Review and merge" opens the merge
// dialog, and a merged pair leaves the list. "Scan now" checks the records already there.
import { useState } from "react";
import { Link } from "react-router";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { raw } from "../../api/client";
import { keys } from "../../api/keys";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toast";
import { formatDateTime, formatRelative, hasMessage, t } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { useRecordName } from "../records/record/recordApi";
import { objectLabel } from "../settings/roles/MatrixTable";
import { errorText } from "../settings/shared/errors";
import { LoadMore } from "../settings/shared/LoadMore";
import { Loaded } from "../settings/shared/Loaded";
import { SelectField } from "../settings/shared/SelectField";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { SettingsTable } from "../settings/shared/SettingsTable";
import shared from "../settings/shared/settings.module.css";
import { DEDUPE_OBJECTS, listPairs, type DedupeObject, type Pair } from "./api";
import { MergeDialog } from "./MergeDialog";
import { reasonKey } from "./pairs";
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

function PairNames({ pair }: { pair: Pair }) {
  return (
    <span className={styles.pair}>
      <RecordName object={pair.object} id={pair.ids[0]} /> <span className={shared.muted}>{t("dedupe.and")}</span>{" "}
      <RecordName object={pair.object} id={pair.ids[1]} />
    </span>
  );
}

function PairActions({ pair, onReview }: { pair: Pair; onReview: () => void }) {
  const a = useRecordName(pair.object, pair.ids[0]);
  const b = useRecordName(pair.object, pair.ids[1]);
  const label = t("dedupe.reviewNamed", { a: recordTitle(pair.object, a.data), b: recordTitle(pair.object, b.data) });
  return (
    <Button size="small" onClick={onReview} aria-label={label} disabled={!a.data || !b.data}>
      {t("dedupe.review")}
    </Button>
  );
}

export default function DuplicatesPage() {
  const me = useMe();
  const toast = useToast();
  const queries = useQueryClient();
  const readable = DEDUPE_OBJECTS.filter((o) => scopeOf(me, o, "read") !== "none");
  const [object, setObject] = useState<DedupeObject>(readable[0] ?? "contacts");
  const [reviewing, setReviewing] = useState<Pair | null>(null);
  const canMerge = scopeOf(me, object, "update") !== "none" && scopeOf(me, object, "delete") !== "none";
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
            <SettingsTable<Pair>
              label={t("dedupe.title")}
              rows={data.pages.flatMap((p) => p.data)}
              rowKey={(p) => p.ids.join("/")}
              empty={{ title: t("dedupe.empty.title"), body: t("dedupe.empty.body") }}
              columns={[
                { header: t("dedupe.records"), primary: true, cell: (p) => <PairNames pair={p} /> },
                { header: t("dedupe.confidence"), numeric: true, cell: (p) => t("dedupe.percent", { n: p.confidence_percent }) },
                {
                  header: t("dedupe.why"),
                  cell: (p) => p.reasons.map(reasonText).join(", "),
                },
                {
                  header: t("dedupe.found"),
                  cell: (p) => (
                    <time dateTime={p.found_at} title={formatDateTime(p.found_at)}>
                      {formatRelative(p.found_at)}
                    </time>
                  ),
                },
              ]}
              actions={canMerge ? (p) => <PairActions pair={p} onReview={() => setReviewing(p)} /> : undefined}
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
          onMerged={() => void queries.invalidateQueries({ queryKey: pairsKey(object) })}
        />
      )}
    </SettingsPage>
  );
}
