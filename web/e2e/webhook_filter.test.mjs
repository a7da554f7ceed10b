// A webhook's filter made in Settings → Webhooks against a real server delivering to a local
// receiver (--webhook-allow-host 127.0.0.1, as ops.test.mjs): built by keyboard with the lists'
// filter builder, an amount typed in yen (no decimals) with its currency, the filter said in words in
// the list; a matching deal's event reaches the receiver and the others are held back (no delivery
// at all); a filter the server refuses is said at its condition (filter.<i>) or on the section
// (filter); events about several objects leave nothing to filter on; a filter that cannot be asked
// any more (its custom field deleted) holds events back, each a "Not sent" delivery that says why
// and offers to change the filter. axe in light and dark at 1440 and 375, screenshots of each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, startReceiver, launchBrowser, adminAt as openAsAdmin, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

let server;
let browser;
let admin;
let receiver;
let pipeline;
let hookId;

before(async () => {
  receiver = await startReceiver();
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"] });
  browser = await launchBrowser();
  admin = await server.login();
  pipeline = await admin.post("/api/v1/pipelines", { name: "Tokyo", stages: [{ name: "Open", type: "open", probability: 20 }, { name: "Won", type: "won" }] });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.http.close();
});

const adminAt = (path, heading, options) => openAsAdmin(browser, server.url, path, heading, options);
const deal = (name, amount, currency) =>
  admin.post("/api/v1/deals", { name, amount, currency, pipeline_id: pipeline.id, stage_id: pipeline.stages[0].id });
/** What reached the receiver at path, bodies parsed. */
const sentTo = (path) => receiver.received.filter((r) => r.path === path).map((r) => ({ ...r, body: JSON.parse(r.body) }));

