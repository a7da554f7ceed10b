import { describe, expect, it } from "vitest";
import { canCancel, canRetry, emptyJobFilters, jobsQuery, shortError, stateBadge, typeSuggestions } from "./jobs";

describe("the jobs list's filters", () => {
  it("sends only what is set, the type trimmed", () => {
    expect(jobsQuery(emptyJobFilters)).toEqual({});
    expect(jobsQuery({ ...emptyJobFilters, state: "dead", type: " webhook.deliver " })).toEqual({ state: "dead", type: "webhook.deliver" });
    expect(jobsQuery({ ...emptyJobFilters, type: "   " })).toEqual({});
  });

  it("makes the period whole local days, until exclusive", () => {
    const q = jobsQuery({ ...emptyJobFilters, from: "2026-03-01", to: "2026-03-02" });
    expect(new Date(q.until!).getTime() - new Date(q.since!).getTime()).toBe(2 * 24 * 3600 * 1000);
    expect(new Date(q.since!).getHours()).toBe(0);
    expect(jobsQuery({ ...emptyJobFilters, to: "2026-03-02" }).since).toBeUndefined();
  });
});

describe("a job's state", () => {
  it("allows retry when dead or cancelled, cancel while queued or running", () => {
    expect(["queued", "running", "succeeded", "dead", "cancelled"].filter((s) => canRetry(s as never))).toEqual(["dead", "cancelled"]);
    expect(["queued", "running", "succeeded", "dead", "cancelled"].filter((s) => canCancel(s as never))).toEqual(["queued", "running"]);
  });

  it("is a badge with a mark besides its colour", () => {
    expect(stateBadge("dead")).toEqual({ tone: "danger", mark: "✕", label: "jobs.state.dead" });
    expect(stateBadge("succeeded").mark).not.toBe(stateBadge("dead").mark);
  });
});

describe("an error cut short", () => {
  it("keeps a short one-line error whole", () => {
    expect(shortError("the receiver answered 500")).toBe("the receiver answered 500");
    expect(shortError(null)).toBe("");
  });

  it("cuts a long error and a multi-line one, and says so", () => {
    expect(shortError("x".repeat(100), 10)).toBe(`${"x".repeat(10)}…`);
    expect(shortError("first line\nsecond")).toBe("first line…");
  });
});

describe("type suggestions", () => {
  it("are the known types and those seen, once each, sorted", () => {
    expect(typeSuggestions(["automation.run", "webhook.deliver"])).toEqual(["automation.run", "webhook.deliver"]);
  });
});
