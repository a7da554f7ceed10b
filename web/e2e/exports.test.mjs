// Export from the browser against a real server: the Export menu of a filtered, sorted contact list
// downloads the server's CSV, Excel, NDJSON and vCard of exactly that view (opened and chosen by
// keyboard too); the tasks list gives an iCalendar file; a contact page gives its vCard and a
// meeting's page its .ics. Every file comes through the browser's own download (streamed to disk):
// page script fetches no file, only the export's check (check=true, no body). A sales rep (no export grant) has no Export menu; a role whose grant is
// taken away while the page is open gets the server's 403 said on the page. axe in light and dark,
// with the menu open, screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

const REP = { email: "rita.rep@example.com", password: "Rep-e2e-pass-2026" };
const EXPORTER = { email: "eve.export@example.com", password: "Exp-e2e-pass-2026" };
const VIEW = "/contacts?filter%5Blast_name%5D%5Beq%5D=Exportson&sort=-first_name";

let server;
let browser;
let admin;
let ada;
let meeting;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  await admin.post("/api/v1/users", { ...REP, name: "Rita Rep", role: "sales_rep" });
  await admin.post("/api/v1/roles", { name: "exporter", label: "Exporter", permissions: { contacts: { read: "all", export: "all" } } });
  await admin.post("/api/v1/users", { ...EXPORTER, name: "Eve Export", role: "exporter" });
  ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Exportson", email: "ada@example.com", job_title: "=HYPERLINK(1)" });
  await admin.post("/api/v1/contacts", { first_name: "Zoe", last_name: "Exportson", email: "zoe@example.com" });
  await admin.post("/api/v1/contacts", { first_name: "Mia", last_name: "Elsewhere", email: "mia@example.com" });
  meeting = await admin.post("/api/v1/activities", {
    type: "meeting",
    subject: "Kickoff with Ada",
    starts_at: "2026-12-10T10:00:00Z",
    ends_at: "2026-12-10T11:00:00Z",
    contact_ids: [ada.id],
  });
  await admin.post("/api/v1/activities", { type: "task", subject: "Send the proposal", due_at: "2026-12-11T09:00:00Z", contact_ids: [ada.id] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function download(page, item) {
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: item }).click()]);
  assert.match(file.url(), /\/api\/v1\/\w+\/export\?format=/, "the browser downloads the export's URL");
  assert.ok(!file.url().includes("check="), file.url());
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** The page's requests for files (exports, vCards, .ics), as [resource type, URL], from now on. */
function fileRequests(page) {
  const seen = [];
  page.on("request", (r) => {
    if (/\/api\/v1\/.*\/(export|vcard|ics)(\?|$)/.test(r.url())) seen.push([r.resourceType(), r.url()]);
  });
  return seen;
}

/**
 * No file read into the tab's memory by page script: its only requests for files are the exports'
 * checks (check=true, no body); the files themselves are the browser's downloads, which page
 * request events do not list (so a fetch of a file would show here).
 */
function assertStreamedToDisk(seen, checks) {
  assert.deepEqual(seen.filter(([type, url]) => !(type === "fetch" && url.includes("check=true"))), [], "page script fetched no file");
  assert.equal(seen.length, checks, "one check an export");
}

