// Custom reports and dashboards in the browser against a real server: deals seeded through the API
// (two owners, two currencies, closing over two quarters) are built into a report in the editor
// (grouping by owner and by quarter, count and sum of amount, the live preview's table), saved, put
// on a new dashboard as a table, a bar chart and a KPI tile, arranged with the keyboard and saved;
// a figure of the table and a bar of the chart drill down to the deals list, whose count equals the
// figure clicked. axe on the editor and the dashboard; screenshots at 1440 and 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, go, settled, until } from "./harness.mjs";

let server;
let browser;
let api;
let robin;
const year = new Date().getUTCFullYear() + 1;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  const pipeline = await api.post("/api/v1/pipelines", {
    name: "Sales",
    stages: [
      { name: "Qualification", type: "open", probability: 10 },
      { name: "Negotiation", type: "open", probability: 60 },
      { name: "Won", type: "won", probability: 100 },
      { name: "Lost", type: "lost", probability: 0 },
    ],
  });
  const [qual, nego] = pipeline.stages;
  robin = await api.post("/api/v1/users", { email: "robin@example.com", password: "Robin-pass-2026-long", name: "Robin Rep", role: "sales_rep" });
  const deal = (name, stage, amount, currency, close, owner) =>
    api.post("/api/v1/deals", { name, pipeline_id: pipeline.id, stage_id: stage.id, amount, currency, expected_close_date: close, ...(owner ? { owner_id: owner } : {}) });
  // The admin: three EUR deals in Q1 (two) and Q2 (one), one USD deal in Q1. Robin: two EUR deals in Q1.
  await deal("Acme renewal", qual, 100000, "EUR", `${year}-01-20`);
  await deal("Globex expansion", nego, 250000, "EUR", `${year}-03-31`);
  await deal("Initech pilot", qual, 300000, "EUR", `${year}-04-01`);
  await deal("Umbrella USD", nego, 500000, "USD", `${year}-02-10`);
  await deal("Hooli seats", qual, 120000, "EUR", `${year}-02-01`, robin.id);
  await deal("Stark upgrade", nego, 80000, "EUR", `${year}-03-15`, robin.id);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The rows of the preview's (or a widget's) figure table as arrays of cell texts. */
async function rows(scope) {
  const table = scope.getByRole("table").first();
  await table.waitFor();
  return table.locator("tbody tr").evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => c.textContent?.trim() ?? "")));
}

/** The deals list's count in its header ("2 deals"), once loaded. */
async function listCount(page) {
  await page.getByRole("heading", { level: 1, name: /Deals/ }).waitFor();
  const status = page.getByRole("heading", { level: 1 }).getByRole("status");
  await status.waitFor();
  return status.innerText();
}

