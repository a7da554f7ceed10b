// Support's admin pages in the browser against a real server: business hours made in the editor
// (a second interval on Monday, a holiday; an emptied time refused at its interval), an SLA policy on
// them (conditions as chips, a duration that is not one refused at its field before sending), the
// calendar's delete refused while the policy uses it (409 said in the dialog), a macro (an unknown
// merge field refused at the text; a field inserted at the cursor from the picker; field changes).
// Then a new ticket the policy matches shows its SLA badge, and the macro applied on the ticket's
// page changes it and posts the reply. axe in light and dark at 1440 and 375 on each page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, axeLightAndDark, go, settled, until, adminAt } from "./harness.mjs";

let server;
let browser;
let admin;
let team;
let ada;
const made = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  const me = await admin.get("/api/v1/auth/me");
  team = await admin.post("/api/v1/teams", { name: "Tier 1", member_ids: [me.user_id] });
  const acme = await admin.post("/api/v1/companies", { name: "Acme Industries" });
  ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@customer.example", company_id: acme.id });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("business hours: made in the editor, an emptied time refused at its interval, then saved whole", async () => {
  const page = await adminAt(browser, server.url, "/settings/business-hours", "Business hours");
  await page.getByText("No business hours yet").waitFor();
  await page.getByRole("button", { name: "Add business hours" }).first().click();
  await settled(page, "New business hours");
  await page.getByLabel("Name", { exact: true }).fill("Berlin office");

  const zone = page.getByRole("combobox", { name: "Time zone" });
  await zone.fill("berlin");
  await page.getByRole("listbox").getByRole("option", { name: /Europe\/Berlin/ }).click();
  await until(async () => (await zone.inputValue()) === "Europe/Berlin", "the zone chosen");

  // Weekdays start 09:00-17:00; Monday gets an evening interval, which is then emptied.
  assert.equal(await page.getByLabel("Monday: interval 1 opens").inputValue(), "09:00");
  assert.equal(await page.getByLabel("Saturday: interval 1 opens").count(), 0, "Saturday is closed");
  await page.getByRole("button", { name: "Add hours on Monday" }).click();
  assert.equal(await page.getByLabel("Monday: interval 2 opens").inputValue(), "18:00");
  await page.getByLabel("Monday: interval 2 opens").fill("");
  await page.getByLabel("Holiday date").fill("2026-12-25");
  await page.getByRole("button", { name: "Add holiday" }).click();
  await page.getByRole("button", { name: /Remove Dec 25, 2026/ }).waitFor();

  await page.getByRole("button", { name: "Create business hours" }).click();
  await page.getByText("Opens must be a time HH:MM from 00:00 to 23:59").waitFor();
  assert.equal(await page.getByLabel("Monday: interval 2 opens").getAttribute("aria-invalid"), "true", "marked at its interval");
  assert.equal((await admin.get("/api/v1/business-hours")).data.length, 0, "nothing stored");

  await page.getByLabel("Monday: interval 2 opens").fill("18:30");
  await page.getByRole("button", { name: "Create business hours" }).click();
  await page.getByText("Business hours Berlin office created.").waitFor();
  await settled(page, "Business hours: Berlin office");
  const [cal] = (await admin.get("/api/v1/business-hours")).data;
  assert.equal(cal.time_zone, "Europe/Berlin");
  assert.deepEqual(cal.week.mon, [
    { open: "09:00", close: "17:00" },
    { open: "18:30", close: "21:00" },
  ]);
  assert.deepEqual(cal.week.sat, []);
  assert.deepEqual(cal.holidays, ["2026-12-25"]);
  made.calendar = cal;
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an SLA policy on those hours: conditions as chips, a bad duration said at its field before sending", async () => {
  const page = await adminAt(browser, server.url, "/settings/sla-policies", "SLA policies");
  await page.getByRole("button", { name: "Add SLA policy" }).first().click();
  await settled(page, "New SLA policy");
  await page.getByLabel("Name", { exact: true }).fill("Urgent customers");
  await page.getByRole("checkbox", { name: "Urgent" }).check();
  const tags = page.getByRole("textbox", { name: "Tags" });
  await tags.fill("vip");
  await tags.press("Enter");
  await page.getByRole("button", { name: "Remove vip" }).waitFor();

  const first = page.getByRole("group", { name: "First response" });
  await first.getByLabel("First response time").fill("soon");
  await page.getByRole("radio", { name: "Always the business hours Berlin office" }).check();
  await page.getByRole("button", { name: "Create SLA policy" }).click();
  await first.getByText("Type a duration such as 4h, 1d 2h, 30m, or a number of minutes.").waitFor();
  assert.equal((await admin.get("/api/v1/sla-policies")).data.length, 0, "nothing sent");

  // "90" is shown back as 1h 30m when the field is left.
  await first.getByLabel("First response time").fill("90");
  await first.getByLabel("First response time").blur();
  await until(async () => (await first.getByLabel("First response time").inputValue()) === "1h 30m", "the duration tidied");
  await page.getByRole("group", { name: "Resolution" }).getByLabel("Resolution time").fill("1d 2h");
  await page.getByRole("button", { name: "Create SLA policy" }).click();
  await page.getByText("SLA policy Urgent customers created.").waitFor();
  await settled(page, "SLA policy: Urgent customers");
  const [policy] = (await admin.get("/api/v1/sla-policies")).data;
  assert.deepEqual(policy.conditions, { priority: ["urgent"], company_id: [], tags: ["vip"] });
  assert.deepEqual(policy.targets, { first_response: 90, resolution: 26 * 60 });
  assert.equal(policy.business_hours_id, made.calendar.id);
  assert.deepEqual(policy.warning, { percent: 80 });
  made.policy = policy;

  // A second policy, then the list's order changed with the buttons (positions saved).
  await admin.post("/api/v1/sla-policies", { name: "Everyone else", targets: { first_response: 480 }, calendar_time: true });
  await go(page, "/settings/sla-policies");
  await settled(page, "SLA policies");
  await page.getByText("Priority is Urgent and Tagged vip").waitFor();
  await page.getByRole("button", { name: "Move Everyone else up" }).click();
  await page.getByText("Order saved: Everyone else is now number 1.").waitFor();
  await until(async () => (await admin.get("/api/v1/sla-policies")).data[0].name === "Everyone else", "the order stored");
  await page.getByRole("button", { name: "Move Urgent customers up" }).click();
  await page.getByText("Order saved: Urgent customers is now number 1.").waitFor();
  await until(async () => (await admin.get("/api/v1/sla-policies")).data[0].name === "Urgent customers", "the order stored back");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("deleting business hours a policy uses: the dialog names the policy and shows the server's refusal", async () => {
  const page = await adminAt(browser, server.url, "/settings/business-hours", "Business hours");
  await page.getByRole("row", { name: /Berlin office/ }).getByText("Policy Urgent customers").waitFor();
  await page.getByRole("button", { name: "Delete Berlin office" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete business hours Berlin office?" });
  await dialog.getByText("SLA policy Urgent customers counts on these hours").waitFor();
  await dialog.getByRole("button", { name: "Delete Berlin office" }).click();
  await dialog.getByText(/SLA policies use this calendar \(Urgent customers\)/).waitFor();
  assert.equal((await admin.get("/api/v1/business-hours")).data.length, 1, "still there");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a macro: an unknown merge field refused at the text, a field inserted at the cursor, field changes", async () => {
  const page = await adminAt(browser, server.url, "/settings/macros", "Macros");
  await page.getByRole("button", { name: "Add macro" }).first().click();
  await settled(page, "New macro");
  await page.getByLabel("Name", { exact: true }).fill("Refund sent");
  const body = page.getByRole("textbox", { name: "Text" });
  await body.fill("Hi {{contact.nickname}}");
  await page.getByRole("button", { name: "Create macro" }).click();
  await page.getByText(/unknown merge field \{\{contact\.nickname\}\}/).waitFor();
  assert.equal(await body.getAttribute("aria-invalid"), "true");
  assert.equal((await admin.get("/api/v1/macros")).data.length, 0, "nothing stored");

  await body.fill("Hi ");
  await body.press("End");
  await page.getByLabel("Insert a merge field").selectOption("contact.first_name");
  await until(async () => (await body.inputValue()) === "Hi {{contact.first_name}}", "the field inserted");
  // The cursor back in the text, right after the inserted field (focus and caret are set in one frame).
  await until(
    () => page.evaluate(() => document.activeElement?.tagName === "TEXTAREA" && document.activeElement.selectionStart === "Hi {{contact.first_name}}".length),
    "the cursor back in the text after the field",
  );
  // and the frame that placed it is over, so no keystroke lands before it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.type(", your refund is on its way.");
  assert.equal(await body.inputValue(), "Hi {{contact.first_name}}, your refund is on its way.");
  await page.getByLabel("Status").selectOption("pending");
  const addTags = page.getByRole("textbox", { name: "Add tags" });
  await addTags.fill("refund");
  await addTags.press("Enter");
  await page.getByRole("button", { name: "Create macro" }).click();
  await page.getByText("Macro Refund sent created.").waitFor();
  const [macro] = (await admin.get("/api/v1/macros")).data;
  assert.equal(macro.kind, "reply");
  assert.equal(macro.shared, true);
  assert.deepEqual(macro.changes, { status: "pending", add_tags: ["refund"] });
  made.macro = macro;
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a new ticket the policy matches shows its SLA badge; the macro applied on its page changes it and replies", async () => {
  const ticket = await admin.post("/api/v1/tickets", { subject: "Charged twice", requester_id: ada.id, priority: "urgent", tags: ["vip"], team_id: team.id });
  assert.equal(ticket.sla?.policy_id, made.policy.id, "timed by the policy");
  const page = await adminAt(browser, server.url, `/tickets/${ticket.id}`, /Charged twice/);
  const badges = page.getByRole("group", { name: "Service level" });
  await badges.getByText("First response").waitFor();
  await badges.getByText("Resolution").waitFor();

  await page.getByRole("button", { name: "Macros" }).click();
  const dialog = page.getByRole("dialog", { name: "Apply a macro" });
  await dialog.getByRole("button", { name: /Refund sent/ }).click();
  await page.getByText("Macro “Refund sent” applied.").waitFor();
  const after = await admin.get(`/api/v1/tickets/${ticket.id}`);
  assert.equal(after.status, "pending");
  assert.deepEqual([...after.tags].sort(), ["refund", "vip"]);
  const messages = (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data;
  assert.equal(messages.at(-1).kind, "reply");
  assert.equal(messages.at(-1).body, "Hi Ada, your refund is on its way.");
  await page.getByText("Hi Ada, your refund is on its way.").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the pages pass axe in light and dark at 1440 and 375", async () => {
  const pages = [
    ["/settings/business-hours", "Business hours", "hours"],
    [`/settings/business-hours/${made.calendar.id}`, "Business hours: Berlin office", "hours-editor"],
    ["/settings/sla-policies", "SLA policies", "sla"],
    [`/settings/sla-policies/${made.policy.id}`, "SLA policy: Urgent customers", "sla-editor"],
    ["/settings/macros", "Macros", "macros"],
    [`/settings/macros/${made.macro.id}`, "Macro: Refund sent", "macro-editor"],
  ];
  for (const [width, height] of [
    [1440, 900],
    [375, 812],
  ]) {
    const page = await newPage(browser, { width, height });
    await signIn(page, server.url);
    for (const [path, heading, shot] of pages) {
      await go(page, path);
      await settled(page, heading);
      assert.deepEqual(await axeLightAndDark(page, { shot: `support-admin-${shot}-${width}` }), [], `${path} ${width}`);
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
