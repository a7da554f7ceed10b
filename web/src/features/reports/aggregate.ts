// The open pipeline by stage, added up in the browser from a list of deals: for figures the
// pipeline report cannot give (it has no owner filter), e.g. "my" or "my team's" pipeline. Same
// rules as the server: per currency, never across; weighted = Σ amount × probability / 100,
// rounded half up once at the end; a deal without an amount counts but holds no money.
import type { Deal, Pipeline } from "../../api/types";
import type { PipelineReport } from "./tables";

type Amounts = NonNullable<PipelineReport["totals"]["amounts"]>;

class Sums {
  private by = new Map<string, { amount: number; weightedTimes100: number }>();
  add(currency: string, amount: number, probability: number) {
    const s = this.by.get(currency) ?? { amount: 0, weightedTimes100: 0 };
    s.amount += amount;
    s.weightedTimes100 += amount * probability;
    this.by.set(currency, s);
  }
  list(): Amounts {
    return [...this.by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, s]) => ({ currency, amount: s.amount, weighted_amount: Math.floor((s.weightedTimes100 + 50) / 100) }));
  }
}

export function aggregatePipeline(pipeline: Pipeline, deals: readonly Deal[]): PipelineReport {
  const open = [...pipeline.stages].filter((s) => s.type === "open").sort((a, b) => a.position - b.position);
  const perStage = new Map(open.map((s) => [s.id, { count: 0, sums: new Sums() }]));
  const total = { count: 0, sums: new Sums() };
  for (const d of deals) {
    const stage = open.find((s) => s.id === d.stage_id);
    const acc = stage && perStage.get(stage.id);
    if (!stage || !acc) continue;
    acc.count += 1;
    total.count += 1;
    if (typeof d.amount === "number" && d.currency) {
      acc.sums.add(d.currency, d.amount, stage.probability);
      total.sums.add(d.currency, d.amount, stage.probability);
    }
  }
  return {
    pipeline_id: pipeline.id,
    name: pipeline.name,
    stages: open
      .map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, archived: Boolean(s.archived), count: perStage.get(s.id)!.count, amounts: perStage.get(s.id)!.sums.list() }))
      .filter((s) => !s.archived || s.count > 0),
    totals: { count: total.count, amounts: total.sums.list() },
  };
}
