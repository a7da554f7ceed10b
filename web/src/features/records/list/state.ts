// The state of a list page — filters, sort, columns and the open saved view — lives in the URL, so a
// reload or a shared link shows the same list. Filters use the list API's own spelling
// (filter[field][op]=value), which is also what a saved view stores and what the request sends.
import { OPERATORS, type Op } from "./fields";

export interface Filter {
  field: string;
  op: Op;
  value: string;
}

export interface ListState {
  filters: Filter[];
  /** "[-]field", or null for the list's default order. */
  sort: string | null;
  /** The columns in order, or null for the object's default ones. */
  columns: string[] | null;
  /** The id of the saved view the state came from, if any. */
  view: string | null;
}

const FILTER_KEY = /^filter\[([^\]]+)\]\[([a-z_]+)\]$/;
const PLAIN_FILTER_KEY = /^filter\[([^\]]+)\]$/;

function isOp(s: string): s is Op {
  return (OPERATORS as readonly string[]).includes(s);
}

export function parseListState(params: URLSearchParams): ListState {
  const filters: Filter[] = [];
  params.forEach((value, key) => {
    const m = FILTER_KEY.exec(key);
    if (m && isOp(m[2]!)) filters.push({ field: m[1]!, op: m[2], value });
    const plain = PLAIN_FILTER_KEY.exec(key);
    if (plain) filters.push({ field: plain[1]!, op: "eq", value });
  });
  const cols = params.get("columns");
  return {
    filters,
    sort: params.get("sort") || null,
    columns: cols ? cols.split(",").filter(Boolean) : null,
    view: params.get("view") || null,
  };
}

/** The filters as the list API's query pairs (also the page URL's). */
export function filterParams(filters: Filter[]): [string, string][] {
  return filters.map((f) => [`filter[${f.field}][${f.op}]`, f.value]);
}

export function serializeListState(s: ListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.view) p.set("view", s.view);
  for (const [k, v] of filterParams(s.filters)) p.append(k, v);
  if (s.sort) p.set("sort", s.sort);
  if (s.columns) p.set("columns", s.columns.join(","));
  return p;
}

/** Adds or replaces the filter on the same field and operator (the API takes one of each). */
export function withFilter(filters: Filter[], f: Filter): Filter[] {
  const i = filters.findIndex((x) => x.field === f.field && x.op === f.op);
  if (i < 0) return [...filters, f];
  return filters.map((x, j) => (j === i ? f : x));
}

export type SortDirection = "asc" | "desc" | null;

export function sortDirection(sort: string | null, field: string): SortDirection {
  if (!sort) return null;
  if (sort === field) return "asc";
  if (sort === `-${field}`) return "desc";
  return null;
}

/** A click on a sortable header: ascending, then descending, then the default order. */
export function nextSort(sort: string | null, field: string): string | null {
  const d = sortDirection(sort, field);
  if (d === null) return field;
  if (d === "asc") return `-${field}`;
  return null;
}

/** Moves the column at `from` one place up (-1) or down (+1). */
export function moveColumn(columns: string[], from: number, delta: -1 | 1): string[] {
  const to = from + delta;
  if (from < 0 || from >= columns.length || to < 0 || to >= columns.length) return columns;
  const next = [...columns];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

export function sameFilters(a: Filter[], b: Filter[]): boolean {
  const key = (fs: Filter[]) => fs.map((f) => `${f.field}\u0000${f.op}\u0000${f.value}`).sort().join("\u0001");
  return key(a) === key(b);
}
