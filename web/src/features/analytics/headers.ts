// Column and option names of a report: a group-by ("Owner", "Team", "Closed at by quarter") and a
// measure ("Count", "Sum of Amount").
import { t, type MessageKey } from "../../i18n";
import { fieldLabel } from "../records/list/labels";
import type { ListField } from "../records/list/fields";
import type { Bucket, GroupChoice, MeasureOp, ReportResult } from "./definition";

const label = (fields: ListField[], name: string) => {
  const f = fields.find((x) => x.name === name);
  return f ? fieldLabel(f) : fieldLabel(name);
};

export const BUCKET_LABEL: Record<Bucket, MessageKey> = {
  day: "analytics.bucket.day",
  week: "analytics.bucket.week",
  month: "analytics.bucket.month",
  quarter: "analytics.bucket.quarter",
  year: "analytics.bucket.year",
};

export const OP_LABEL: Record<MeasureOp, MessageKey> = {
  count: "analytics.op.count",
  sum: "analytics.op.sum",
  avg: "analytics.op.avg",
  min: "analytics.op.min",
  max: "analytics.op.max",
  median: "analytics.op.median",
};

export function groupHeader(g: ReportResult["group_by"][number] | GroupChoice, fields: ListField[]): string {
  if (g.kind === "owner") return t("analytics.group.owner");
  if (g.kind === "team") return t("analytics.group.team");
  const name = label(fields, g.field);
  const bucket = "bucket" in g ? g.bucket : undefined;
  return bucket ? t("analytics.group.byBucket", { field: name, bucket: t(BUCKET_LABEL[bucket]).toLowerCase() }) : name;
}

export function measureHeader(m: { op: MeasureOp; field?: string | undefined }, fields: ListField[]): string {
  if (!m.field) return m.op === "count" ? t("analytics.op.records") : t(OP_LABEL[m.op]);
  return t("analytics.op.of", { op: t(OP_LABEL[m.op]), field: label(fields, m.field) });
}
