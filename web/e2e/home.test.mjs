// Home and reports: seeded through the API (a pipeline, open deals in several stages and two
// currencies, one won, tasks due today and overdue, a colleague's deal), the home shows the open
// pipeline per currency and the tasks, ticks a task done, switches My/All; the reports page shows
// the charts and their tables and downloads a CSV with formulas neutralised. XSS names render as
// text; axe finds nothing serious in light and dark; no CSP violation or page error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations } from "./harness.mjs";

const XSS = "<img src=x onerror=alert(1)>";
let server;
let browser;
let api;
let tasks;
const fmt = (minor, currency) => new Intl.NumberFormat("en-US", { style: "currency", currency }).format(minor / 100);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  const pipeline = await api.post("/api/v1/pipelines", {
    name: "Sales",
    stages: [
      { name: "Qualification", type: "open", probability: 10 },
      { name: "@Risk review", type: "open", probability: 50 },
      { name: "Negotiation", type: "open", probability: 80 },
      { name: "Won", type: "won", probability: 100 },
      { name: "Lost", type: "lost", probability: 0 },
    ],
  });
  const [qual, risk, nego, won] = pipeline.stages;
  const now = new Date();
  const thisMonth = (d) => new Date(Date.UTC(now.getFullYear(), now.getMonth(), d)).toISOString().slice(0, 10);
  const nextYear = `${now.getFullYear() + 1}-01-15`;
  const deal = (name, stage, amount, currency, close, extra = {}) =>
    api.post("/api/v1/deals", { name, pipeline_id: pipeline.id, stage_id: stage.id, amount, currency, expected_close_date: close, ...extra });
  // Mine: EUR 1,000.00 + 2,000.00 in Qualification, 5,000.00 in Negotiation; USD 3,000.00 in @Risk.
  const first = await deal("Acme renewal", qual, 100000, "EUR", thisMonth(28));
  await deal(XSS, qual, 200000, "EUR", thisMonth(27));
  await deal("Globex expansion", nego, 500000, "EUR", nextYear);
  await deal("Initech pilot", risk, 300000, "USD", thisMonth(26));
  const closed = await deal("Massive Dynamic", qual, 900000, "EUR", thisMonth(1));
  await api.post(`/api/v1/deals/${closed.id}/move`, { stage_id: won.id });
  // A colleague's deal: only under "All".
  const colleague = await api.post("/api/v1/users", { email: "rep@example.com", password: "Rep-pass-2026-long", name: "Robin Rep", role: "sales_rep" });
  await deal("Colleague deal", nego, 700000, "EUR", nextYear, { owner_id: colleague.id });

  const day = 86400000;
  const dueToday = new Date(Math.max(now.getTime() - 60_000, new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 1).getTime()));
  tasks = {};
  for (const [key, subject, due] of [
    ["overdue", "Call Ada about the renewal", new Date(now.getTime() - 3 * day)],
    ["today", "Send the proposal to Globex", dueToday],
    ["xss", XSS, dueToday],
    ["later", "Plan next quarter", new Date(now.getTime() + 9 * day)],
  ]) {
    tasks[key] = await api.post("/api/v1/activities", { type: "task", subject, due_at: due.toISOString(), done: false, deal_ids: [first.id] });
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openHome(options = {}) {
  const page = await newPage(browser, options);
  page.dialogs = [];
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    void d.dismiss();
  });
  // Signing in lands on the home; no reload, so the session's CSRF token from the login stays in
  // memory (writes after a reload need /auth/me to hand it back).
  await signIn(page, server.url);
  await page.getByRole("heading", { name: "Open pipeline by stage · Sales" }).waitFor();
  return page;
}

async function chartsDrawn(page, n) {
  await page.waitForFunction((min) => document.querySelectorAll("canvas[role=img]").length >= min, n);
  await page.waitForTimeout(400); // the bars' short animation
}

