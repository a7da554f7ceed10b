// Tags typed into a list (a policy's tag condition, a macro's tags to add or remove), as the
// server's Tags type keeps them: trimmed, a trailing comma dropped, once regardless of case.

/** The list with the typed tag added (at most `max` characters), unless it is empty or there already. */
export function withTag(tags: readonly string[], typed: string, max = 64): string[] {
  const tag = typed.trim().replace(/,+$/, "").trim().slice(0, max);
  if (!tag || tags.some((x) => x.toLowerCase() === tag.toLowerCase())) return [...tags];
  return [...tags, tag];
}