test("a report built in the editor is saved, put on a dashboard, arranged, and drills down to the deals behind a figure", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/reports");
  await settled(page, "Reports");
  await page.getByRole("navigation", { name: "Report kinds" }).getByRole("link", { name: "Custom reports" }).click();
  await page.getByText("No custom reports yet").waitFor();
  await page.getByRole("button", { name: "New report" }).first().click();
  await settled(page, "New report");

  // Deals (the default), grouped by owner then by the close date's quarter; count and sum of amount.
  assert.equal(await page.getByLabel("Records").inputValue(), "deals");
  await page.getByLabel("First grouping").selectOption("owner");
  await page.getByLabel("Second grouping").selectOption("date:expected_close_date");
  await page.getByLabel("Bucket of Expected close").selectOption("quarter");
  await page.getByRole("button", { name: "Add a measure" }).click();
  await page.getByLabel("Field of measure 2").selectOption("amount");
  const preview = page.getByRole("region", { name: /^Untitled report$/ }).first();
  await until(async () => (await rows(page)).length === 4, "the preview's four rows (admin Q1 EUR, Q1 USD, Q2 EUR; Robin Q1 EUR)");
  assert.ok(preview);
  const table = await rows(page);
  const admin = table.filter((r) => r[0] !== "Robin Rep");
  const robinRow = table.find((r) => r[0] === "Robin Rep");
  assert.deepEqual(robinRow, ["Robin Rep", `Q1 ${year}`, "EUR", "2", "€2,000.00"]);
  assert.ok(admin.some((r) => r[1] === `Q1 ${year}` && r[2] === "EUR" && r[3] === "2" && r[4] === "€3,500.00"), JSON.stringify(admin));
  assert.ok(admin.some((r) => r[1] === `Q1 ${year}` && r[2] === "USD" && r[4] === "$5,000.00"), "money is never added across currencies");

  // Every chart type draws; the table type shows the table alone.
  for (const kind of ["Line", "Area", "Pie", "Table", "Bar"]) await page.getByRole("radio", { name: kind, exact: true }).check();
  assert.match(page.url(), /chart=bar/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "custom-report-editor-1440");

  await page.getByLabel("Name").fill("Deals by owner and quarter");
  await page.getByLabel("Shared with").selectOption("workspace");
  await page.getByRole("button", { name: "Save report" }).click();
  await page.waitForURL((u) => /\/reports\/custom\/[0-9a-f-]{36}/.test(u.pathname));
  await settled(page, "Deals by owner and quarter");
  const saved = (await api.get("/api/v1/saved-reports")).data;
  assert.equal(saved.length, 1);
  assert.equal(saved[0].visibility, "workspace");
  assert.equal(saved[0].definition.group_by.length, 2);
  assert.deepEqual(saved[0].definition.group_by[1], { field: "expected_close_date", bucket: "quarter" });

  // Drill-down from the editor's table: Robin's Q1 count (2) opens the deals list with 2 deals.
  await page.getByRole("row", { name: /Robin Rep/ }).getByRole("link", { name: "2", exact: true }).click();
  await page.waitForURL((u) => u.pathname === "/deals");
  assert.equal(await listCount(page), "2 deals");
  assert.match(decodeURIComponent(page.url()), new RegExp(`filter\\[owner_id\\]\\[eq\\]=${robin.id}`));
  assert.match(decodeURIComponent(page.url()), new RegExp(`filter\\[expected_close_date\\]\\[gte\\]=${year}-01-01`));
  assert.match(decodeURIComponent(page.url()), new RegExp(`filter\\[expected_close_date\\]\\[lt\\]=${year}-04-01`));

  // A second report, by stage alone: a bar chart to click.
  await go(page, "/reports/custom/new");
  await settled(page, "New report");
  await page.getByLabel("First grouping").selectOption("field:stage_id");
  await until(async () => (await rows(page)).length === 2, "two stages");
  await page.getByLabel("Name").fill("Deals by stage");
  await page.getByRole("button", { name: "Save report" }).click();
  await page.waitForURL((u) => /\/reports\/custom\/[0-9a-f-]{36}/.test(u.pathname));
  await settled(page, "Deals by stage");

  // A new dashboard: the first report as a table, the second as a bar chart, a KPI tile of the first.
  await page.getByRole("navigation", { name: "Report kinds" }).getByRole("link", { name: "Dashboards" }).click();
  await page.getByText("No dashboards yet").waitFor();
  await page.getByRole("button", { name: "New dashboard" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Sales overview");
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await page.waitForURL((u) => /\/reports\/dashboards\/[0-9a-f-]{36}/.test(u.pathname) && u.search.includes("edit=1"));
  await settled(page, "Sales overview");
  const addWidget = async (report, kind) => {
    await page.getByRole("button", { name: "Add widget" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add widget" });
    await dialog.getByLabel("Saved report").selectOption({ label: `${report} · Deals` });
    await dialog.getByRole("radio", { name: kind, exact: true }).check();
    await dialog.getByRole("button", { name: "Add widget" }).click();
    await dialog.waitFor({ state: "detached" });
  };
  await addWidget("Deals by owner and quarter", "Table");
  await addWidget("Deals by stage", "Bar");
  await addWidget("Deals by owner and quarter", "KPI tile");

  // The keyboard arranges: the KPI tile (3 wide, first free spot: x 0, y 4) moves right, then grows.
  const kpi = page.locator("section").filter({ has: page.getByRole("button", { name: /^Move Deals by owner and quarter/ }) }).nth(1);
  const kpiHandle = kpi.getByRole("button", { name: /^Move / });
  const column = () => kpi.evaluate((e) => e.style.gridColumn);
  assert.equal(await column(), "1 / span 3");
  await kpiHandle.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  assert.equal(await column(), "2 / span 4");
  await page.getByText(/column 2, row 5, 4 columns wide/).waitFor();
  await page.getByRole("button", { name: "Save dashboard" }).click();
  await page.waitForURL((u) => !u.search.includes("edit=1"));
  const [dashboard] = (await api.get("/api/v1/dashboards")).data;
  assert.deepEqual(
    dashboard.widgets.map((w) => [w.type, w.chart ?? null, w.x, w.y, w.w, w.h]),
    [
      ["table", null, 0, 0, 6, 4],
      ["chart", "bar", 6, 0, 6, 4],
      ["kpi", null, 1, 4, 4, 2],
    ],
  );

  // The figures load; the KPI compares this month with the last (no deal was created before this month).
  const tableWidget = page.locator("section", { has: page.getByRole("heading", { name: "Deals by owner and quarter" }) }).first();
  await until(async () => (await rows(tableWidget)).length === 4, "the table widget's rows");
  await page.getByText(/vs .* before|nothing to compare with/).first().waitFor();
  // Split by currency (the report sums amounts): EUR 5 deals, USD 1, each with its own comparison.
  assert.match(await page.locator("section", { hasText: "this month of Created" }).innerText(), /EUR 5\n.*\nUSD 1\n/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "custom-report-dashboard-1440");

  // Drill-down from the chart: the stage chart's single tallest bar (Qualification: 3 of 6) at its middle.
  const chartWidget = page.locator("section", { has: page.getByRole("heading", { name: "Deals by stage" }) });
  const canvas = chartWidget.locator("canvas");
  await canvas.waitFor();
  const stageRows = await rows(page.locator("section", { has: page.getByRole("heading", { name: "Deals by stage" }) })).catch(() => null);
  assert.equal(stageRows, null, "a chart widget shows its chart, not its table");
  await page.waitForTimeout(400); // the bars' animation
  const box = await canvas.boundingBox();
  // Two bars (Qualification, Negotiation) share the width after the value axis: the first is left of
  // the middle. Bars are narrow: step across until one is hit (a miss does nothing).
  for (let x = 0.1; x < 0.5 && new URL(page.url()).pathname !== "/deals"; x += 0.02) {
    await canvas.click({ position: { x: box.width * x, y: box.height * 0.7 } });
    await page.waitForTimeout(150);
  }
  await page.waitForURL((u) => u.pathname === "/deals");
  const url = decodeURIComponent(page.url());
  assert.match(url, /filter\[stage_id\]\[eq\]=/);
  assert.equal(await listCount(page), "3 deals");
  await page.goBack();
  await settled(page, "Sales overview");

  // The KPI's EUR figure opens the EUR deals created this month: five.
  await page.getByRole("link", { name: /^5 Records: show these records$/ }).click();
  await page.waitForURL((u) => u.pathname === "/deals");
  assert.equal(await listCount(page), "5 deals");
  assert.deepEqual(page.problems, []);
});

test("the editor and the dashboard on a phone: one column, every control reachable", async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await signIn(page, server.url);
  const [dashboard] = (await api.get("/api/v1/dashboards")).data;
  await go(page, `/reports/dashboards/${dashboard.id}`);
  await settled(page, "Sales overview");
  await page.locator("canvas").first().waitFor();
  const widths = await page.locator("section").evaluateAll((s) => s.map((e) => Math.round(e.getBoundingClientRect().width)));
  assert.ok(widths.length >= 3 && widths.every((w) => w === widths[0]), `stacked widgets: ${widths}`);
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(scroll, 0, "nothing wider than the phone");
  await screenshot(page, "custom-report-dashboard-390");
  const [report] = (await api.get("/api/v1/saved-reports")).data.filter((r) => r.name === "Deals by owner and quarter");
  await go(page, `/reports/custom/${report.id}`);
  await settled(page, "Deals by owner and quarter");
  await until(async () => (await rows(page)).length === 4, "the preview's rows");
  await screenshot(page, "custom-report-editor-390");
  assert.deepEqual(page.problems, []);
});
