// Stage history entries (oldest first from the server) as stays: each entry opens a stay in its
// stage that lasts until the next entry, the last one until now; shown newest first.
import { t } from "../../i18n";
import type { Schemas } from "../../api/types";

type Change = Schemas["StageChange"];

export interface Stay {
  id: number;
  /** The stage left: null when the deal was created in `to`; "" when that stage is gone. */
  from: string | null;
  to: string | null;
  at: string;
  by: string | null;
  duration: string;
  current: boolean;
}

/** A span of milliseconds in the largest unit that reads well: "12 min", "5 h", "3 days". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60000));
  if (minutes < 60) return t("duration.minutes", { n: Math.max(minutes, 1) });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t("duration.hours", { n: hours });
  const days = Math.round(hours / 24);
  return days === 1 ? t("duration.day") : t("duration.days", { n: days });
}

export function stageStays(changes: readonly Change[], now: Date): Stay[] {
  const sorted = [...changes].sort((a, b) => (a.changed_at ?? "").localeCompare(b.changed_at ?? "") || (a.id ?? 0) - (b.id ?? 0));
  return sorted
    .map((c, i) => {
      const start = new Date(c.changed_at ?? "").getTime();
      const next = sorted[i + 1];
      const end = next ? new Date(next.changed_at ?? "").getTime() : now.getTime();
      return {
        id: c.id ?? i,
        from: c.from_stage_id ? (c.from_stage_name ?? "") : null,
        to: c.to_stage_name ?? null,
        at: c.changed_at ?? "",
        by: c.changed_by ?? null,
        duration: formatDuration(end - start),
        current: !next,
      };
    })
    .reverse();
}
