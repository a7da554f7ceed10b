// The reports page.
export const reports = {
} as const;
