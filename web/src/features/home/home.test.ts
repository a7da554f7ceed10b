import { describe, expect, it } from "vitest";
import type { User } from "../../app/users";
import { availableScopes, ownersFor, teamMembers } from "./scope";
import { isOverdue, thisMonthDates, todayBounds } from "./dates";
import { openOf } from "./forecast";

const u = (id: string, team_ids: string[]): User => ({ id, email: `${id}@x`, role: "sales", active: true, team_ids });

describe("home scope", () => {
  it("offers only what the role reads", () => {
    expect(availableScopes("own", true)).toEqual(["me"]);
    expect(availableScopes("team", true)).toEqual(["me", "team"]);
    expect(availableScopes("team", false)).toEqual(["me"]);
    expect(availableScopes("all", true)).toEqual(["me", "team", "all"]);
    expect(availableScopes("all", false)).toEqual(["me", "all"]);
  });
  it("finds my team's members", () => {
    const users = [u("me", ["t1"]), u("a", ["t1", "t2"]), u("b", ["t2"]), u("c", [])];
    expect(teamMembers({ user_id: "me" }, users)).toEqual(["me", "a"]);
    expect(ownersFor("me", { user_id: "me" }, users)).toEqual(["me"]);
    expect(ownersFor("all", { user_id: "me" }, users)).toBeNull();
    expect(teamMembers({ user_id: "c" }, users)).toEqual(["c"]);
  });
});

describe("home dates", () => {
  it("knows this month and today", () => {
    expect(thisMonthDates(new Date(2026, 1, 10))).toEqual({ first: "2026-02-01", last: "2026-02-28", month: "2026-02" });
    const now = new Date(2026, 11, 3, 15, 0);
    const { startOfToday, endOfToday } = todayBounds(now);
    expect(new Date(endOfToday).getTime() - new Date(startOfToday).getTime()).toBe(86400000);
    expect(isOverdue(new Date(2026, 11, 2, 23, 59).toISOString(), now)).toBe(true);
    expect(isOverdue(new Date(2026, 11, 3, 0, 1).toISOString(), now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });
});

describe("forecast figures", () => {
  it("reads a period's open deals, or none", () => {
    const open = [{ currency: "EUR", amount: 30, weighted_amount: 15, commit_amount: 10 }];
    expect(openOf({ open_count: 3, open })).toEqual({ count: 3, open });
    expect(openOf({ open_count: 2 })).toEqual({ count: 2, open: [] });
    expect(openOf(undefined)).toEqual({ count: 0, open: [] });
  });
});
