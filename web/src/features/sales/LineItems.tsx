// A deal's line items: a table of products with quantity, unit price, discount and total; a row
// edits in place, a new one is added from the catalogue. The server computes totals and the deal's
// amount (their sum); its 422 errors show on the row's fields. Money is in the deal's currency.
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import type { Deal, Product, Schemas } from "../../api/types";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { TextField } from "../../components/Field";
import { useToast } from "../../components/Toast";
import { currencyDigits, formatMoney, formatNumber, parseMoney, t } from "../../i18n";
import { ProductPicker } from "./ProductPicker";
import { parseQuantity } from "./lineItemModel";
import styles from "./DealPanels.module.css";

type LineItem = Schemas["LineItem"];
type LineItemInput = Schemas["LineItemInput"];

interface Draft {
  product_id: string | null;
  name: string;
  quantity: string;
  unitPrice: string;
  discount: string;
}

const emptyDraft: Draft = { product_id: null, name: "", quantity: "1", unitPrice: "", discount: "0" };

function moneyText(minor: number, currency: string): string {
  return (minor / 10 ** currencyDigits(currency)).toFixed(currencyDigits(currency));
}

/** The draft as the API's input, or the fields the browser can already tell are wrong. */
function toInput(d: Draft, currency: string): { input: LineItemInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const quantity = parseQuantity(d.quantity);
  const discount = parseQuantity(d.discount || "0");
  const unit = d.unitPrice.trim() === "" ? null : parseMoney(d.unitPrice, currency);
  if (quantity === null) errors.quantity = t("lineItems.badNumber");
  if (discount === null) errors.discount_percent = t("lineItems.badNumber");
  if (d.unitPrice.trim() !== "" && unit === null) errors.unit_price = t("lineItems.badNumber");
  if (!d.product_id && !d.name.trim()) errors.name = t("common.required");
  if (!d.product_id && unit === null && !errors.unit_price) errors.unit_price = t("common.required");
  if (Object.keys(errors).length) return { errors };
  const input: LineItemInput = { quantity: quantity!, discount_percent: discount! };
  if (d.product_id) input.product_id = d.product_id;
  if (d.name.trim()) input.name = d.name.trim();
  if (unit !== null) input.unit_price = unit;
  return { input };
}

