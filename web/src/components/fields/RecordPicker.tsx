// A record chosen by typing part of its name: a combobox over a search the caller gives (a company
// by the start of its name, a contact through the search API). Keyboard: type, arrows, Enter; Esc closes.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text } from "react-aria-components";
import styles from "./fields.module.css";

export interface RecordOption {
  id: string;
  name: string;
  /** A second line (an email, a company). */
  detail?: string | undefined;
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export interface RecordPickerProps {
  label: string;
  value: string | null;
  initialName: string;
  onChange: (id: string | null, name: string) => void;
  /** The options for the typed text (trimmed, debounced), and the cache key of that search. */
  search: (text: string) => Promise<RecordOption[]>;
  queryKey: (text: string) => readonly unknown[];
  placeholder: string;
  noMatch: (text: string) => string;
  autoFocus?: boolean | undefined;
  error?: string | undefined;
  hideLabel?: boolean | undefined;
}

export function RecordPicker(p: RecordPickerProps) {
  const [text, setText] = useState(p.initialName);
  const query = useDebounced(text.trim(), 150);
  const found = useQuery({ queryKey: p.queryKey(query), queryFn: () => p.search(query), staleTime: 15_000 });
  const items = found.data ?? [];

  return (
    <ComboBox
      className={styles.combo}
      items={items}
      inputValue={text}
      onInputChange={(v) => {
        setText(v);
        if (!v.trim()) p.onChange(null, "");
      }}
      selectedKey={p.value}
      onSelectionChange={(key) => {
        const item = items.find((i) => i.id === key);
        if (item) {
          setText(item.name);
          p.onChange(item.id, item.name);
        }
      }}
      menuTrigger="focus"
      allowsEmptyCollection
      isInvalid={!!p.error}
      aria-label={p.hideLabel ? p.label : undefined}
    >
      {!p.hideLabel && <Label className={styles.label}>{p.label}</Label>}
      <Input className={styles.input} autoFocus={p.autoFocus} placeholder={p.placeholder} />
      {p.error && (
        <Text slot="errorMessage" className={styles.error}>
          {p.error}
        </Text>
      )}
      <Popover className={styles.popover}>
        <ListBox className={styles.listbox} renderEmptyState={() => <div className={styles.emptyOption}>{p.noMatch(query)}</div>}>
          {(item: RecordOption) => (
            <ListBoxItem id={item.id} textValue={item.name} className={styles.option}>
              {item.name}
              {item.detail && <span className={styles.optionDetail}>{item.detail}</span>}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
