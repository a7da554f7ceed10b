// The list pages: seeded contacts (300 + two odd ones) and a few companies and deals through the
// API; sort by a column, filter through the filter builder, save the filter as a view and find it
// again after a reload, scroll to the second keyset page with few rows in the DOM, a change by
// someone else highlighted live, bulk delete two rows and undo, download the CSV (header, a value, the formula guard), a hostile name shown
// as text, axe in light and dark, screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations } from "./harness.mjs";

const XSS = "<img src=x onerror=alert(1)>";
let server;
let browser;
let api;

async function inParallel(items, limit, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await job(items[next++]);
    }),
  );
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  const companies = [];
  for (const name of ["Acme Lisbon", "Borealis Oslo", "Corvo Porto"]) companies.push(await api.post("/api/v1/companies", { name }));
  const cities = ["Lisbon", "Oslo", "Porto"];
  const seeds = Array.from({ length: 300 }, (_, i) => ({
    first_name: `Person${String(i).padStart(3, "0")}`,
    last_name: "Seed",
    email: `p${i}@seed.example`,
    city: cities[i % 3],
    company_id: companies[i % 3].id,
    job_title: "Buyer",
  }));
  await inParallel(seeds, 6, (c) => api.post("/api/v1/contacts", c));
  await api.post("/api/v1/contacts", { first_name: "=SUM(1,2)", last_name: "Formula", city: "Oslo" });
  // The newest contact: first in the default order (-created_at).
  await api.post("/api/v1/contacts", { first_name: XSS, last_name: "", city: "Oslo" });
  const pipeline = await api.post("/api/v1/pipelines", {
    name: "Sales",
    stages: [
      { name: "Qualify", probability: 20, type: "open" },
      { name: "Proposal", probability: 60, type: "open" },
      { name: "Won", probability: 100, type: "won" },
    ],
  });
  for (const [i, name] of ["Fleet renewal", "Harbour cranes", "Solar roofs"].entries())
    await api.post("/api/v1/deals", {
      name,
      pipeline_id: pipeline.id,
      stage_id: pipeline.stages[i].id,
      amount: 125000 * (i + 1),
      currency: "EUR",
      company_id: companies[i].id,
      expected_close_date: "2027-01-15",
    });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const grid = (page) => page.getByRole("grid", { name: "Contacts list" });
const countText = (page) => page.locator("h1 [role=status]");

