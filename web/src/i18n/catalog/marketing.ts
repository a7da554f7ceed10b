// Marketing (issue 16): the area's navigation and what its sections share.
export const marketing = {
  "marketing.nav.label": "Marketing sections",
  "marketing.nav.segments": "Segments",
  "marketing.nav.lists": "Lists",
  "marketing.members": "Members",
  "marketing.updated": "Updated",
  "marketing.counting": "Counting…",
  "marketing.cannotCount": "Cannot count",
} as const;
