// A combobox over the product catalogue (active products whose name contains what is typed), on
// react-aria-components: arrow keys, Enter and Esc work as in any combobox.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover } from "react-aria-components";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Product } from "../../api/types";
import type { paths } from "../../api/schema";
import { Icon } from "../../components/Icon";
import { formatMoney, t } from "../../i18n";
import styles from "./DealPanels.module.css";
import { fieldStyles } from "../../components/Field";
import pickers from "../../components/fields/fields.module.css";

type ProductFilter = NonNullable<NonNullable<paths["/api/v1/products"]["get"]["parameters"]["query"]>["filter"]>;

/**
 * Active products whose name contains `text`. The generated filter type joins a boolean `active`
 * with a string index signature for custom fields, which no object satisfies: the query string
 * is text anyway, hence the cast.
 */
function activeNamed(text: string): ProductFilter {
  const filter: Record<string, string | Record<string, string>> = { active: "true" };
  if (text.trim()) filter.name = { contains: text.trim() };
  return filter as unknown as ProductFilter;
}

export function ProductPicker({
  onPick,
  error,
  className,
}: {
  onPick: (p: Product | null) => void;
  error?: string | undefined;
  className?: string | undefined;
}) {
  const [text, setText] = useState("");
  const products = useQuery({
    queryKey: [...keys.records("products"), "picker", text] as const,
    placeholderData: (previous) => previous,
    staleTime: 30_000,
    queryFn: async () =>
      must(
        await api.GET("/api/v1/products", {
          params: { query: { limit: 20, sort: "name", filter: activeNamed(text) } },
        }),
      ).data,
  });
  const items = products.data ?? [];
  return (
    <ComboBox
      className={`${fieldStyles.field} ${className ?? ""}`}
      items={items}
      inputValue={text}
      onInputChange={setText}
      menuTrigger="focus"
      isInvalid={!!error}
      onSelectionChange={(key) => {
        const p = items.find((x) => x.id === key) ?? null;
        if (p) setText(p.name ?? "");
        onPick(p);
      }}
    >
      <Label className={fieldStyles.label}>{t("lineItems.product")}</Label>
      <div className={pickers.comboInput}>
        <Input className={fieldStyles.input} placeholder={t("lineItems.product.placeholder")} />
        <Button className={pickers.comboButton} aria-label={t("lineItems.product")}>
          <Icon name="chevronRight" size={14} />
        </Button>
      </div>
      {error && <span className={fieldStyles.error}>{error}</span>}
      <Popover className={styles.popover}>
        <ListBox className={styles.listbox} renderEmptyState={() => <span className={styles.option}>{t("lineItems.product.none")}</span>}>
          {(p: Product) => (
            <ListBoxItem id={p.id} textValue={p.name ?? ""} className={styles.option}>
              <span>{p.name}</span>
              <span className={`${styles.muted} num`}>{formatMoney(p.unit_price, p.currency)}</span>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
