// A period picked as two dates in the browser ("from", "to", both inclusive), as the RFC 3339
// bounds the list routes take: since is the start of "from" in the browser's time zone, until the
// start of the day after "to" (exclusive). The audit log and the jobs list filter this way.
export function periodBounds(from: string, to: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (from) out.since = localDayStart(from).toISOString();
  if (to) {
    const end = localDayStart(to);
    end.setDate(end.getDate() + 1);
    out.until = end.toISOString();
  }
  return out;
}

function localDayStart(date: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}