test("the Export menu downloads the view's rows as CSV, Excel, NDJSON and vCard, by mouse and keyboard", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, VIEW);
  await settled(page, /Contacts/);
  await page.getByRole("gridcell", { name: "Zoe Exportson" }).first().waitFor();
  const seen = fileRequests(page);

  const csv = await download(page, /^CSV Every field/);
  assert.match(csv.name, /^contacts-.*\.csv$/);
  const text = csv.bytes.toString("utf8");
  assert.ok(text.startsWith("\uFEFF"), "a byte-order mark for spreadsheets");
  const lines = text.slice(1).trim().split("\r\n");
  assert.equal(lines.length, 3, "the header and the two contacts of the filter, not Mia");
  assert.match(lines[0], /^id,first_name,last_name,email/);
  assert.match(lines[1], /,Zoe,Exportson,/, "sorted as the view: first name descending");
  assert.match(lines[2], /,Ada,Exportson,/);
  assert.ok(lines[2].includes("'=HYPERLINK(1)"), "the server's formula guard");
  await page.getByText(/Downloading contacts-.*\.csv/).waitFor();

  const xlsx = await download(page, /^Excel/);
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString("latin1"), "PK", "an Excel workbook (a zip)");

  const ndjson = await download(page, /^NDJSON/);
  const records = ndjson.bytes.toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(records.map((r) => r.first_name), ["Zoe", "Ada"]);

  // By keyboard: focus the button, Enter opens the menu, arrows move, Enter chooses.
  await page.getByText(/Downloading contacts-.*\.ndjson/).waitFor();
  const button = page.getByRole("button", { name: "Export", exact: true });
  await button.focus();
  await until(async () => (await page.evaluate(() => document.activeElement?.getAttribute("aria-haspopup"))) === "true", "the focus on the Export button");
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu");
  await menu.getByRole("menuitem").first().waitFor();
  assert.equal(await menu.getAttribute("aria-label"), "Export these contacts");
  assert.equal(await menu.getByRole("menuitem").count(), 5, "CSV, Excel, NDJSON, vCard and the visible columns");
  await page.keyboard.press("ArrowDown"); // the first item has the focus on opening: now Excel
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const [vcf] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const cards = readFileSync(await vcf.path(), "utf8");
  assert.equal(cards.match(/BEGIN:VCARD/g)?.length, 2);
  assert.ok(cards.includes("FN:Ada Exportson"));
  assert.ok(!cards.includes("Mia"));
  await page.getByRole("button", { name: "Export", exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Export", "the focus back on the button");
  assertStreamedToDisk(seen, 4);

  // The audit log has each export with its row count.
  const audit = await admin.get("/api/v1/audit-events?action=export&object_type=contacts");
  assert.ok(audit.data.length >= 4, `exports audited (${audit.data.length})`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("tasks export as iCalendar; a contact page gives its vCard and a meeting's page its .ics", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/tasks");
  await settled(page, /Tasks/);
  await page.getByRole("gridcell", { name: "Send the proposal" }).first().waitFor();
  const seen = fileRequests(page);
  const ics = await download(page, /^iCalendar/);
  const cal = ics.bytes.toString("utf8");
  assert.match(cal, /BEGIN:VCALENDAR/);
  assert.match(cal, /BEGIN:VTODO[\s\S]*SUMMARY:Send the proposal/);
  assert.ok(!cal.includes("Kickoff"), "the tasks view only: its filter went along");

  await go(page, `/contacts/${ada.id}`);
  await page.getByRole("heading", { level: 1, name: "Ada Exportson" }).waitFor();
  const [vcard] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download vCard" }).click()]);
  assert.equal(vcard.suggestedFilename(), `contact-${ada.id}.vcf`);
  assert.match(readFileSync(await vcard.path(), "utf8"), /EMAIL[^:]*:ada@example.com/);

  await go(page, `/activities/${meeting.id}`);
  await page.getByRole("heading", { level: 1, name: "Kickoff with Ada" }).waitFor();
  const [event] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Add to calendar (.ics)" }).click()]);
  const vevent = readFileSync(await event.path(), "utf8");
  assert.match(vevent, /BEGIN:VEVENT[\s\S]*DTSTART:20261210T100000Z[\s\S]*SUMMARY:Kickoff with Ada/);
  assert.equal(event.suggestedFilename(), `activity-${meeting.id}.ics`);
  assertStreamedToDisk(seen, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("no Export menu without an export grant; a grant taken away meanwhile is the server's 403 on the page", async () => {
  const rep = await newPage(browser);
  await signIn(rep, server.url, REP.email, REP.password);
  await go(rep, "/contacts");
  await settled(rep, /Contacts/);
  await rep.getByRole("button", { name: "Columns" }).waitFor();
  assert.equal(await rep.getByRole("button", { name: "Export", exact: true }).count(), 0);
  await rep.context().close();

  const page = await newPage(browser);
  await signIn(page, server.url, EXPORTER.email, EXPORTER.password);
  await go(page, VIEW);
  await settled(page, /Contacts/);
  await page.getByRole("gridcell", { name: "Ada Exportson" }).first().waitFor();
  await admin.patch("/api/v1/roles/exporter", { permissions: { contacts: { read: "all", export: "none" } } });
  const seen = fileRequests(page);
  let downloads = 0;
  page.on("download", () => downloads++);
  await page.getByRole("button", { name: "Export", exact: true }).click();
  await page.getByRole("menuitem", { name: /^CSV Every field/ }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Your role does not allow exporting contacts" });
  await alert.waitFor();
  await screenshot(page, "export-refused-1440");
  assert.equal(downloads, 0, "no failed download in the browser");
  assert.deepEqual(seen.map(([type, url]) => [type, url.includes("check=true")]), [["fetch", true]], "only the check asked");
  await alert.getByRole("button", { name: "Dismiss" }).click();
  assert.equal(await alert.count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe with the Export menu open, light and dark; screenshots at 1440 and 375", async () => {
  for (const width of [1440, 375]) {
    const page = await newPage(browser, { width, height: width === 375 ? 812 : 900 });
    await signIn(page, server.url);
    await go(page, VIEW);
    await settled(page, /Contacts/);
    await page.getByRole("gridcell", { name: "Ada Exportson" }).first().waitFor();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    await page.getByRole("menu").waitFor();
    const menu = await axeLightAndDark(page, { shot: `export-menu-${width}`, within: "[role=menu]" });
    assert.deepEqual(menu, [], `menu ${width}`);
    await page.keyboard.press("Escape");
    assert.deepEqual(await axeLightAndDark(page), [], `list ${width}`);
    await go(page, `/contacts/${ada.id}`);
    await page.getByRole("heading", { level: 1, name: "Ada Exportson" }).waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `contact-actions-${width}` }), [], `contact ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