test("contacts: sort, filter, save a view, scroll, bulk delete and undo, CSV, XSS as text", async () => {
  const page = await newPage(browser);
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, server.url);
  // In-app navigation: writes need the CSRF token the sign-in gave this page.
  await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Contacts" }).click();
  await grid(page).waitFor();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent?.includes("302"));
  assert.equal(await countText(page).textContent(), "302 contacts");

  // The hostile name is the newest record: shown as text, no image, no alert.
  await page.getByRole("gridcell", { name: XSS, exact: true }).first().waitFor();
  assert.equal(await page.locator("[role=grid] img").count(), 0);

  // Sort by name: ascending, then descending; the header says so, the URL keeps it, rows follow.
  await page.getByRole("button", { name: "Name" }).click();
  await page.waitForURL(/sort=first_name/);
  await page.locator('[role=columnheader][aria-sort="ascending"]', { hasText: "Name" }).waitFor();
  await page.getByRole("button", { name: "Name" }).click();
  await page.waitForURL(/sort=-first_name/);
  await page.locator('[role=columnheader][aria-sort="descending"]', { hasText: "Name" }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-row="0"] a')?.textContent === "Person299 Seed");

  // Bulk: select two rows (click, shift-click), delete, then undo.
  await page.locator('[data-row="1"] [role=checkbox]').click();
  await page.locator('[data-row="2"] [role=checkbox]').click({ modifiers: ["Shift"] });
  await page.getByText("2 selected").waitFor();
  assert.equal(await page.locator('[data-row="2"] [role=checkbox]').getAttribute("aria-checked"), "true");
  await page.getByRole("region", { name: "2 selected" }).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog", { name: "Delete 2 contacts?" }).getByRole("button", { name: "Delete" }).click();
  await page.getByText("2 contacts deleted").waitFor();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent === "300 contacts");
  await page.getByRole("button", { name: "Undo" }).click();
  await page.getByText("2 contacts restored").waitFor();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent === "302 contacts");

  // Inline edit (e on a focused row edits its first text column, Email): the server's 422 shows
  // on the cell and keeps the input; a good value is saved.
  await page.locator('[data-row="5"]').focus();
  await page.keyboard.press("e");
  const editor = page.getByRole("textbox", { name: /^Edit Email of / });
  await editor.fill("not an email");
  await editor.press("Enter");
  await page.getByRole("alert").filter({ hasText: /mail/i }).waitFor();
  assert.equal(await editor.getAttribute("aria-invalid"), "true");
  await editor.fill("fixed@seed.example");
  await editor.press("Enter");
  await page.locator('[data-row="5"]').getByText("fixed@seed.example").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-row")), "5");

  // Rows are re-used as the list scrolls (GridBody's pool): the element that showed row 10 shows
  // another record further down, none is created; the focused row keeps its record and the focus
  // while scrolled out of view, and the arrow keys go on from it.
  await page.locator('[data-row="2"]').focus();
  const focusedHref = await page.locator('[data-row="2"] a').first().getAttribute("href");
  const reused = await page.locator('[data-row="10"]').elementHandle();
  await grid(page).evaluate((el) => el.scrollTo(0, 40 * 120));
  await page.locator('[role=row][aria-rowindex="130"]').waitFor();
  assert.equal(await reused.evaluate((el) => el.isConnected), true, "the row element stays in the page");
  assert.notEqual(await reused.getAttribute("data-row"), "10", "and shows a record scrolled in");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-row")), "2");
  assert.equal(await page.evaluate(() => document.activeElement?.querySelector("a")?.getAttribute("href")), focusedHref);
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.activeElement?.getAttribute("data-row") === "3");
  await page.locator('[role=row][aria-rowindex="5"]').waitFor();

  // Filter through the builder: City is Lisbon.
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  const dlg = page.getByRole("dialog", { name: "Add a filter" });
  await dlg.getByLabel("Field").selectOption({ label: "City" });
  await dlg.getByLabel("Condition").selectOption({ label: "is" });
  await dlg.getByLabel("Value").fill("Lisbon");
  await dlg.getByRole("button", { name: "Apply filter" }).click();
  await page.getByRole("button", { name: "Change filter: City is Lisbon" }).waitFor();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent === "100 contacts");
  assert.match(page.url(), /filter%5Bcity%5D%5Beq%5D=Lisbon|filter\[city\]\[eq\]=Lisbon/);

  // Save it as a view; after a reload the tab, the chip and the filtered rows are back.
  await page.getByRole("button", { name: "Save view" }).click();
  const save = page.getByRole("dialog", { name: "Save this view" });
  await save.getByLabel("Name").fill("Lisbon people");
  await save.getByRole("button", { name: "Save" }).click();
  const tab = page.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: /Lisbon people/ });
  await page.locator('nav[aria-label="Saved views"] a[aria-current="page"]', { hasText: "Lisbon people" }).waitFor();
  await page.reload();
  await grid(page).waitFor();
  await page.locator('nav[aria-label="Saved views"] a[aria-current="page"]', { hasText: "Lisbon people" }).waitFor();
  await page.getByRole("button", { name: "Change filter: City is Lisbon" }).waitFor();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent === "100 contacts");
  const views = await api.get("/api/v1/views?object_type=contacts");
  assert.deepEqual(views.data.map((v) => [v.name, v.filters]), [["Lisbon people", [{ field: "city", op: "eq", value: "Lisbon" }]]]);

  // Back to All and scroll to the end: the second page (rows 201+) loads, the DOM stays small.
  await page.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: "All" }).click();
  await page.waitForFunction(() => document.querySelector("h1 [role=status]")?.textContent === "302 contacts");
  // The last row (302 rows after the header row) appears only once the second page is in.
  for (let i = 0; i < 40 && (await page.locator('[role=row][aria-rowindex="303"]').count()) === 0; i++) {
    await grid(page).evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForTimeout(250);
  }
  await page.locator('[role=row][aria-rowindex="303"]').waitFor();
  const domRows = await page.locator("[role=grid] [role=row]").count();
  assert.ok(domRows < 120, `rows in the DOM: ${domRows}`);

  // Live: a change made through the API shows quietly on the open list, the selection untouched.
  await grid(page).evaluate((el) => el.scrollTo(0, 0));
  await page.locator('[data-row="3"] [role=checkbox]').click();
  const href = await page.locator('[data-row="0"] a').first().getAttribute("href");
  const id = href.split("/").pop();
  const before = await api.get(`/api/v1/contacts/${id}`);
  await api.call("PATCH", `/api/v1/contacts/${id}`, { job_title: "Live editor" }, { headers: { "if-match": `"${before.version}"` } });
  await page.locator('[data-row="0"].live-changed').waitFor({ timeout: 10000 });
  await page.locator('[data-row="0"]').getByText("Live editor").waitFor();
  await page.getByText("1 selected").waitFor();
  await page.getByRole("button", { name: "Clear selection" }).click();

  // CSV of the visible columns (Export menu): header, values, quoting and the formula guard.
  await page.getByRole("button", { name: "Export" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "CSV of the visible columns" }).click()]);
  const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "Name,Email,Phone,Company,Job title,Owner");
  assert.equal(lines.length, 302 + 2);
  assert.ok(lines.includes("Person007 Seed,p7@seed.example,,Borealis Oslo,Buyer,Administrator"), "a seeded row with its company and owner names");
  assert.ok(csv.includes(`"'=SUM(1,2) Formula"`), "the formula is defused and quoted");
  assert.ok(csv.includes(XSS), "the hostile name is data in the CSV");

  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "contacts-1440");
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("dark mode, the phone and the deals list", async () => {
  const dark = await newPage(browser, { colorScheme: "dark" });
  await signIn(dark, server.url);
  await dark.goto(`${server.url}/contacts`);
  await grid(dark).waitFor();
  await dark.locator('[data-row="0"]').waitFor();
  assert.deepEqual(await axeViolations(dark), []);
  await screenshot(dark, "contacts-1440-dark");
  // Each header stands over its column (the first columns are not pinned while the grid fits).
  const head = await dark.getByRole("columnheader", { name: /^Name/ }).boundingBox();
  const nameCell = await dark.locator('[data-row="0"] [role=gridcell]').nth(1).boundingBox();
  assert.equal(Math.round(head.x), Math.round(nameCell.x), "the Name header over the names");

  await dark.goto(`${server.url}/deals`);
  const deals = dark.getByRole("grid", { name: "Deals list" });
  await deals.waitFor();
  await deals.getByText("Harbour cranes").waitFor();
  await deals.getByText("Proposal").waitFor();
  await deals.getByText("Borealis Oslo").waitFor();
  await deals.getByText("€2,500.00").waitFor();
  assert.deepEqual(await axeViolations(dark), []);
  assert.deepEqual(dark.problems, []);
  await dark.context().close();

  const light = await newPage(browser);
  await signIn(light, server.url);
  await light.goto(`${server.url}/deals`);
  await light.getByRole("grid", { name: "Deals list" }).getByText("Solar roofs").waitFor();
  assert.deepEqual(await axeViolations(light), []);
  await screenshot(light, "deals-list-1440");
  // Keyboard: focus the first row, arrow down, Enter opens that record.
  await light.locator('[data-row="0"]').focus();
  await light.keyboard.press("ArrowDown");
  assert.equal(await light.evaluate(() => document.activeElement?.getAttribute("data-row")), "1");
  await light.keyboard.press("Enter");
  await light.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
  assert.deepEqual(light.problems, []);
  await light.context().close();

  const phone = await newPage(browser, { width: 375, height: 812 });
  await signIn(phone, server.url);
  await phone.goto(`${server.url}/contacts`);
  await phone.getByRole("grid", { name: "Contacts list" }).waitFor();
  await phone.locator('[data-row="0"]').waitFor();
  // The name column stays in view when the table scrolls sideways.
  await phone.getByRole("grid", { name: "Contacts list" }).evaluate((el) => el.scrollTo(300, 0));
  const box = await phone.locator('[data-row="0"] [role=gridcell]').nth(1).boundingBox();
  assert.ok(box && box.x >= 0 && box.x < 100, `sticky name column at x=${box?.x}`);
  await phone.getByRole("grid", { name: "Contacts list" }).evaluate((el) => el.scrollTo(0, 0));
  await screenshot(phone, "contacts-375");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
