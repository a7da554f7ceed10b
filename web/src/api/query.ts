// The API's query strings: list filters are two levels deep (filter[field][op]=value), which
// openapi-fetch's default serializer refuses, so the client (client.ts) writes every query with this
// one. Nested objects become bracketed keys; arrays are joined with commas (the "in" operator's
// syntax); undefined and null are left out.
export function queryString(query: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const put = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [k, inner] of Object.entries(value as Record<string, unknown>)) put(key ? `${key}[${k}]` : k, inner);
    } else {
      out.append(key, Array.isArray(value) ? value.join(",") : String(value));
    }
  };
  put("", query);
  return out.toString();
}
