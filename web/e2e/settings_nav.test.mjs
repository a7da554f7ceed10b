// The settings navigation: the pages in named groups (headings a screen reader lists, each group
// named for the links in it), the current page marked; the filter box narrows the list by page or
// group name, says how many match, opens the first match on Enter, moves into the list on Down and
// clears on Escape; a non-admin sees only their groups and no filter; on a phone the select keeps
// the groups as optgroups. axe in light and dark; screenshots at 1440x900 and 390x844.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, go, settled } from "./harness.mjs";

const REP = { email: "nav.rep@example.com", password: "Rep-e2e-pass-2026" };
const GROUPS = [
  ["You", ["My account", "Calendar feed"]],
  ["Workspace", ["Workspace", "Custom fields", "Automations"]],
  ["People & access", ["Users", "Teams", "Roles"]],
  ["Sales", ["Pipelines"]],
  ["Support", ["Business hours", "SLA policies", "Macros", "Support channels"]],
  ["Email & integrations", ["Email", "Email templates", "API keys", "Webhooks"]],
  ["Data", ["Imports", "Duplicates", "Recycle bin", "Background jobs"]],
  ["Security", ["MFA policy", "Audit log"]],
];

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await server.login();
  await admin.post("/api/v1/users", { ...REP, name: "Nora Rep", role: "sales_rep" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(options) {
  const page = await newPage(browser, options);
  await signIn(page, server.url);
  await go(page, "/settings/workspace");
  await settled(page, "Workspace");
  return page;
}

/** The groups as shown: [heading, [link names]] in order. */
async function shownGroups(sub) {
  return sub.locator("[role=group]").evaluateAll((groups) =>
    groups.map((g) => [g.querySelector("h3").textContent, [...g.querySelectorAll("a")].map((a) => a.textContent)]),
  );
}

test("an admin sees the settings pages in named groups, the current one marked", async () => {
  const page = await adminPage();
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  assert.deepEqual(await shownGroups(sub), GROUPS);
  // Each group is named by its heading, for a screen reader moving into it.
  const people = sub.getByRole("group", { name: "People & access" });
  assert.deepEqual(await people.getByRole("link").allTextContents(), ["Users", "Teams", "Roles"]);
  assert.equal(await sub.getByRole("heading", { level: 3 }).count(), GROUPS.length);
  assert.equal(await sub.getByRole("link", { name: "Workspace", exact: true }).getAttribute("aria-current"), "page");
  await screenshot(page, "settings-nav-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the filter narrows the list, counts the matches and opens the first on Enter", async () => {
  const page = await adminPage();
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  const filter = sub.getByRole("searchbox", { name: "Find a setting" });

  await filter.fill("keys");
  assert.deepEqual(await shownGroups(sub), [["Email & integrations", ["API keys"]]]);
  await sub.getByRole("status").filter({ hasText: "1 matching page" }).waitFor({ state: "attached" });
  await screenshot(page, "settings-nav-filter-1440");
  await filter.press("Enter");
  await settled(page, "API keys");
  assert.equal(new URL(page.url()).pathname, "/settings/api-keys");
  assert.equal(await filter.inputValue(), "", "the box empties once a page is open");
  assert.equal((await shownGroups(sub)).length, GROUPS.length);

  // A group's name keeps its pages; Down moves from the box to the first of them.
  await filter.fill("support");
  assert.deepEqual(await shownGroups(sub), [["Support", ["Business hours", "SLA policies", "Macros", "Support channels"]]]);
  await sub.getByRole("status").filter({ hasText: "4 matching pages" }).waitFor({ state: "attached" });
  await filter.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Business hours");
  await page.keyboard.press("Enter");
  await settled(page, "Business hours");

  // Nothing matches: said so; Escape empties the box and brings every page back.
  await filter.fill("zebra");
  await sub.getByText("No setting matches “zebra”.").waitFor();
  assert.deepEqual(await shownGroups(sub), []);
  await filter.press("Escape");
  assert.equal(await filter.inputValue(), "");
  assert.equal((await shownGroups(sub)).length, GROUPS.length);
  assert.equal(new URL(page.url()).pathname, "/settings/business-hours", "Escape in the box does not leave the page");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a sales rep sees only their own pages' groups and no filter", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, REP.email, REP.password);
  await go(page, "/settings/account");
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  await sub.getByRole("link", { name: "My account" }).waitFor();
  assert.deepEqual(await shownGroups(sub), [
    ["You", ["My account", "Calendar feed"]],
    ["Data", ["Imports", "Duplicates"]],
  ]);
  assert.equal(await sub.getByRole("searchbox").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("on a phone the pages are a select grouped the same way", async () => {
  const page = await adminPage({ width: 390, height: 844 });
  const select = page.getByRole("combobox", { name: "Settings pages" });
  assert.equal(await select.inputValue(), "workspace");
  const groups = await select.evaluate((s) => [...s.querySelectorAll("optgroup")].map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.textContent)]));
  assert.deepEqual(groups, GROUPS);
  await screenshot(page, "settings-nav-390");
  await select.selectOption({ label: "Audit log" });
  await settled(page, "Audit log");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("no serious axe violation on the grouped navigation, light and dark, filtered or not", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await adminPage({ colorScheme });
    assert.deepEqual(await axeViolations(page), [], colorScheme);
    await page.getByRole("searchbox", { name: "Find a setting" }).fill("email");
    assert.deepEqual(await axeViolations(page), [], `${colorScheme}, filtered`);
    if (colorScheme === "dark") await screenshot(page, "settings-nav-1440-dark");
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
