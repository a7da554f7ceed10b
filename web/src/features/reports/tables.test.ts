import { describe, expect, it } from "vitest";
import { decimalAmount } from "../../i18n";
import { forecastTable, funnelTable, pipelineTable, tableCsvRows, type ForecastReport, type FunnelReport, type PipelineReport } from "./tables";

const pipeline: PipelineReport = {
  pipeline_id: "p",
  name: "Sales",
  stages: [
    { id: "s1", name: "Qualification", position: 1, probability: 10, archived: false, count: 2, amounts: [{ currency: "EUR", amount: 150000, weighted_amount: 15000 }] },
    { id: "s2", name: "=Proposal", position: 2, probability: 60, archived: false, count: 1, amounts: [{ currency: "USD", amount: 99, weighted_amount: 59 }] },
    { id: "s3", name: "Old", position: 3, probability: 50, archived: true, count: 0, amounts: [] },
  ],
  totals: { count: 3, amounts: [{ currency: "EUR", amount: 150000, weighted_amount: 15000 }, { currency: "USD", amount: 99, weighted_amount: 59 }] },
};

describe("report tables", () => {
  it("writes minor units as exact decimals of the currency", () => {
    expect(decimalAmount(123450, "EUR")).toBe("1234.50");
    expect(decimalAmount(5, "EUR")).toBe("0.05");
    expect(decimalAmount(1234, "JPY")).toBe("1234");
    expect(decimalAmount(1, "KWD")).toBe("0.001");
  });

  it("gives the pipeline one amount and one weighted column per currency, never a sum across", () => {
    const t = pipelineTable(pipeline);
    expect(t.columns.map((c) => c.label)).toEqual(["Stage", "Probability", "Deals", "Amount (EUR)", "Weighted (EUR)", "Amount (USD)", "Weighted (USD)"]);
    expect(t.columns.map((c) => c.numeric)).toEqual([false, true, true, true, true, true, true]);
    expect(t.rows).toHaveLength(2); // the archived, empty stage is left out
    expect(t.rows[0]!.map((c) => c.csv)).toEqual(["Qualification", "10", "2", "1500.00", "150.00", "0.00", "0.00"]);
    expect(t.totals!.map((c) => c.csv)).toEqual(["Total", "", "3", "1500.00", "150.00", "0.99", "0.59"]);
    const csv = tableCsvRows(t);
    expect(csv[0]![0]).toBe("Stage");
    expect(csv).toHaveLength(4);
  });

  it("lists the forecast's months or quarters with best case, weighted, commit and won per currency", () => {
    const r = {
      from: "2026-12",
      to: "2027-01",
      group: "month",
      commit_threshold: 70,
      months: [
        { month: "2026-12", open_count: 2, won_count: 1, open: [{ currency: "EUR", amount: 1000, weighted_amount: 600, commit_amount: 500 }], won: [{ currency: "EUR", amount: 300 }], owners: [] },
        { month: "2027-01", open_count: 0, won_count: 0, open: [], won: [], owners: [] },
      ],
    } as unknown as ForecastReport;
    const t = forecastTable(r);
    expect(t.columns.map((c) => c.label)).toEqual(["Period", "Open deals", "Best case (EUR)", "Weighted (EUR)", "Commit (EUR)", "Won (EUR)"]);
    expect(t.rows.map((row) => row.map((c) => c.csv))).toEqual([
      ["2026-12", "2", "10.00", "6.00", "5.00", "3.00"],
      ["2027-01", "0", "0.00", "0.00", "0.00", "0.00"],
    ]);
    const q = forecastTable({ ...r, months: undefined, quarters: [{ quarter: "2026-Q4", open_count: 1, won_count: 0, owners: [] }] } as unknown as ForecastReport);
    expect(q.rows[0]![0]!.text).toBe("Q4 2026");
  });

  it("gives each funnel step its share of the previous one", () => {
    const r = {
      from: "2026-01",
      to: "2026-12",
      funnel: [
        { step: "leads_created", count: 10 },
        { step: "leads_converted", count: 4 },
        { step: "deals_created", count: 0 },
        { step: "deals_won", count: 0 },
      ],
      deals_lost: 0,
      win_rate: null,
      average_sales_cycle_days: null,
      stage_times: [],
    } as FunnelReport;
    const t = funnelTable(r);
    expect(t.rows.map((row) => [row[0]!.text, row[1]!.csv, row[2]!.csv])).toEqual([
      ["Leads created", "10", ""],
      ["Leads converted", "4", "0.4000"],
      ["Deals created", "0", "0.0000"],
      ["Deals won", "0", ""],
    ]);
  });
});
