// The list API's query string, filter[field][op]=value, built by hand: openapi-fetch's default
// serializer refuses objects nested two deep. Passed per request as `querySerializer`.
type Value = string | number | boolean | undefined | null;
type Query = Record<string, Value | Record<string, Value | Record<string, Value>>>;

export function listQuery(query: Query): string {
  const out = new URLSearchParams();
  const put = (key: string, v: unknown) => {
    if (v === undefined || v === null) return;
    if (typeof v === "object") {
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) put(`${key}[${k}]`, inner);
    } else out.append(key, String(v));
  };
  for (const [k, v] of Object.entries(query)) put(k, v);
  return out.toString();
}

/** For openapi-fetch's `querySerializer` option (its parameter type is the operation's query). */
export const querySerializer = listQuery as (q: unknown) => string;