test("a filter built by keyboard lets a matching deal's event through and holds the others back", async () => {
  const page = await adminAt("/settings/webhooks", "Webhooks");
  await page.getByRole("button", { name: "New webhook" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New webhook" });
  await dialog.getByLabel("URL").fill(`${receiver.url}/yen`);
  await dialog.getByLabel("Description").fill("Big yen deals");
  // Every event: nothing to filter on, and the section says so.
  await dialog.getByText("With every event chosen there is nothing to filter on", { exact: false }).waitFor();
  await dialog.getByLabel("Only the events I choose").check();
  const box = dialog.getByLabel("deal.created", { exact: true });
  await box.focus();
  await page.keyboard.press("Space");
  await dialog.getByText("Send only the events whose record meets every condition", { exact: false }).waitFor();

  // The condition, by keyboard: Enter on "Add condition", the field and operator chosen with the
  // arrow keys, the currency typed into its picker, the amount typed, Enter to apply.
  await dialog.getByRole("button", { name: "Add condition" }).focus();
  await page.keyboard.press("Enter");
  const cond = page.getByRole("dialog", { name: "Add a condition" });
  const field = cond.getByLabel("Field", { exact: true });
  await field.waitFor();
  assert.equal(await field.evaluate((el) => el === document.activeElement), true, "the field picker has the focus");
  await field.selectOption({ label: "Amount" });
  await page.keyboard.press("Tab");
  await cond.getByLabel("Condition", { exact: true }).selectOption({ label: "is at least" });
  await page.keyboard.press("Tab");
  // No currency named yet: the dialog asks for one and refuses the amount without it.
  const amount = cond.getByLabel(/^(Value|Amount in)/);
  await amount.fill("1000");
  await page.keyboard.press("Enter");
  await cond.getByText("Choose the currency of the amount.").waitFor();
  await cond.getByLabel("Currency", { exact: true }).selectOption("JPY");
  await cond.getByLabel("Amount in JPY").fill("1000.5");
  await page.keyboard.press("Enter");
  await cond.getByText("An amount in JPY has no decimals.").waitFor();
  await cond.getByLabel("Amount in JPY").fill("1000");
  await screenshot(page, "webhook-filter-condition-1440");
  await page.keyboard.press("Enter");
  await cond.waitFor({ state: "detached" });
  await dialog.getByRole("button", { name: /^Change filter: Amount is at least ¥1,000$/ }).waitFor();
  await dialog.getByRole("button", { name: "Change filter: Currency is JPY" }).waitFor();
  await screenshot(page, "webhook-filter-dialog-1440");
  await dialog.getByRole("button", { name: "Create webhook" }).click();
  await page.getByRole("button", { name: "I copied the secret" }).click();

  const [hook] = (await admin.get("/api/v1/webhooks")).data;
  hookId = hook.id;
  assert.deepEqual(
    hook.filter.map((c) => [c.field, c.op, String(c.value)]),
    [
      ["amount", "gte", "1000"],
      ["currency", "eq", "JPY"],
    ],
    "the amount in yen, in minor units (no cents added), with its currency",
  );
  // The list says it in words.
  await page.getByRole("row").filter({ hasText: "Big yen deals" }).getByText("Amount is at least ¥1,000 and Currency is JPY").waitFor();
  await screenshot(page, "webhook-filter-list-1440");

  // Events: only the yen deal of at least ¥1,000 is sent; ¥999 and €15.00 (1500 cents) are held back.
  await deal("Small yen", 999, "JPY");
  await deal("Euro cents", 1500, "EUR");
  const big = await deal("Big yen", 1500, "JPY");
  const first = await until(() => sentTo("/yen")[0], "the matching deal's event to reach the receiver", 15000);
  assert.equal(first.body.type, "deal.created");
  assert.equal(first.body.data.id, big.id);
  await new Promise((r) => setTimeout(r, 2000));
  assert.deepEqual(
    sentTo("/yen").map((r) => r.body.data.name),
    ["Big yen"],
    "the others made no delivery",
  );
  assert.equal((await admin.get(`/api/v1/webhooks/${hookId}/deliveries`)).data.length, 1, "and no log row");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a condition the server refuses is said at the condition; a filter the events cannot take, on the section", async () => {
  const page = await adminAt("/settings/webhooks", "Webhooks");
  await page.getByRole("button", { name: "Edit webhook" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Change webhook" });
  // Contacts instead of deals: the deal's conditions do not compile for contacts.
  await dialog.getByLabel("deal.created", { exact: true }).uncheck();
  await dialog.getByLabel("contact.created", { exact: true }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.getByText(/^Condition 1 \(“.*”\): /).first().waitFor();
  assert.equal(await dialog.locator('[aria-invalid="true"]').count() >= 1, true, "its chip is marked");
  await screenshot(page, "webhook-filter-refused-1440");

  // Events about several objects: nothing to filter on; the kept filter is the server's 422 on `filter`.
  await dialog.getByLabel("deal.created", { exact: true }).check();
  await dialog.getByText("these events are about several", { exact: false }).waitFor();
  await dialog.getByText("This webhook has a filter of 2 condition(s)", { exact: false }).waitFor();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.getByText("applies to event types about one record object", { exact: false }).waitFor();
  // Back to deals only: saved as it was.
  await dialog.getByLabel("contact.created", { exact: true }).uncheck();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  const hook = await admin.get(`/api/v1/webhooks/${hookId}`);
  assert.deepEqual(hook.event_types, ["deal.created"]);
  assert.equal(hook.filter.length, 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a filter that cannot be asked any more holds events back, each logged as Not sent with why", async () => {
  await admin.post("/api/v1/custom-fields", { object_type: "deals", name: "region", label: "Region", type: "text" });
  const hook = await admin.get(`/api/v1/webhooks/${hookId}`);
  await admin.patch(`/api/v1/webhooks/${hookId}`, { filter: [...hook.filter, { field: "custom.region", op: "eq", value: "Kanto" }] });
  const fields = (await admin.get("/api/v1/custom-fields?object_type=deals")).data;
  await admin.call("DELETE", `/api/v1/custom-fields/${fields.find((f) => f.name === "region").id}`);
  await deal("After the field went", 5000, "JPY");
  await until(async () => (await admin.get(`/api/v1/webhooks/${hookId}/deliveries`)).data.find((d) => d.status === "skipped"), "a held-back delivery", 15000);

  const page = await adminAt(`/settings/webhooks/${hookId}`, "Webhook · Big yen deals");
  const log = page.getByRole("table", { name: "Deliveries" });
  await log.getByText(/^–\s*Not sent$/).waitFor();
  await log.getByText("Held back by the filter", { exact: false }).waitFor();
  await screenshot(page, "webhook-filter-held-1440");
  await log.getByRole("button", { name: "Change the filter" }).click();
  const dialog = page.getByRole("dialog", { name: "Change webhook" });
  await dialog.getByRole("button", { name: /^Remove filter: Region is Kanto$/ }).click();
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal((await admin.get(`/api/v1/webhooks/${hookId}`)).filter.length, 2);
  assert.equal(sentTo("/yen").length, 1, "the held-back event was not sent");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe in light and dark on the list, the dialog with a filter and the webhook's page; screenshots at 1440 and 375", async () => {
  const views = [
    ["/settings/webhooks", "Webhooks", "webhook-filter-list", null],
    ["/settings/webhooks", "Webhooks", "webhook-filter-dialog", "Edit webhook"],
    [`/settings/webhooks/${hookId}`, "Webhook · Big yen deals", "webhook-filter-page", null],
  ];
  for (const width of [1440, 375]) {
    const page = await adminAt(views[0][0], views[0][1], { width, height: width > 800 ? 900 : 812 });
    for (const [path, heading, shot, open] of views) {
      await go(page, path);
      await settled(page, heading);
      if (open) {
        await page.getByRole("button", { name: open }).first().click();
        const about = page.getByRole("dialog").getByText("Send only the events whose record meets every condition", { exact: false });
        await about.waitFor();
        await about.scrollIntoViewIfNeeded();
      }
      assert.deepEqual(await axeLightAndDark(page, { shot: `${shot}-${width}` }), [], `${shot} ${width}`);
      if (open) {
        await page.keyboard.press("Escape");
        await page.getByRole("dialog").waitFor({ state: "detached" });
      }
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