test("the home shows my open pipeline per currency, the tasks due and the deals closing this month", async () => {
  const page = await openHome();
  const figures = page.getByRole("table", { name: "Open deals and amounts by stage" });
  await figures.waitFor();
  const total = figures.locator("tfoot");
  // Per currency, never added: EUR 8,000.00 and USD 3,000.00; the colleague's deal is not mine.
  assert.match(await total.innerText(), new RegExp(`${fmt(800000, "EUR").replace("$", "\\$")}[\\s\\S]*${fmt(300000, "USD").replace("$", "\\$")}`));
  assert.match(await total.innerText(), /\b4\b/);
  const qualRow = figures.getByRole("row", { name: /Qualification/ });
  assert.match(await qualRow.innerText(), /2[\s\S]*€3,000\.00/);
  await chartsDrawn(page, 2);
  assert.equal(await page.getByRole("img", { name: /Open pipeline by stage in EUR/ }).count(), 1);
  assert.equal(await page.getByRole("img", { name: /Open pipeline by stage in USD/ }).count(), 1);

  const tasksCard = page.getByRole("region", { name: /Due today and overdue/ });
  await tasksCard.getByText("Call Ada about the renewal").waitFor();
  assert.match(await tasksCard.innerText(), /Overdue/);
  await tasksCard.getByText("Send the proposal to Globex").waitFor();
  await tasksCard.getByText(XSS).waitFor(); // the name is text, not an image
  assert.equal(await tasksCard.getByText("Plan next quarter").count(), 0);

  const closing = page.getByRole("region", { name: /Closing this month/ });
  await closing.getByText("Initech pilot").waitFor();
  await closing.getByText(XSS).waitFor();
  assert.equal(await closing.getByText("Massive Dynamic").count(), 0, "a won deal is not closing any more");
  assert.equal(await closing.getByText("Globex expansion").count(), 0);

  const forecast = page.getByRole("region", { name: "Weighted forecast" });
  await forecast.getByText("This quarter").waitFor();

  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "home-1440");

  // Everyone I can see: the colleague's EUR 7,000.00 joins the pipeline.
  await page.getByRole("radio", { name: "All" }).check();
  await page.waitForFunction(() => /5\s/.test(document.querySelector("table tfoot")?.textContent ?? "") || (document.querySelector("table tfoot")?.textContent ?? "").includes("15,000.00"));
  assert.match(await total.innerText(), /€15,000\.00/);
  await page.getByRole("radio", { name: "My" }).check();
  await page.waitForFunction(() => (document.querySelector("table tfoot")?.textContent ?? "").includes("€8,000.00"));

  assert.equal(await page.locator("img[src=x]").count(), 0);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a task is ticked done in place", async () => {
  const page = await openHome();
  const tasksCard = page.getByRole("region", { name: /Due today and overdue/ });
  const box = tasksCard.getByRole("checkbox", { name: "Mark “Call Ada about the renewal” done" });
  await box.click();
  await tasksCard.getByText("Call Ada about the renewal").waitFor({ state: "detached" });
  await page.getByRole("status").getByText("“Call Ada about the renewal” is done").waitFor();
  const after = await api.get(`/api/v1/activities/${tasks.overdue.id}`);
  assert.equal(after.done, true);
  await page.reload();
  await tasksCard.getByText("Send the proposal to Globex").waitFor();
  assert.equal(await tasksCard.getByText("Call Ada about the renewal").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the home in dark mode and on a phone", async () => {
  const dark = await openHome({ colorScheme: "dark" });
  await chartsDrawn(dark, 2);
  assert.deepEqual(await axeViolations(dark), []);
  await screenshot(dark, "home-dark-1440");
  assert.deepEqual(dark.problems, []);
  await dark.context().close();

  const phone = await openHome({ width: 375, height: 812 });
  await chartsDrawn(phone, 2);
  assert.deepEqual(await axeViolations(phone), []);
  await screenshot(phone, "home-375");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test("reports show the pipeline, forecast and funnel as charts with their tables, and download CSV", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await newPage(browser, { colorScheme });
    await signIn(page, server.url);
    await page.goto(`${server.url}/reports`);
    await page.getByRole("heading", { name: "Open pipeline by stage · Sales" }).waitFor();
    await page.getByRole("heading", { name: "Forecast" }).waitFor();
    await page.getByRole("heading", { name: "Funnel" }).waitFor();
    await chartsDrawn(page, 3);

    const pipeTable = page.getByRole("table", { name: "Open pipeline by stage · Sales" });
    await pipeTable.waitFor();
    const headers = await pipeTable.locator("thead th").allInnerTexts();
    assert.deepEqual(
      headers.map((h) => h.toLowerCase()),
      ["stage", "probability", "deals", "amount (eur)", "weighted (eur)", "amount (usd)", "weighted (usd)"],
    );
    // Everyone: EUR 1,000 + 2,000 + 5,000 + 7,000 (colleague); weighted 100 + 200 + 4,000 + 5,600.
    const totals = await pipeTable.locator("tfoot").innerText();
    assert.match(totals, /€15,000\.00[\s\S]*€9,900\.00[\s\S]*\$3,000\.00[\s\S]*\$1,500\.00/);
    // Numbers are right-aligned with tabular figures.
    const align = await pipeTable.locator("tbody td.num").first().evaluate((el) => [getComputedStyle(el).textAlign, getComputedStyle(el).fontVariantNumeric]);
    assert.deepEqual(align, ["right", "tabular-nums"]);

    const funnel = page.getByRole("table", { name: "Funnel" });
    assert.match(await funnel.innerText(), /Deals created\s+6/);
    assert.match(await funnel.innerText(), /Deals won\s+1/);

    if (colorScheme === "light") {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download CSV of Open pipeline by stage · Sales" }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^pipeline-Sales\.csv$/);
      const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
      const lines = csv.trim().split("\r\n");
      assert.equal(lines[0], '"Stage","Probability","Deals","Amount (EUR)","Weighted (EUR)","Amount (USD)","Weighted (USD)"');
      assert.equal(lines[1], '"Qualification","10","2","3000.00","300.00","0.00","0.00"');
      assert.equal(lines[2], `"'@Risk review","50","1","0.00","0.00","3000.00","1500.00"`, "a formula-looking name stays text");
      assert.equal(lines.at(-1), '"Total","","5","15000.00","9900.00","3000.00","1500.00"');

      // Owner filter: only my deals, in every report (the reports' owner_id).
      await page.getByLabel("Owner").selectOption({ label: "Me" });
      await page.waitForFunction(() => document.querySelector("table tfoot")?.textContent?.includes("€8,000.00"));
      const funnelSays = (pattern) =>
        page.waitForFunction(
          (src) => [...document.querySelectorAll("table")].some((t) => t.querySelector("caption")?.textContent === "Funnel" && new RegExp(src).test(t.innerText)),
          pattern.source,
        );
      await funnelSays(/Deals created\s+5/);
      assert.match(await funnel.innerText(), /Leads created/);
      // The funnel's own pipeline: its deals only, without the lead steps (a lead has no pipeline).
      await page.getByLabel("Funnel pipeline").selectOption({ label: "Sales" });
      await funnelSays(/^(?![\s\S]*Leads created)[\s\S]*Deals created\s+5/);
      assert.match(await page.locator("section[aria-labelledby=funnel-heading] > p").first().innerText(), /Leads belong to no pipeline/);
      await screenshot(page, "reports-1440");
    } else {
      await screenshot(page, "reports-dark-1440");
    }
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
