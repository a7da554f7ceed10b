// The forecast report's figures of one period for some owners: the whole period for everyone the
// caller can see, or the sum of the listed owners' rows (per currency, never across). The server
// rounds each owner's weighted amount once, so a team's sum may differ from an exact team figure by
// a minor unit per owner.
export interface OpenMoney {
  currency: string;
  amount: number;
  weighted_amount: number;
  commit_amount: number;
}
export interface PeriodWithOwners {
  open_count: number;
  open?: OpenMoney[];
  owners: { owner_id: string | null; open_count: number; open?: OpenMoney[] }[];
}

export function openFor(period: PeriodWithOwners | undefined, owners: readonly string[] | null): { count: number; open: OpenMoney[] } {
  if (!period) return { count: 0, open: [] };
  if (!owners) return { count: period.open_count, open: period.open ?? [] };
  const want = new Set(owners);
  const by = new Map<string, OpenMoney>();
  let count = 0;
  for (const o of period.owners) {
    if (!o.owner_id || !want.has(o.owner_id)) continue;
    count += o.open_count;
    for (const m of o.open ?? []) {
      const acc = by.get(m.currency) ?? { currency: m.currency, amount: 0, weighted_amount: 0, commit_amount: 0 };
      acc.amount += m.amount;
      acc.weighted_amount += m.weighted_amount;
      acc.commit_amount += m.commit_amount;
      by.set(m.currency, acc);
    }
  }
  return { count, open: [...by.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)) };
}
