// The support reports in the browser against a real server: tickets seeded through the API (a reply,
// solves, one ticket by phone, one from the web form; two ratings written as the survey's page
// records them) show up in the key figures, created vs solved per day, the tables by agent, team
// and channel (each with its CSV) and the backlog; a priority filter narrows every figure; a support
// agent sees only their team's tickets. axe in light and dark at 1440 and 375, with screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

const AGENT = { email: "kim.agent@example.com", password: "Agent-e2e-pass-2026" };

let server;
let browser;
let admin;
let tier1;

/** Rates a ticket as the satisfaction survey's public page records it (its POST needs a mailed token). */
function rate(id, rating) {
  const sql = `UPDATE tickets SET satisfaction = '${rating}', satisfaction_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = '${id}';`;
  execFileSync("sqlite3", ["-cmd", ".timeout 10000", join(server.data, "rapport.db"), sql]);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  const kim = await admin.post("/api/v1/users", { ...AGENT, name: "Kim Agent", role: "support_agent" });
  tier1 = await admin.post("/api/v1/teams", { name: "Tier 1", member_ids: [kim.id] });
  // Tier 1: one answered and solved (high), one open by phone (urgent). No team: one from the web form, solved.
  const answered = await admin.post("/api/v1/tickets", { subject: "Calendar feed not updating", team_id: tier1.id, priority: "high" });
  await admin.post(`/api/v1/tickets/${answered.id}/messages`, { kind: "reply", body: "Fixed: the feed refreshes again." });
  await admin.patch(`/api/v1/tickets/${answered.id}`, { status: "solved" });
  await admin.post("/api/v1/tickets", { subject: "Invoice address", team_id: tier1.id, priority: "urgent", channel: "phone" });
  const web = await admin.post("/api/v1/tickets", { subject: "Trial extension", channel: "web" });
  await admin.patch(`/api/v1/tickets/${web.id}`, { status: "solved" });
  rate(answered.id, "good");
  rate(web.id, "bad");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const tile = (page, id) => page.locator(`[data-tile="${id}"]`);
// The report's section (its table's scrolling region bears the same name, inside it).
const section = (page, title) => page.getByRole("region", { name: title, exact: true }).first();
/** The rows of a report's table as arrays of cell texts. */
async function tableRows(page, title) {
  const table = section(page, title).getByRole("table");
  await table.waitFor();
  return table.locator("tbody tr, tfoot tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? "")));
}
async function openSupportReports(page) {
  await go(page, "/reports");
  await settled(page, "Reports");
  await page.getByRole("navigation", { name: "Report kinds" }).getByRole("link", { name: "Support" }).click();
  await page.waitForURL((u) => u.search === "?kind=support");
  await section(page, "Created and solved per day").getByRole("table").waitFor();
}

test("the admin sees the seeded tickets in the key figures, per day, by agent, team and channel, and downloads the CSV", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await openSupportReports(page);
  assert.equal(await page.getByRole("navigation", { name: "Report kinds" }).getByRole("link", { name: "Support" }).getAttribute("aria-current"), "page");

  await until(async () => (await tile(page, "backlog").locator("dd").first().innerText()) === "1", "the backlog tile: one open ticket");
  assert.match(await tile(page, "backlog").innerText(), /open now, 0 older than 7 days/);
  assert.equal(await tile(page, "csat").locator("dd").first().innerText(), "50%");
  assert.match(await tile(page, "csat").innerText(), /1 good, 1 bad of 2 ratings/);
  assert.equal(await tile(page, "sla").locator("dd").first().innerText(), "—", "no SLA policy: nothing to attain");
  assert.equal(await tile(page, "first-response").locator("dd").first().innerText(), "1 min", "answered within the minute");
  assert.match(await tile(page, "first-response").innerText(), /median, business hours/);
  assert.match(await tile(page, "first-response").innerText(), /· 1 answered/);
  assert.match(await tile(page, "resolution").innerText(), /· 2 solved/);
  assert.match(await tile(page, "next-response").innerText(), /· 0 customer replies answered/, "no customer wrote after a reply");

  // Every day of the last 30, today's last: 3 created, 2 solved.
  const days = await tableRows(page, "Created and solved per day");
  assert.equal(days.length, 31, "30 days and the totals");
  assert.deepEqual(days.at(-2).slice(1), ["3", "2"]);
  assert.deepEqual(days.at(-1), ["Total", "3", "2"]);

  const flows = "Tickets by agent, team and channel";
  assert.deepEqual(await tableRows(page, flows), [
    ["Unassigned", "3", "2"],
    ["Total", "3", "2"],
  ]);
  await section(page, flows).getByRole("combobox", { name: "Group by", exact: true }).selectOption("team");
  await until(async () => (await tableRows(page, flows))[0][0] === "Tier 1", "the table by team");
  assert.deepEqual(await tableRows(page, flows), [
    ["Tier 1", "2", "1"],
    ["No team", "1", "1"],
    ["Total", "3", "2"],
  ]);
  await section(page, flows).getByRole("combobox", { name: "Group by", exact: true }).selectOption("channel");
  await until(async () => (await tableRows(page, flows))[0][0] === "Email", "the table by channel");
  assert.deepEqual((await tableRows(page, flows)).map((r) => r.slice(0, 2)), [
    ["Email", "0"],
    ["Web form", "1"],
    ["Phone", "1"],
    ["API", "1"],
    ["Total", "3"],
  ]);
  const [file] = await Promise.all([page.waitForEvent("download"), section(page, flows).getByRole("button", { name: /Download CSV/ }).click()]);
  assert.match(file.suggestedFilename(), /^support-by-channel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await file.path(), "utf8");
  assert.match(csv, /"Channel","Created","Solved"\r\n"Email","0","0"\r\n"Web form","1","1"/);

  // Times by priority: the high ticket was answered and solved, in business hours or calendar time.
  const times = await tableRows(page, "Response and resolution times by priority");
  assert.deepEqual(times.find((r) => r[0] === "High").slice(0, 2), ["High", "1"]);
  // Next responses have their columns (none here: no customer wrote after a reply), then resolution.
  const timeColumns = await section(page, "Response and resolution times by priority").getByRole("table").locator("thead th").allTextContents();
  assert.deepEqual(timeColumns.map((c) => c.trim()).slice(4, 8), ["Next responses", "Next response, median", "Next response, p90", "Solved"]);
  assert.deepEqual(times.find((r) => r[0] === "High").slice(4, 8), ["0", "—", "—", "1"]);
  await section(page, "Response and resolution times by priority").getByRole("table").scrollIntoViewIfNeeded();
  await screenshot(page, "support-reports-1440-times");
  await section(page, "Response and resolution times by priority").getByRole("combobox", { name: "Time", exact: true }).selectOption("calendar");

  // The backlog: the urgent ticket, open for under a day.
  assert.deepEqual((await tableRows(page, "Backlog by age"))[0], ["Under 1 day", "1"]);

  // The urgent filter narrows every figure: only the open phone ticket.
  await page.getByLabel("Priority", { exact: true }).selectOption("urgent");
  await until(async () => (await tableRows(page, "Created and solved per day")).at(-1).join() === "Total,1,0", "the urgent tickets only");
  assert.equal(await tile(page, "csat").locator("dd").first().innerText(), "—");

  // Twelve months: the chart draws weeks, the table still lists every day.
  await page.getByLabel("Priority", { exact: true }).selectOption("");
  await page.getByLabel("Period", { exact: true }).selectOption("last-12-months");
  await page.getByRole("img", { name: /per week/ }).waitFor();
  assert.ok((await tableRows(page, "Created and solved per day")).length >= 366);
  await page.getByRole("heading", { name: "Created and solved per day" }).scrollIntoViewIfNeeded();
  await screenshot(page, "support-reports-1440-year");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a support agent sees the figures of their team's tickets only", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, AGENT.email, AGENT.password);
  await openSupportReports(page);
  await until(async () => (await tableRows(page, "Created and solved per day")).at(-1).join() === "Total,2,1", "two tickets of Tier 1");
  assert.equal(await tile(page, "csat").locator("dd").first().innerText(), "100%", "the web form's bad rating is not Tier 1's");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the support reports pass axe in light and dark at 1440 and 375", async () => {
  for (const width of [1440, 375]) {
    const page = await newPage(browser, { width, height: width === 375 ? 812 : 900 });
    await signIn(page, server.url);
    await openSupportReports(page);
    await until(async () => (await tile(page, "backlog").locator("dd").first().innerText()) === "1", "the figures");
    await page.waitForFunction(() => document.querySelectorAll("canvas").length >= 4);
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-reports-${width}` }), [], `support reports ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