export function LineItems({ deal }: { deal: Deal }) {
  const queries = useQueryClient();
  const toast = useToast();
  const key = keys.related("deals", deal.id, "line-items");
  const items = useQuery({
    queryKey: key,
    queryFn: async () => must(await api.GET("/api/v1/deals/{id}/line-items", { params: { path: { id: deal.id } } })).data,
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [pickedCurrency, setPickedCurrency] = useState<string | null>(null);
  const [addErrors, setAddErrors] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<string | null>(null);
  // Bumped after a line is added, so the product picker starts empty again.
  const [round, setRound] = useState(0);
  const currency = deal.currency ?? pickedCurrency ?? "EUR";
  // Rows change the deal's amount (and so the board and lists): everything about deals refetches.
  const refresh = () => void queries.invalidateQueries({ queryKey: keys.records("deals") });

  const add = useMutation({
    mutationFn: async (input: LineItemInput) => must(await api.POST("/api/v1/deals/{id}/line-items", { params: { path: { id: deal.id } }, body: input })),
    onSuccess: () => {
      setDraft(emptyDraft);
      setAddErrors({});
      setRound((n) => n + 1);
      refresh();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 422) setAddErrors(e.fieldErrors());
      else toast({ tone: "error", text: t("lineItems.error", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
    },
  });
  const remove = useMutation({
    mutationFn: async (item: LineItem) =>
      must(await api.DELETE("/api/v1/deals/{id}/line-items/{item_id}", { params: { path: { id: deal.id, item_id: item.id } } })),
    onSuccess: (_r, item) => {
      toast({ text: t("lineItems.deleted", { name: item.name }) });
      refresh();
    },
    onError: (e) => toast({ tone: "error", text: t("lineItems.error", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) }),
  });

  const submitAdd = (e: FormEvent) => {
    e.preventDefault();
    const r = toInput(draft, currency);
    if ("errors" in r) setAddErrors(r.errors);
    else add.mutate(r.input);
  };
  const pick = (p: Product | null) => {
    setPickedCurrency(p?.currency ?? null);
    setDraft((d) => ({
      ...d,
      product_id: p?.id ?? null,
      name: p?.name ?? d.name,
      unitPrice: p && p.unit_price !== undefined ? moneyText(p.unit_price, deal.currency ?? p.currency ?? currency) : d.unitPrice,
    }));
  };

  const list = items.data ?? [];
  const sum = list.reduce((s, i) => s + i.total, 0);
  const titleId = `lines-${deal.id}`;
  return (
    <section className={`${styles.panel} ${styles.lineItemsPanel}`} aria-labelledby={titleId}>
      <h2 id={titleId} className={styles.panelTitle}>
        {t("lineItems.title")}
      </h2>
      {items.isPending ? (
        <Skeleton lines={3} />
      ) : items.isError ? (
        <ErrorNotice error={items.error} retry={() => void items.refetch()} />
      ) : (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t("lineItems.name")}</th>
                <th scope="col" className="num">
                  {t("lineItems.quantity")}
                </th>
                <th scope="col" className="num">
                  {t("lineItems.unitPriceShort")}
                </th>
                <th scope="col" className="num">
                  {t("lineItems.discount")}
                </th>
                <th scope="col" className="num">
                  {t("lineItems.total")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("lineItems.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.length === 0 && (
                <tr>
                  <td colSpan={6} className={styles.muted}>
                    {t("lineItems.empty")}
                  </td>
                </tr>
              )}
              {list.map((item) =>
                editing === item.id ? (
                  <EditRow key={item.id} dealId={deal.id} item={item} currency={currency} onDone={() => setEditing(null)} onSaved={refresh} />
                ) : (
                  <tr key={item.id}>
                    <td>{item.name}</td>
                    <td className="num">{formatNumber(item.quantity)}</td>
                    <td className="num">{formatMoney(item.unit_price, currency)}</td>
                    <td className="num">{item.discount_percent ? `${formatNumber(item.discount_percent)} %` : "—"}</td>
                    <td className="num">{formatMoney(item.total, currency)}</td>
                    <td className={styles.rowActions}>
                      <Button size="small" variant="ghost" aria-label={t("lineItems.edit", { name: item.name })} onClick={() => setEditing(item.id)}>
                        {t("common.edit")}
                      </Button>
                      <Button
                        size="small"
                        variant="ghost"
                        aria-label={t("lineItems.delete", { name: item.name })}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(item)}
                      >
                        <Icon name="trash" size={14} />
                      </Button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
            {list.length > 0 && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    {t("lineItems.dealTotal")}
                  </th>
                  <td className="num">{formatMoney(sum, currency)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      <form className={styles.addForm} onSubmit={submitAdd} noValidate aria-label={t("lineItems.add")}>
        <ProductPicker key={round} className={styles.addWide} onPick={pick} error={addErrors.product_id} />
        <TextField className={styles.addWide} label={t("lineItems.name")} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} error={addErrors.name} />
        <TextField
          label={t("lineItems.quantity")}
          inputMode="decimal"
          value={draft.quantity}
          onChange={(e) => setDraft({ ...draft, quantity: e.target.value })}
          error={addErrors.quantity}
        />
        <TextField
          label={t("lineItems.unitPrice", { currency })}
          inputMode="decimal"
          value={draft.unitPrice}
          onChange={(e) => setDraft({ ...draft, unitPrice: e.target.value })}
          error={addErrors.unit_price ?? addErrors.total ?? addErrors.amount}
        />
        <TextField
          label={t("lineItems.discount")}
          inputMode="decimal"
          value={draft.discount}
          onChange={(e) => setDraft({ ...draft, discount: e.target.value })}
          error={addErrors.discount_percent}
        />
        <Button type="submit" variant="primary" disabled={add.isPending} className={styles.addButton}>
          <Icon name="plus" size={16} />
          {add.isPending ? t("lineItems.adding") : t("lineItems.add")}
        </Button>
      </form>
    </section>
  );
}

function EditRow({ dealId, item, currency, onDone, onSaved }: { dealId: string; item: LineItem; currency: string; onDone: () => void; onSaved: () => void }) {
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>({
    product_id: item.product_id ?? null,
    name: item.name,
    quantity: String(item.quantity),
    unitPrice: moneyText(item.unit_price, currency),
    discount: String(item.discount_percent),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: async (input: LineItemInput) =>
      must(await api.PATCH("/api/v1/deals/{id}/line-items/{item_id}", { params: { path: { id: dealId, item_id: item.id } }, body: input })),
    onSuccess: () => {
      onSaved();
      onDone();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 422) setErrors(e.fieldErrors());
      else toast({ tone: "error", text: t("lineItems.error", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
    },
  });
  const submit = () => {
    const r = toInput({ ...draft, product_id: null, name: draft.name || item.name }, currency);
    if ("errors" in r) setErrors(r.errors);
    else save.mutate(r.input);
  };
  const field = (name: keyof Draft, label: string, error: string | undefined) => (
    <TextField
      label={label}
      className={styles.cellField}
      value={draft[name] ?? ""}
      onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      onKeyDown={(e) => {
        if (e.key === "Enter") submit();
        if (e.key === "Escape") onDone();
      }}
      error={error}
    />
  );
  return (
    <tr className={styles.editing}>
      <td>{field("name", t("lineItems.name"), errors.name)}</td>
      <td>{field("quantity", t("lineItems.quantity"), errors.quantity)}</td>
      <td>{field("unitPrice", t("lineItems.unitPrice", { currency }), errors.unit_price ?? errors.total ?? errors.amount)}</td>
      <td>{field("discount", t("lineItems.discount"), errors.discount_percent)}</td>
      <td className="num">{formatMoney(item.total, currency)}</td>
      <td className={styles.rowActions}>
        <Button size="small" variant="primary" onClick={submit} disabled={save.isPending}>
          {t("lineItems.save")}
        </Button>
        <Button size="small" variant="ghost" onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </td>
    </tr>
  );
}
