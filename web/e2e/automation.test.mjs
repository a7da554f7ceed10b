// Settings → Automations against a real server: a rule made in the UI ("when a deal's stage
// changes to Won, create a task") runs when a deal is moved through the API, its run is in the
// rule's log and the task is on the deal; a refused value (a 422) shows on its input; the actions
// reorder by keyboard; the dry run says the plan and writes nothing; a 412 shows the other version
// and "save mine" sends only mine; a rule the server paused says why, and Enable resumes it; a sales
// rep sees no Automations entry; axe in light and dark on the list, the editor and the run log at 1440 and 375;
// a rule on tickets gives a new ticket to a team's next agent (assign_round_robin).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, axeAdminPages, go, settled, until, adminAt as openAsAdmin } from "./harness.mjs";

const REP = { email: "robin.rep@example.com", password: "Rep-e2e-pass-2026" };
const RULE = "Won deal → hand-over task";
const TASK = "Send the hand-over notes";

let server;
let browser;
let admin;
let stage; // name → stage
let pipeline;
let deal;
let ruleId;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  await admin.post("/api/v1/users", { ...REP, name: "Robin Rep", role: "sales_rep" });
  pipeline = await admin.post("/api/v1/pipelines", {
    name: "New business",
    stages: [
      { name: "Proposal", type: "open", probability: 50 },
      { name: "Won", type: "won", probability: 100 },
      { name: "Lost", type: "lost", probability: 0 },
    ],
  });
  stage = Object.fromEntries(pipeline.stages.map((s) => [s.name, s]));
  deal = await admin.post("/api/v1/deals", { name: "Orbital Freight", pipeline_id: pipeline.id, stage_id: stage.Proposal.id, amount: 1250000, currency: "EUR", expected_close_date: "2027-03-31" });
  await admin.post("/api/v1/deals", { name: "Lunar Cargo", pipeline_id: pipeline.id, stage_id: stage.Proposal.id, amount: 300000, currency: "EUR", expected_close_date: "2027-04-30" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const adminAt = (path, heading, options) => openAsAdmin(browser, server.url, path, heading, options);

const tasksOf = async (dealId) => (await admin.get(`/api/v1/deals/${dealId}/timeline?limit=50`)).data.filter((a) => a.type === "task");

test("a rule made in the UI runs when a deal is won: the run in its log, the task on the deal", async () => {
  const page = await adminAt("/settings/automations", "Automations");
  await page.getByText("No automation rules yet").waitFor();
  await screenshot(page, "automation-list-empty-1440");
  await page.getByRole("button", { name: "New rule" }).first().click();
  await settled(page, "New automation rule");

  await page.getByLabel("Name").fill(RULE);
  assert.equal(await page.getByLabel("Records").inputValue(), "deals");
  await page.getByLabel("Starts when").selectOption("stage_changed");
  await page.getByLabel("To stage").selectOption({ label: "Won" });
  await page.getByText("When a deal's stage changes to Won").waitFor();
  const first = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "1. Create a task" }) });
  await first.getByLabel("Task title").fill(TASK);
  await first.getByLabel("Due in (days)").fill("2");
  await screenshot(page, "automation-editor-new-1440");
  await page.getByRole("button", { name: "Create rule" }).click();
  await page.waitForURL((u) => /^\/settings\/automations\/[0-9a-f-]{36}$/.test(u.pathname));
  ruleId = page.url().split("/").pop();
  await settled(page, `Rule · ${RULE}`);
  const rule = await admin.get(`/api/v1/automations/${ruleId}`);
  assert.deepEqual(rule.trigger, { type: "stage_changed", to_stage_id: stage.Won.id });
  assert.deepEqual(rule.actions, [{ type: "create_task", title: TASK, due_in_days: 2, assignee: "owner" }]);

  // The list says it in words.
  await go(page, "/settings/automations");
  await settled(page, "Automations");
  const row = page.getByRole("row").filter({ hasText: RULE });
  await row.getByText("When a deal's stage changes to Won").waitFor();
  await row.getByText(/^✓\s*On$/).waitFor();
  await row.getByText("v1").waitFor();
  await row.getByText("Not yet").waitFor();

  // A deal moved to Won through the API starts it.
  await admin.patch(`/api/v1/deals/${deal.id}`, { stage_id: stage.Won.id });
  const [task] = await until(async () => {
    const t = await tasksOf(deal.id);
    return t.length ? t : null;
  }, "the rule's task on the deal", 15000, 200);
  assert.equal(task.subject, TASK);

  // Its log: the run, its trigger, the record (a link), the version, the step's outcome.
  await row.getByRole("link", { name: `Run log of ${RULE}` }).click();
  await settled(page, `Run log · ${RULE}`);
  const log = page.getByRole("table", { name: "Run log" });
  await log.getByText(/^✓\s*Done$/).waitFor({ timeout: 15000 });
  await log.getByText("Stage changed").waitFor();
  await log.getByText(`create the task “${TASK}”`, { exact: false }).waitFor();
  await screenshot(page, "automation-runs-1440");
  await log.getByRole("link", { name: "Orbital Freight" }).click();
  await page.waitForURL((u) => u.pathname === `/deals/${deal.id}`);
  await page.getByText(TASK).first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a value the server refuses shows on its input; actions reorder by keyboard", async () => {
  const page = await adminAt("/settings/automations/new", "New automation rule");
  await page.getByLabel("Name").fill("Ping the warehouse");
  // A webhook to a private address: the server refuses it at creation, naming actions.1.url.
  await page.getByLabel("Action to add").selectOption("call_webhook");
  await page.getByRole("button", { name: "Add an action" }).click();
  const hook = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "2. Call a webhook" }) });
  await hook.getByLabel("URL").fill("http://10.1.2.3/hook");
  const firstTask = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "1. Create a task" }) });
  await firstTask.getByLabel("Task title").fill("Check the stock");

  // Keyboard: the webhook's handle lifted with Space, moved up, dropped.
  await page.getByRole("button", { name: "Move action 2, Call a webhook" }).focus();
  await page.keyboard.press("Space");
  await page.waitForTimeout(150);
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(250);
  await page.keyboard.press("Space");
  await page.getByRole("heading", { name: "1. Call a webhook" }).waitFor();
  await page.getByRole("heading", { name: "2. Create a task" }).waitFor();
  // …and back with the button.
  await page.getByRole("button", { name: "Move action 2 down" }).waitFor();
  await page.getByRole("button", { name: "Move action 1 down" }).click();
  await page.getByRole("heading", { name: "2. Call a webhook" }).waitFor();

  await page.getByRole("button", { name: "Create rule" }).click();
  const url = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "2. Call a webhook" }) }).getByLabel("URL");
  await until(async () => (await url.getAttribute("aria-invalid")) === "true", "the URL to be marked invalid");
  const message = await page.locator(`#${(await url.getAttribute("aria-describedby")).split(" ")[0]}`).textContent();
  assert.ok(message && message.length > 5, `the server's message under the URL: ${message}`);
  assert.equal(new URL(page.url()).pathname, "/settings/automations/new", "nothing was created");
  assert.equal((await admin.get("/api/v1/automations")).data.filter((r) => r.name === "Ping the warehouse").length, 0);
  await screenshot(page, "automation-editor-422-1440");

  // A schedule the server cannot read: its error on the cron input.
  await page.getByRole("button", { name: "Remove action 2" }).click();
  await page.getByLabel("Starts when").selectOption("schedule");
  await page.getByText("On a schedule: At 09:00, on Monday to Friday").waitFor();
  await page.getByLabel("Schedule (cron)").fill("0 9 * *");
  await page.getByText("Five fields are needed").waitFor();
  await page.getByLabel("Schedule (cron)").fill("61 * * * *");
  await page.getByRole("button", { name: "Create rule" }).click();
  const cron = page.getByLabel("Schedule (cron)");
  await until(async () => (await cron.getAttribute("aria-invalid")) === "true", "the cron to be marked invalid");
  assert.equal(new URL(page.url()).pathname, "/settings/automations/new");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the dry run says what the rule would do to a record and writes nothing", async () => {
  const other = (await admin.get("/api/v1/deals?filter[name][eq]=Lunar%20Cargo")).data[0];
  const runsBefore = (await admin.get(`/api/v1/automations/${ruleId}/runs`)).data.length;
  const page = await adminAt(`/settings/automations/${ruleId}`, `Rule · ${RULE}`);
  await page.getByRole("button", { name: "Test on a record" }).click();
  const dialog = page.getByRole("dialog", { name: `Test “${RULE}” on a record` });
  await dialog.getByLabel("Find a record").fill("Lunar");
  await dialog.getByRole("radio", { name: /Lunar Cargo/ }).check();
  await dialog.getByRole("button", { name: "Run the test" }).click();
  await dialog.getByText("No conditions: the rule acts on every record.").waitFor();
  await dialog.getByText(`create the task “${TASK}”`, { exact: false }).waitFor();
  await dialog.getByText("Dry run: nothing was written.").waitFor();
  await screenshot(page, "automation-test-1440");
  assert.equal((await tasksOf(other.id)).length, 0, "no task was created");
  assert.equal((await admin.get(`/api/v1/automations/${ruleId}/runs`)).data.length, runsBefore, "no run was logged");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a sales rep sees no Automations entry", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, REP.email, REP.password);
  await page.goto(`${server.url}/settings/account`);
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  await sub.getByRole("link", { name: "My account" }).waitFor();
  assert.equal(await sub.getByRole("link", { name: "Automations" }).count(), 0);
  await go(page, "/settings/automations");
  await page.getByRole("heading", { name: "Only administrators can change workspace settings" }).waitFor();
  assert.equal(await page.getByRole("table").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a rule saved by someone else meanwhile: the editor says what they changed, and mine can go over it", async () => {
  const page = await adminAt(`/settings/automations/${ruleId}`, `Rule · ${RULE}`);
  await page.getByLabel("Description").fill("Hands the deal over to delivery");
  await page.getByText("Unsaved changes").waitFor();
  const { version } = await admin.get(`/api/v1/automations/${ruleId}`);
  await admin.call("PATCH", `/api/v1/automations/${ruleId}`, { description: "Changed in another tab" }, { headers: { "If-Match": `"${version}"` } });

  await page.getByRole("button", { name: "Save rule" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "Someone saved this rule while you were editing it" });
  await conflict.getByText("Changed in another tab").waitFor();
  await screenshot(page, "automation-editor-conflict-1440");
  await conflict.getByRole("button", { name: "Save mine over theirs" }).click();
  await page.getByText(`Rule saved (version ${version + 2}).`).waitFor();
  const saved = await admin.get(`/api/v1/automations/${ruleId}`);
  assert.equal(saved.description, "Hands the deal over to delivery");
  assert.equal(saved.name, RULE, "only what I changed was sent");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a rule the server paused says why above the list, and Enable resumes it", async () => {
  const contact = await admin.post("/api/v1/contacts", { first_name: "Busy", last_name: "Record" });
  const busy = await admin.post("/api/v1/automations", {
    name: "Note every change",
    object_type: "contacts",
    trigger: { type: "record_updated" },
    actions: [{ type: "create_activity", kind: "note", subject: "Changed" }],
  });
  // More changes in a minute than the loop guard allows on one record: the server pauses the rule.
  for (let i = 0; i < 22; i++) await admin.patch(`/api/v1/contacts/${contact.id}`, { job_title: `Title ${i}` });
  const paused = await until(async () => {
    const r = await admin.get(`/api/v1/automations/${busy.id}`);
    return r.paused_reason ? r : null;
  }, "the server to pause the rule", 20000, 250);

  const page = await adminAt("/settings/automations", "Automations");
  const notice = page.getByRole("alert").filter({ hasText: "The server paused “Note every change”" });
  await notice.getByText(paused.paused_reason.slice(0, 20), { exact: false }).waitFor();
  // The record by its name (and id), as stored and as said; Enable stays beside it.
  assert.ok(paused.paused_reason.includes(`on contact "Busy Record" (${contact.id})`), paused.paused_reason);
  await notice.getByText(`on contact "Busy Record" (${contact.id})`, { exact: false }).waitFor();
  await page.getByRole("row").filter({ hasText: "Note every change" }).getByText("Paused by the server").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "automation-list-paused-1440");
  await notice.getByRole("button", { name: "Enable rule Note every change" }).click();
  await page.getByText("“Note every change” is on again.").waitFor();
  await until(async () => (await notice.count()) === 0, "the notice to go");
  const r = await admin.get(`/api/v1/automations/${busy.id}`);
  assert.equal(r.enabled, true);
  assert.equal(r.paused_reason, null);
  // Paused again by an admin: no server notice, just the state.
  await page.getByRole("button", { name: "Pause rule Note every change" }).click();
  await page.getByRole("row").filter({ hasText: "Note every change" }).getByText(/^–\s*Paused$/).waitFor();
  assert.equal(await page.getByText("The server paused").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("amounts in the editor are in their currency's own decimals: 1.234 KWD is 1234, ¥1,000 is 1000", async () => {
  const rule = await admin.post("/api/v1/automations", {
    name: "Dinar deals",
    object_type: "deals",
    trigger: { type: "record_created" },
    conditions: [
      { field: "currency", op: "eq", value: "JPY" },
      { field: "amount", op: "gte", value: "1000" },
    ],
    actions: [{ type: "update_fields", fields: { amount: 1234, currency: "KWD" } }],
  });
  const page = await adminAt(`/settings/automations/${rule.id}`, "Rule · Dinar deals");
  await page.getByRole("button", { name: /^Change filter: Amount is at least ¥1,000$/ }).waitFor();
  const amount = page.getByLabel("Value in KWD");
  assert.equal(await amount.inputValue(), "1.234");
  // More decimals than a dinar has are refused where they are typed; three are sent as minor units.
  await amount.fill("2.5005");
  await page.getByText("An amount in KWD has at most 3 decimals.").waitFor();
  await amount.fill("2.5");
  await page.getByRole("button", { name: "Save rule" }).click();
  await page.getByText("Rule saved (version 2).").waitFor();
  assert.deepEqual((await admin.get(`/api/v1/automations/${rule.id}`)).actions[0].fields, { amount: 2500, currency: "KWD" });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe in light and dark on the list, the editor and the run log; screenshots at 1440 and 375", async () => {
  // A rule with every kind of action and a date trigger, made through the API, for its editor.
  const team = await admin.post("/api/v1/teams", { name: "Delivery", member_ids: [] });
  await admin.post("/api/v1/custom-fields", { object_type: "deals", name: "tags", label: "Tags", type: "multi_select", options: ["vip", "renewal"] });
  await admin.post("/api/v1/custom-fields", { object_type: "deals", name: "kickoff", label: "Kick-off date", type: "date" });
  const every = await admin.post("/api/v1/automations", {
    name: "Before closing",
    object_type: "deals",
    trigger: { type: "date_relative", field: "custom.kickoff", offset_days: -3, at: "08:30" },
    conditions: [
      { field: "currency", op: "eq", value: "KWD" },
      { field: "amount", op: "gte", value: "100000" },
    ],
    actions: [
      { type: "update_fields", fields: { amount: 1234, currency: "KWD", custom: { tags: ["vip"] } } },
      { type: "assign_owner", team_id: team.id, mode: "round_robin" },
      { type: "create_activity", kind: "call", subject: "Check the kick-off", body: "Agenda and people" },
      { type: "move_deal", stage_id: stage.Proposal.id },
      { type: "add_tag", field: "custom.tags", value: "renewal" },
    ],
  });
  const pages = [
    ["/settings/automations", "Automations", "automation-list"],
    [`/settings/automations/${ruleId}`, `Rule · ${RULE}`, "automation-editor"],
    [`/settings/automations/${every.id}`, "Rule · Before closing", "automation-editor-every"],
    [`/settings/automations/${ruleId}/runs`, `Run log · ${RULE}`, "automation-runs"],
  ];
  assert.deepEqual(await axeAdminPages(browser, server.url, pages), []);
});

test("a rule on tickets made in the UI gives a new ticket to a team's next agent by its round robin", async () => {
  const tia = await admin.post("/api/v1/users", { email: "tia.agent@example.com", password: "Agent-e2e-pass-2026", name: "Tia Agent", role: "support_agent" });
  const team = await admin.post("/api/v1/teams", { name: "Tier 2", member_ids: [tia.id] });
  const page = await adminAt("/settings/automations", "Automations");
  await page.getByRole("button", { name: "New rule" }).first().click();
  await settled(page, "New automation rule");
  await page.getByLabel("Name").fill("New tickets to Tier 2");
  await page.getByLabel("Records").selectOption("tickets");
  // Tickets start rules on their SLA too; a deal's stage does not fit them.
  const triggers = await page.getByLabel("Starts when").locator("option").allTextContents();
  assert.ok(triggers.includes("An SLA target is missed") && !triggers.includes("The deal's stage changes"), triggers.join(", "));
  await page.getByLabel("Starts when").selectOption("record_created");
  await page.getByText("When a ticket is created").waitFor();
  await page.getByRole("button", { name: "Remove action 1" }).click();
  await page.getByLabel("Action to add").selectOption("assign_round_robin");
  await page.getByRole("button", { name: "Add an action" }).click();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "1. Assign to the team's next agent" }) });
  await card.getByText("as its new tickets do", { exact: false }).waitFor();
  // Saved without a team: the server's refusal shows on the team picker.
  await page.getByRole("button", { name: "Create rule" }).click();
  await card.getByRole("alert").waitFor();
  await card.getByLabel("Team", { exact: true }).selectOption({ label: "Tier 2" });
  await screenshot(page, "automation-editor-round-robin-1440");
  await page.getByRole("button", { name: "Create rule" }).click();
  await page.waitForURL((u) => /^\/settings\/automations\/[0-9a-f-]{36}$/.test(u.pathname));
  const rule = await admin.get(`/api/v1/automations/${page.url().split("/").pop()}`);
  assert.equal(rule.object_type, "tickets");
  assert.deepEqual(rule.trigger, { type: "record_created" });
  assert.deepEqual(rule.actions, [{ type: "assign_round_robin", team_id: team.id }]);

  // A ticket opened through the API goes to Tia, the team's only agent.
  const ticket = await admin.post("/api/v1/tickets", { subject: "Where is my parcel?" });
  await until(async () => (await admin.get(`/api/v1/tickets/${ticket.id}`)).assignee_id === tia.id, "the ticket given to Tia", 15000, 200);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

