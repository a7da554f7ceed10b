// A company chosen by typing the start of its name: a RecordPicker over
// GET /api/v1/companies?filter[name][starts_with]=….
import { keys } from "../../api/keys";
import { listRecords } from "../../features/records/record/listApi";
import { t } from "../../i18n";
import { RecordPicker, type RecordOption } from "./RecordPicker";

export type CompanyOption = RecordOption;

async function searchCompanies(query: string): Promise<RecordOption[]> {
  const found = await listRecords("companies", query ? { name: { starts_with: query } } : {}, 10, "name");
  return found.data.map((c) => ({ id: c.id, name: String(c.name ?? "") }));
}

export function CompanyPicker({
  label,
  value,
  initialName,
  onChange,
  autoFocus,
  error,
  hideLabel = false,
}: {
  label: string;
  value: string | null;
  initialName: string;
  onChange: (id: string | null, name: string) => void;
  autoFocus?: boolean;
  error?: string | undefined;
  hideLabel?: boolean;
}) {
  return (
    <RecordPicker
      label={label}
      value={value}
      initialName={initialName}
      onChange={onChange}
      search={searchCompanies}
      queryKey={(q) => keys.list("companies", { picker: q })}
      placeholder={t("edit.companySearch")}
      noMatch={(q) => t("edit.companyNoMatch", { text: q })}
      autoFocus={autoFocus}
      error={error}
      hideLabel={hideLabel}
    />
  );
}
