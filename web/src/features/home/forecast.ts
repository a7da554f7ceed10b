// The forecast report's figures of one period: its open deals' count and, per currency (never
// added across), best case, weighted and commit amounts (the report always gives all three in
// `open`, which the generated type leaves optional).
export interface OpenMoney {
  currency: string;
  amount: number;
  weighted_amount: number;
  commit_amount: number;
}
export interface Period {
  open_count: number;
  open?: OpenMoney[];
}

export function openOf(period: Period | undefined): { count: number; open: OpenMoney[] } {
  if (!period) return { count: 0, open: [] };
  return { count: period.open_count, open: period.open ?? [] };
}
