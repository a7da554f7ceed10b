import { describe, expect, it } from "vitest";
import { assignmentSummary, type Assignment } from "./assignment";

const base: Assignment = { team_id: "t", round_robin: false, skip_away: true, max_open: null, last_assignee_id: null, updated_at: null, away_member_ids: [] };

describe("a team's assignment in words", () => {
  it("says off, or round robin with its cap and whether away members are passed over", () => {
    expect(assignmentSummary(base)).toBe("Off: tickets wait in the queue");
    expect(assignmentSummary({ ...base, round_robin: true })).toBe("Round robin · skips who is away");
    expect(assignmentSummary({ ...base, round_robin: true, skip_away: false, max_open: 5 })).toBe("Round robin · at most 5 open each · away members too");
  });
});
