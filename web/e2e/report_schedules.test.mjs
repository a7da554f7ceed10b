// A saved report's email schedule in the browser against a real server and a real SMTP server
// (scripts/smtp-server.sh): the report's saved chart type is restored by its page (no ?chart= in the
// address) and drawn by a dashboard widget that names none; the owner schedules it weekly for a
// colleague and an outside address, sends it now, and both messages arrive with the HTML table and
// the CSV attached. On a phone the dashboard's table widget stacks its rows (no sideways scroll).
// axe on the dialog; screenshots at 1440x900 and 390x844.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, screenshot, axeViolations, go, settled, until, adminAt, startSmtp, received } from "./harness.mjs";

let server;
let browser;
let admin;
let sink;
let report;
let dashboard;
let colleague;

before(async () => {
  sink = startSmtp();
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"] });
  browser = await launchBrowser();
  admin = await server.login();
  await admin.call("PUT", "/api/v1/email/settings", { host: "127.0.0.1", port: sink.port, security: "none", sender: "reports@rapport.example" });
  colleague = await admin.post("/api/v1/users", { email: "casey@example.com", password: "Casey-pass-2026-long", name: "Casey Colleague", role: "sales_rep" });
  for (const [last, source] of [["Alvarez", "web"], ["Brandt", "web"], ["Chen", "referral"], ["Dubois", "event"], ["Eriksen", "web"]])
    await admin.post("/api/v1/leads", { last_name: last, source });
  report = await admin.post("/api/v1/saved-reports", {
    name: "Leads by source",
    visibility: "workspace",
    definition: { object: "leads", group_by: ["source"], measures: [{ op: "count" }, { op: "count", field: "email" }, { op: "count", field: "phone" }], chart: "line" },
  });
  dashboard = await admin.post("/api/v1/dashboards", {
    name: "Lead sources",
    visibility: "workspace",
    widgets: [
      { saved_report_id: report.id, type: "chart", x: 0, y: 0, w: 6, h: 4 },
      { saved_report_id: report.id, type: "table", x: 6, y: 0, w: 6, h: 4 },
    ],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

test("a saved report keeps its chart type, is scheduled for a colleague and an address, and arrives with its table and CSV", async () => {
  assert.equal(report.definition.chart, "line", "the chart type is stored with the report");
  const page = await adminAt(browser, server.url, `/reports/custom/${report.id}`, "Leads by source");
  assert.equal(await page.getByRole("radio", { name: "Line", exact: true }).isChecked(), true, "the editor restores the saved chart type");
  // Chosen again and saved: the stored definition follows.
  await page.getByRole("radio", { name: "Area", exact: true }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await until(async () => (await admin.get(`/api/v1/saved-reports/${report.id}`)).definition.chart === "area", "the chart type saved");

  await page.getByRole("button", { name: "Email schedule" }).click();
  const dialog = page.getByRole("dialog", { name: "Email “Leads by source”" });
  await dialog.getByText("This report is not emailed yet.").waitFor();
  await dialog.getByLabel("How often").selectOption("weekly");
  await dialog.getByLabel("On", { exact: true }).selectOption({ label: "Friday" });
  await dialog.getByLabel("At", { exact: true }).fill("17:30");
  await dialog.getByLabel("Time zone").selectOption("Europe/Berlin");
  // No recipient yet: said, nothing sent.
  await dialog.getByRole("button", { name: "Add schedule" }).click();
  await dialog.getByRole("alert").filter({ hasText: "Pick at least one user" }).waitFor();
  await dialog.getByRole("checkbox", { name: /Casey Colleague/ }).check();
  await dialog.getByLabel("Other email addresses").fill("board@outside.example");
  await dialog.getByRole("button", { name: "Add schedule" }).click();
  await dialog.getByText("Every Friday at 17:30 (Europe/Berlin)").waitFor();
  await dialog.getByText("To Casey Colleague, board@outside.example").waitFor();
  const [schedule] = (await admin.get(`/api/v1/saved-reports/${report.id}/schedules`)).data;
  assert.deepEqual([schedule.frequency, schedule.weekday, schedule.time, schedule.time_zone], ["weekly", 5, "17:30", "Europe/Berlin"]);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "report-schedule-dialog-1440");

  await dialog.getByRole("button", { name: "Send now" }).click();
  const mails = await until(() => (received(sink.dir).length >= 2 ? received(sink.dir) : null), "two messages at the SMTP server", 15000);
  const to = mails.map((m) => m.rcpt_tos.join(",")).sort();
  assert.deepEqual(to, ["board@outside.example", "casey@example.com"]);
  for (const m of mails) {
    assert.match(m.raw, /Subject: Leads by source \(\d{4}-\d{2}-\d{2}\)/);
    assert.match(m.raw, /Content-Type: text\/html/);
    assert.match(m.raw, /Content-Disposition: attachment; filename=Leads-by-source\.csv|filename="Leads-by-source\.csv"/);
  }
  await dialog.getByText(/Last sent/).waitFor();
  assert.deepEqual(page.problems, []);
});

test("on a phone: the schedule dialog fits, and the dashboard's table widget stacks its rows", async () => {
  const page = await adminAt(browser, server.url, `/reports/custom/${report.id}`, "Leads by source", { width: 390, height: 844 });
  await page.getByRole("button", { name: "Email schedule" }).click();
  const dialog = page.getByRole("dialog", { name: "Email “Leads by source”" });
  await dialog.getByText(/Every Friday at 17:30/).waitFor();
  const overflow = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
  assert.ok(overflow <= 0, `the dialog is not wider than the phone (${overflow})`);
  await screenshot(page, "report-schedule-dialog-390");
  await page.keyboard.press("Escape");

  await go(page, `/reports/dashboards/${dashboard.id}`);
  await settled(page, "Lead sources");
  // The chart widget names no chart type: it draws the report's (area, saved above).
  assert.equal(dashboard.widgets[0].chart, undefined);
  await page.locator("canvas").first().waitFor();
  const table = page.locator("section", { has: page.getByRole("table") }).first();
  await until(async () => (await table.locator("tbody tr").count()) === 3, "the table widget's three sources");
  const wrap = table.getByRole("region");
  const sideways = await wrap.evaluate((e) => e.scrollWidth - e.clientWidth);
  assert.equal(sideways, 0, "the table widget does not scroll sideways");
  // Each row is a block: its figures are under its source, each with its measure's name.
  const web = table.locator("tbody tr", { hasText: "web" }).first();
  const cells = await web.locator("td").evaluateAll((tds) => tds.map((td) => [getComputedStyle(td, "::before").content, td.textContent]));
  assert.deepEqual(cells[0], ['"Records"', "3"], JSON.stringify(cells));
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(scroll, 0, "nothing wider than the phone");
  await table.scrollIntoViewIfNeeded();
  await screenshot(page, "report-schedule-dashboard-table-390");
  assert.deepEqual(page.problems, []);
});
