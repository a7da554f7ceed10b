// A company chosen by typing the start of its name: a combobox over
// GET /api/v1/companies?filter[name][starts_with]=… (keyboard: type, arrows, Enter; Esc closes).
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from "react-aria-components";
import { keys } from "../../api/keys";
import { listRecords } from "../../features/records/record/listApi";
import { t } from "../../i18n";
import styles from "./fields.module.css";

export interface CompanyOption {
  id: string;
  name: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
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
  const [text, setText] = useState(initialName);
  const query = useDebounced(text.trim(), 150);
  const found = useQuery({
    queryKey: keys.list("companies", { picker: query }),
    queryFn: () => listRecords("companies", query ? { name: { starts_with: query } } : {}, 10, "name"),
    staleTime: 15_000,
  });
  const items: CompanyOption[] = (found.data?.data ?? []).map((c) => ({ id: c.id, name: String(c.name ?? "") }));

  return (
    <ComboBox
      className={styles.combo}
      items={items}
      inputValue={text}
      onInputChange={(v) => {
        setText(v);
        if (!v.trim()) onChange(null, "");
      }}
      selectedKey={value}
      onSelectionChange={(key) => {
        const item = items.find((i) => i.id === key);
        if (item) {
          setText(item.name);
          onChange(item.id, item.name);
        }
      }}
      menuTrigger="focus"
      allowsEmptyCollection
      isInvalid={!!error}
      aria-label={hideLabel ? label : undefined}
    >
      {!hideLabel && <Label className={styles.label}>{label}</Label>}
      <Input className={styles.input} autoFocus={autoFocus} placeholder={t("edit.companySearch")} />
      {error && (
        <Text slot="errorMessage" className={styles.error}>
          {error}
        </Text>
      )}
      <Popover className={styles.popover}>
        <ListBox
          className={styles.listbox}
          renderEmptyState={() => <div className={styles.emptyOption}>{t("edit.companyNoMatch", { text: query })}</div>}
        >
          {(item: CompanyOption) => (
            <ListBoxItem id={item.id} textValue={item.name} className={styles.option}>
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
