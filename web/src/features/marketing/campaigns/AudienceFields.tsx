// Who a campaign goes to: the segments and static lists whose contacts receive it, and those whose
// contacts are left out, each with its member count now. The consent and suppression checks come on
// top at send time; the send confirmation says how many that leaves.
import { Link } from "react-router";
import { t } from "../../../i18n";
import { CheckList } from "../../settings/shared/CheckList";
import { useLists, useMemberCounts, useSegments } from "../api";
import type { AudienceKey, CampaignDraft } from "./campaign";
import styles from "./campaigns.module.css";

/** The 422 messages about one part of the audience ("audience.segment_ids.0" and the like). */
function errorsOf(errors: Record<string, string>, key: AudienceKey): string | undefined {
  const found = Object.entries(errors).filter(([k]) => k === `audience.${key}` || k.startsWith(`audience.${key}.`));
  return found.length ? found.map(([, m]) => m).join(" · ") : undefined;
}

export function AudienceFields({ audience, onChange, errors }: { audience: CampaignDraft["audience"]; onChange: (a: CampaignDraft["audience"]) => void; errors: Record<string, string> }) {
  const segments = useSegments();
  const lists = useLists();
  const segmentCounts = useMemberCounts("segments", (segments.data ?? []).map((s) => s.id));
  const listCounts = useMemberCounts("lists", (lists.data ?? []).map((l) => l.id));
  const counted = (n: number | undefined) => (n === undefined ? "" : ` (${t("marketingCampaigns.members", { n })})`);
  const segmentOptions = (segments.data ?? []).map((s) => ({ id: s.id, label: `${s.name}${counted(segmentCounts.get(s.id)?.data)}` }));
  const listOptions = (lists.data ?? []).map((l) => ({ id: l.id, label: `${l.name}${counted(listCounts.get(l.id)?.data)}` }));
  const set = (key: AudienceKey) => (ids: string[]) => onChange({ ...audience, [key]: ids });
  const none = (
    <>
      {t("marketingCampaigns.audience.none")} <Link to="/marketing/segments/new">{t("marketingCampaigns.audience.makeSegment")}</Link>
    </>
  );
  return (
    <div className={styles.audience}>
      <div className={styles.audienceSide}>
        <h3>{t("marketingCampaigns.audience.include")}</h3>
        <CheckList legend={t("marketingCampaigns.audience.segments")} options={segmentOptions} value={audience.segment_ids} onChange={set("segment_ids")} empty={none} error={errorsOf(errors, "segment_ids")} />
        <CheckList legend={t("marketingCampaigns.audience.lists")} options={listOptions} value={audience.list_ids} onChange={set("list_ids")} empty={t("marketingCampaigns.audience.noLists")} error={errorsOf(errors, "list_ids")} />
      </div>
      <div className={styles.audienceSide}>
        <h3>{t("marketingCampaigns.audience.exclude")}</h3>
        <CheckList
          legend={t("marketingCampaigns.audience.segments")}
          options={segmentOptions}
          value={audience.exclude_segment_ids}
          onChange={set("exclude_segment_ids")}
          empty={t("marketingCampaigns.audience.noSegments")}
          error={errorsOf(errors, "exclude_segment_ids")}
        />
        <CheckList
          legend={t("marketingCampaigns.audience.lists")}
          options={listOptions}
          value={audience.exclude_list_ids}
          onChange={set("exclude_list_ids")}
          empty={t("marketingCampaigns.audience.noLists")}
          error={errorsOf(errors, "exclude_list_ids")}
        />
      </div>
    </div>
  );
}
