// The API's list filters are two levels deep (filter[field][op]=value), which openapi-fetch's
// default query serializer refuses ("deeply-nested objects"): requests with a filter pass this one.
export function deepQuery(query: Record<string, unknown>): string {
  const out = new URLSearchParams();
  const walk = (prefix: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(prefix ? `${prefix}[${k}]` : k, v);
    } else {
      out.append(prefix, Array.isArray(value) ? value.join(",") : String(value));
    }
  };
  walk("", query);
  return out.toString();
}
