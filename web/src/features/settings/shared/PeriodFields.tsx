import { TextField } from "../../../components/Field";

/** Two date fields choosing a period of whole days (see period.ts for the bounds sent). */
export function PeriodFields({
  from,
  to,
  labels,
  onChange,
}: {
  from: string;
  to: string;
  labels: { from: string; to: string };
  onChange: (patch: { from?: string; to?: string }) => void;
}) {
  return (
    <>
      <TextField label={labels.from} type="date" value={from} onChange={(e) => onChange({ from: e.target.value })} />
      <TextField label={labels.to} type="date" value={to} onChange={(e) => onChange({ to: e.target.value })} />
    </>
  );
}
