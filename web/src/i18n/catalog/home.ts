// The home dashboard.
export const home = {
} as const;
