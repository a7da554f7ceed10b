// Marketing (issue 16): the area's navigation and what its sections share.
export const marketing = {
  "marketing.title": "Marketing",
  "marketing.nav.label": "Marketing sections",
  "marketing.nav.segments": "Segments",
  "marketing.nav.lists": "Lists",
  "marketing.go.segments": "Go to Segments",
  "marketing.go.lists": "Go to marketing Lists",
  "marketing.members": "Members",
  "marketing.updated": "Updated",
  "marketing.counting": "Counting…",
  "marketing.cannotCount": "Cannot count",
} as const;
