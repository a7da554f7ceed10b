// Teams' ticket assignment (GET|PUT /api/v1/teams/{id}/assignment): each team's round-robin setting
// read beside the teams list, and the words the list says it in.
import { useQueries } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";
import { t } from "../../../i18n";

export type Assignment = Schemas["TeamAssignment"];

export const assignmentKey = (teamId: string) => keys.settings(`team-assignment:${teamId}`);

/** Each team's setting, keyed by team id (absent while it loads or when the read failed). */
export function useAssignments(teamIds: string[]): Map<string, Assignment> {
  const results = useQueries({
    queries: teamIds.map((id) => ({
      queryKey: assignmentKey(id),
      queryFn: async () => must(await api.GET("/api/v1/teams/{id}/assignment", { params: { path: { id } } })),
    })),
  });
  const out = new Map<string, Assignment>();
  results.forEach((r, i) => {
    const id = teamIds[i];
    if (r.data && id) out.set(id, r.data);
  });
  return out;
}

/** "Round robin · at most 5 open each · skips who is away", or "Off". */
export function assignmentSummary(a: Assignment): string {
  if (!a.round_robin) return t("assignment.off");
  const parts = [t("assignment.roundRobin")];
  if (a.max_open !== null) parts.push(t("assignment.capShort", { n: a.max_open }));
  parts.push(t(a.skip_away ? "assignment.skipsAway" : "assignment.includesAway"));
  return parts.join(" · ");
}
