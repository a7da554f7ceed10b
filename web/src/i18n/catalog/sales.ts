// Leads (qualify, convert), the deal board, line items and stage history.
export const sales = {
} as const;
