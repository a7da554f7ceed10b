// Whose figures the home page shows: "mine", "my team's" or "all I can see", limited to what the
// role may read (a rep who reads only their own deals gets no toggle at all).
import type { Me } from "../../api/types";
import type { User } from "../../app/users";

export type HomeScope = "me" | "team" | "all";

/** The scopes the caller may choose, from their read scope on deals ("own", "team", "all"). */
export function availableScopes(dealReadScope: string, hasTeam: boolean): HomeScope[] {
  if (dealReadScope === "all") return hasTeam ? ["me", "team", "all"] : ["me", "all"];
  if (dealReadScope === "team") return hasTeam ? ["me", "team"] : ["me"];
  return ["me"];
}

/** The people of the caller's teams, the caller included. */
export function teamMembers(me: Pick<Me, "user_id">, users: readonly User[]): string[] {
  const self = users.find((u) => u.id === me.user_id);
  const mine = new Set(self?.team_ids ?? []);
  if (!mine.size) return me.user_id ? [me.user_id] : [];
  const ids = users.filter((u) => u.id === me.user_id || u.team_ids.some((t) => mine.has(t))).map((u) => u.id);
  return ids;
}

/** The owner ids to filter by, or null for everyone the caller can see. */
export function ownersFor(scope: HomeScope, me: Pick<Me, "user_id">, users: readonly User[]): string[] | null {
  if (scope === "all") return null;
  if (scope === "team") return teamMembers(me, users);
  return me.user_id ? [me.user_id] : [];
}
