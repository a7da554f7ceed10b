// Settings (admins) and the account page (everyone).
export const settings = {
} as const;
