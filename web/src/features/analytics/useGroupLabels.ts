// The words a person reads for a report's group values: owners' names, teams', stages' and
// pipelines' names, companies' names, enum options, yes/no, and date buckets ("Mar 2026", "2026 Q1").
// Ids whose name is not loaded yet read "…"; a null group reads "(none)".
import { useCallback, useMemo } from "react";
import { formatDate, t } from "../../i18n";
import { useUsers } from "../../app/users";
import { useCompanyNames, usePipelineNames } from "../records/list/data";
import { optionLabel } from "../records/list/labels";
import type { ListField } from "../records/list/fields";
import type { ReportResult } from "./definition";
import { useTeams } from "./api";
import type { GroupLabel } from "./answer";

const monthFormat = new Intl.DateTimeFormat(undefined, { month: "short", year: "numeric" });

export function bucketLabel(value: string, bucket: string | undefined): string {
  switch (bucket) {
    case "day":
      return formatDate(value);
    case "month": {
      const m = /^(\d{4})-(\d{2})$/.exec(value);
      return m ? monthFormat.format(new Date(+m[1]!, +m[2]! - 1, 1)) : value;
    }
    case "quarter":
      return value.replace(/^(\d{4})-Q(\d)$/, "Q$2 $1");
    case "week":
      return value.replace(/^(\d{4})-W(\d{2})$/, t("analytics.bucket.weekOf", { week: "$2", year: "$1" }));
    default:
      return value;
  }
}

export function useGroupLabels(answer: ReportResult | undefined, fields: ListField[]): GroupLabel {
  const users = useUsers();
  const teams = useTeams();
  const groupBy = useMemo(() => answer?.group_by ?? [], [answer]);
  const kinds = useMemo(() => groupBy.map((g) => (g.kind === "field" ? fields.find((f) => f.name === g.field)?.kind : undefined)), [groupBy, fields]);
  const needsStages = kinds.includes("stage") || kinds.includes("pipeline");
  const { stages, pipelines } = usePipelineNames(needsStages);
  const companyIds = useMemo(() => {
    const ids = new Set<string>();
    groupBy.forEach((_, i) => {
      if (kinds[i] === "company") for (const r of answer?.rows ?? []) if (typeof r.groups[i] === "string") ids.add(r.groups[i] as string);
    });
    return [...ids].sort();
  }, [answer, groupBy, kinds]);
  const companies = useCompanyNames([companyIds]);
  return useCallback(
    (i: number, v: unknown) => {
      if (v === null || v === undefined) return t("analytics.none");
      const g = groupBy[i];
      const s = String(v);
      if (!g) return s;
      if (g.kind === "owner") {
        const u = users.data?.find((x) => x.id === s);
        return u ? u.name || u.email : "…";
      }
      if (g.kind === "team") return teams.data?.find((x) => x.id === s)?.name ?? "…";
      if (g.kind === "date" || g.kind === "time") return bucketLabel(s, g.bucket);
      switch (kinds[i]) {
        case "user": {
          const u = users.data?.find((x) => x.id === s);
          return u ? u.name || u.email : "…";
        }
        case "stage":
          return stages.get(s)?.name ?? "…";
        case "pipeline":
          return pipelines.get(s) ?? "…";
        case "company":
          return companies.get(s) ?? "…";
        case "enum":
          return optionLabel(s);
        case "boolean":
          return v === true || s === "true" ? t("common.yes") : t("common.no");
        default:
          return s;
      }
    },
    [groupBy, kinds, users.data, teams.data, stages, pipelines, companies],
  );
}
