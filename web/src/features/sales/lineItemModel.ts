// Numbers a person types into a line item: "2", "1.5", "1,5" (a decimal comma), "10 %".
export function parseQuantity(text: string): number | null {
  const s = text.trim().replace(/\s|%/g, "");
  if (!s || /[.,]{2,}/.test(s)) return null;
  // One separator is the decimal one; with both, the last is (1,234.5 or 1.234,5).
  const lastSep = Math.max(s.lastIndexOf("."), s.lastIndexOf(","));
  const normalised = lastSep < 0 ? s : s.slice(0, lastSep).replace(/[.,]/g, "") + "." + s.slice(lastSep + 1);
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}
