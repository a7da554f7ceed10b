// Amounts in filters, rule conditions and webhook filters. The API compares amounts in minor units
// of a currency (cents, yen, fils: platform/money.hpp), and a built-in amount (a deal's amount, a
// product's unit price, a company's revenue) is in the record's own `currency`, so "Amount is at
// least 1,000" means something only beside "Currency is JPY" (1000 minor units are ¥1,000 but
// €10.00). A money filter is therefore typed in the main unit of one currency: a custom money
// field's own, else the one an "is" filter on the record's currency names; the filter dialog asks
// for one when there is none and adds that currency filter with the amount.
import { currencyDigits, decimalAmount, formatMoney, formatNumber, minorOfDecimal, t } from "../../../i18n";
import type { ListField } from "./fields";
import type { Filter } from "./state";

/** The record field that holds a built-in amount's currency. */
export const CURRENCY_FIELD = "currency";

/** The currency an "is" filter on the record's currency names, if any. */
export function filtersCurrency(filters: readonly Filter[]): string | null {
  const f = filters.find((x) => x.field === CURRENCY_FIELD && x.op === "eq" && /^[A-Za-z]{3}$/.test(x.value.trim()));
  return f ? f.value.trim().toUpperCase() : null;
}

/** The currency a money field's filter value is in: the field's own (custom money), else the filters'. */
export function amountCurrency(field: Pick<ListField, "currency"> | undefined, filters: readonly Filter[]): string | null {
  return field?.currency ?? filtersCurrency(filters);
}

/** A filter value in minor units (a comma-separated list for "in") as typed in the currency's main unit. */
export function amountInput(minor: string, currency: string): string {
  return minor
    .split(",")
    .map((v) => {
      const n = Number(v.trim());
      return v.trim() !== "" && Number.isSafeInteger(n) ? decimalAmount(n, currency) : v.trim();
    })
    .join(",");
}

/** What was typed (main units; "in": comma-separated) as a filter value in minor units; null when an
 *  amount is not a number or has more decimals than the currency has (a yen none, a dinar three). */
export function amountValue(typed: string, currency: string): string | null {
  const parts = typed.split(",").map((s) => s.trim()).filter(Boolean);
  const minor = parts.map((p) => minorOfDecimal(p, currency));
  return parts.length && minor.every((m) => m !== null) ? minor.join(",") : null;
}

/** Why a typed amount was refused, in the currency's words. */
export const amountProblem = (currency: string) => {
  const n = currencyDigits(currency);
  return n === 0 ? t("lists.filter.amountWhole", { currency }) : t("lists.filter.amountDecimals", { currency, n });
};

/** A filter value in words: "¥1,500"; with no currency to read it in, the minor units said as such. */
export function amountWords(minor: string, currency: string | null): string {
  const n = Number(minor);
  if (minor.trim() === "" || !Number.isFinite(n)) return minor;
  return currency ? formatMoney(n, currency) : t("lists.filter.minorUnits", { n: formatNumber(n) });
}

/** The ISO 4217 codes the browser knows, for a currency picker. */
export function currencyCodes(): string[] {
  try {
    return Intl.supportedValuesOf("currency");
  } catch {
    return ["EUR", "GBP", "JPY", "KWD", "USD"];
  }
}
