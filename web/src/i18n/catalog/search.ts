// Global search and the command palette.
export const search = {
} as const;
