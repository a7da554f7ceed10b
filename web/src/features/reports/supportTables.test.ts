import { describe, expect, it } from "vitest";
import { backlogTable, dailyChart, dailyTable, flowTable, slaTable, timesTable, type SupportReport } from "./supportTables";

const times = (count: number, median: number | null, p90: number | null, bm: number | null, bp: number | null) => ({
  count,
  median_seconds: median,
  p90_seconds: p90,
  business_median_seconds: bm,
  business_p90_seconds: bp,
});
const priorities = (first: ReturnType<typeof times>) =>
  ["low", "normal", "high", "urgent"].map((key) => ({ key, label: key, ...(key === "high" ? first : times(0, null, null, null, null)) }));

const report: SupportReport = {
  from: "2026-12-01T00:00:00.000Z",
  to: "2026-12-03T00:00:00.000Z",
  as_of: "2026-12-02T12:00:00.000Z",
  filters: { team_id: null, assignee_id: null, channel: null, priority: null },
  time_zone: "UTC",
  percentile: "nearest-rank",
  first_response: { ...times(2, 600, 7200, 600, 3600), by_priority: priorities(times(2, 600, 7200, 600, 3600)) },
  next_response: { ...times(3, 300, 1800, 240, 900), by_priority: priorities(times(3, 300, 1800, 240, 900)) },
  resolution: { ...times(1, 86400, 86400, 28800, 28800), by_priority: priorities(times(1, 86400, 86400, 28800, 28800)) },
  backlog: {
    total: 3,
    by_status: [{ key: "new", label: "New", value: 3 }],
    by_age: [
      { key: "lt_1d", label: "< 1 day", value: 2 },
      { key: "gt_30d", label: "> 30 days", value: 1 },
    ],
  },
  sla: {
    met: 1,
    breached: 1,
    total: 2,
    ratio: 0.5,
    by_target: [{ key: "first_response", label: "First response", met: 1, breached: 1, total: 2, ratio: 0.5 }],
    by_policy: [{ key: "p1", label: "=Gold", met: 1, breached: 1, total: 2, ratio: 0.5 }],
    by_priority: [{ key: "high", label: "High", met: 1, breached: 1, total: 2, ratio: 0.5 }],
  },
  volume: {
    created: 3,
    solved: 1,
    by_day: [
      { key: "2026-12-01", label: "2026-12-01", created: 1, solved: 0 },
      { key: "2026-12-02", label: "2026-12-02", created: 2, solved: 1 },
    ],
    by_channel: [{ key: "web", label: "Web form", created: 3, solved: 1 }],
    by_agent: [
      { key: "u1", label: "Ana", created: 2, solved: 1 },
      { key: null, label: "Unassigned", created: 1, solved: 0 },
    ],
    by_team: [{ key: null, label: "No team", created: 3, solved: 1 }],
  },
  satisfaction: { responses: 0, good: 0, bad: 0, csat_percent: null },
};

const csv = (t: { rows: { csv: string }[][]; totals?: { csv: string }[] }) => [...t.rows, ...(t.totals ? [t.totals] : [])].map((r) => r.map((c) => c.csv));

describe("support report tables", () => {
  it("lists every day with its totals, the CSV keeping ISO dates", () => {
    expect(csv(dailyTable(report))).toEqual([
      ["2026-12-01", "1", "0"],
      ["2026-12-02", "2", "1"],
      ["Total", "3", "1"],
    ]);
  });
  it("draws a bar per day, or per week (Monday first) over a long range", () => {
    expect(dailyChart(report).map((b) => [b.label, b.created, b.solved])).toEqual([
      ["Dec 1", 1, 0],
      ["Dec 2", 2, 1],
    ]);
    // Tuesday 1 Dec 2026 to Monday 14 Dec: the partial first week, a whole week, then the 14th.
    const days = Array.from({ length: 14 }, (_, i) => ({ key: `2026-12-${String(i + 1).padStart(2, "0")}`, label: "", created: 1, solved: i % 2 }));
    const long = { ...report, volume: { ...report.volume, by_day: days } };
    expect(dailyChart(long, 10).map((b) => [b.label, b.created, b.solved])).toEqual([
      ["Week of Dec 1", 6, 3],
      ["Week of Dec 7", 7, 3],
      ["Week of Dec 14", 1, 1],
    ]);
  });
  it("gives first response, next response and resolution times per priority, in business or calendar seconds, words on screen", () => {
    const business = timesTable(report, "business");
    expect(business.columns.map((c) => c.label)).toEqual([
      "Priority",
      "Answered",
      "First response, median",
      "First response, p90",
      "Next responses",
      "Next response, median",
      "Next response, p90",
      "Solved",
      "Resolution, median",
      "Resolution, p90",
    ]);
    expect(csv(business)[2]).toEqual(["High", "2", "600", "3600", "3", "240", "900", "1", "28800", "28800"]);
    expect(csv(business)[0]).toEqual(["Low", "0", "", "", "0", "", "", "0", "", ""]);
    expect(business.rows[2]?.[3]?.text).toBe("1 h");
    expect(business.rows[2]?.[6]?.text).toBe("15 min");
    expect(business.rows[0]?.[2]?.text).toBe("—");
    expect(csv(timesTable(report, "calendar"))[4]).toEqual(["All priorities", "2", "600", "7200", "3", "300", "1800", "1", "86400", "86400"]);
  });
  it("names the unassigned and the channels from the catalogue", () => {
    expect(csv(flowTable(report, "agent")).map((r) => r[0])).toEqual(["Ana", "Unassigned", "Total"]);
    expect(csv(flowTable(report, "team"))[0]).toEqual(["No team", "3", "1"]);
    expect(csv(flowTable(report, "channel"))[0]).toEqual(["Web form", "3", "1"]);
  });
  it("counts SLA targets met and breached with the attainment ratio", () => {
    expect(csv(slaTable(report, "target"))).toEqual([
      ["First response", "1", "1", "2", "0.5"],
      ["Total", "1", "1", "2", "0.5"],
    ]);
    expect(slaTable(report, "policy").rows[0]?.[0]?.csv).toBe("=Gold");
    expect(slaTable(report, "priority").rows[0]?.[0]?.text).toBe("High");
  });
  it("lists the backlog by age", () => {
    expect(csv(backlogTable(report))).toEqual([
      ["Under 1 day", "2"],
      ["Over 30 days", "1"],
      ["Total", "3"],
    ]);
  });
});
