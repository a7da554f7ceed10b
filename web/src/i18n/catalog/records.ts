// Lists, record pages, the create dialog, timeline and privacy actions.
export const records = {
} as const;
