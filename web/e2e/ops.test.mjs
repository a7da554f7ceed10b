// Webhooks and background jobs in settings, against a real server allowed to deliver to a local
// receiver (--webhook-allow-host 127.0.0.1) with the retry waits shortened a hundred-thousandfold
// (RAPPORT_WEBHOOK_TIME_SCALE, as tests/functional/webhooks_test.cpp does): a webhook made in the
// UI shows its secret once, a contact made through the API reaches the receiver signed with that
// secret, the delivery is logged and sent again; a refused URL shows on its field; a stale edit
// shows the other version; a receiver that answers 410 ends its job dead, the jobs page filters
// and retries it, and the server's disabling of the webhook is said on its page; a sales rep sees
// neither page. axe in light and dark, screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { startServer, startReceiver, launchBrowser, newPage, signIn, screenshot, axeViolations, axeAdminPages, go, settled, until, adminAt as openAsAdmin } from "./harness.mjs";

const REP = { email: "robin.rep@example.com", password: "Rep-e2e-pass-2026" };

let server;
let browser;
let admin;
let receiver;
/** What the receiver got: { path, headers, body }. */
let received;
/** /ok answers 200 with a short body, /gone 410 (a receiver that is no more). */
const answer = (path) => (path === "/gone" ? [410, "text/plain", "this endpoint was removed"] : [200, "application/json", '{"received":true}']);

/** Standard Webhooks, checked here independently of the server: v1,base64(HMAC-SHA256(key, id.ts.body)). */
function signedWith(secret, { headers, body }) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`).digest("base64");
  return headers["webhook-signature"].split(" ").includes(`v1,${expected}`);
}

before(async () => {
  receiver = await startReceiver(answer);
  received = receiver.received;
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"], env: { RAPPORT_WEBHOOK_TIME_SCALE: "0.00001" } });
  browser = await launchBrowser();
  admin = await server.login();
  await admin.post("/api/v1/users", { ...REP, name: "Robin Rep", role: "sales_rep" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  receiver?.http.close();
});

const adminAt = (path, heading, options) => openAsAdmin(browser, server.url, path, heading, options);

test("a webhook made in the UI: its secret once, a signed delivery logged, then redelivered", async () => {
  const page = await adminAt("/settings/webhooks", "Webhooks");
  await page.getByText("No webhooks").waitFor();
  await screenshot(page, "ops-webhooks-empty-1440");
  await page.getByRole("button", { name: "New webhook" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New webhook" });
  await dialog.getByLabel("URL").fill(`${receiver.url}/ok`);
  await dialog.getByLabel("Description").fill("Billing sync");
  // Events from the server's list, by keyboard: the radio, then the checkbox toggled with Space.
  await dialog.getByLabel("Only the events I choose").check();
  const box = dialog.getByLabel("contact.created", { exact: true });
  await box.focus();
  await page.keyboard.press("Space");
  assert.equal(await box.isChecked(), true);
  await dialog.getByText("1 chosen").waitFor();
  await screenshot(page, "ops-webhook-create-1440");
  await dialog.getByRole("button", { name: "Create webhook" }).click();

  const secretBox = page.getByTestId("webhook-secret");
  await secretBox.waitFor();
  const secret = (await secretBox.textContent()).trim();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
  await page.getByText("you won't see it again").waitFor();
  await screenshot(page, "ops-webhook-secret-1440");
  await page.getByRole("button", { name: "I copied the secret" }).click();
  await page.getByRole("table").getByText(`${receiver.url}/ok`).waitFor();
  assert.equal(await page.getByText(secret).count(), 0, "the secret is not shown again");
  const [hook] = (await admin.get("/api/v1/webhooks")).data;
  assert.deepEqual(hook.event_types, ["contact.created"]);
  assert.equal(hook.description, "Billing sync");

  // An event: a contact made through the API reaches the receiver, signed with the secret shown.
  await admin.post("/api/v1/contacts", { first_name: "Webhook", last_name: "Subject" });
  const first = await until(() => received.find((r) => r.path === "/ok"), "the delivery to reach the receiver", 15000);
  assert.equal(JSON.parse(first.body).type, "contact.created");
  assert.ok(signedWith(secret, first), "signed with the secret the UI showed");

  // The delivery log, on the webhook's page.
  await page.getByRole("link", { name: `${receiver.url}/ok` }).click();
  await settled(page, "Webhook");
  const log = page.getByRole("table", { name: "Deliveries" });
  await log.getByText("Delivered").waitFor({ timeout: 15000 });
  await log.getByRole("cell", { name: "200", exact: true }).waitFor();
  await log.getByText("contact.created").waitFor();
  await log.getByText("Response").click();
  await log.getByText('{"received":true}').waitFor();
  await screenshot(page, "ops-webhook-page-1440");

  // Redeliver: the same event again, with the same webhook-id, logged as a second delivery.
  await log.getByRole("button", { name: /^Redeliver contact\.created/ }).click();
  await page.getByText("contact.created is being sent again.").waitFor();
  const again = await until(() => received.filter((r) => r.path === "/ok")[1], "the redelivery to reach the receiver", 15000);
  assert.equal(again.headers["webhook-id"], first.headers["webhook-id"]);
  await until(async () => (await log.getByText("Delivered").count()) === 2, "the redelivery to be logged", 15000);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the delivery log and the jobs list page by cursor", async () => {
  const hook = (await admin.get("/api/v1/webhooks")).data.find((w) => w.url.endsWith("/ok"));
  const already = (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=500`)).data.length;
  for (let i = 0; i < 55; i++) await admin.post("/api/v1/contacts", { first_name: "Paged", last_name: `Contact ${i}` });
  const total = already + 55;
  await until(async () => (await admin.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=500`)).data.length === total, "every delivery", 30000, 250);

  const page = await adminAt(`/settings/webhooks/${hook.id}`, "Webhook");
  const rows = page.getByRole("table", { name: "Deliveries" }).locator("tbody tr");
  await until(async () => (await rows.count()) === 25, "the first page of 25");
  for (const n of [50, total]) {
    await page.getByRole("button", { name: "Show older deliveries" }).click();
    await until(async () => (await rows.count()) === n, `${n} deliveries`);
  }
  assert.equal(await page.getByRole("button", { name: "Show older deliveries" }).count(), 0, "no more pages");

  await go(page, "/settings/jobs");
  await settled(page, "Background jobs");
  const jobs = page.getByRole("table", { name: "Background jobs" }).locator("tbody tr");
  await until(async () => (await jobs.count()) === 50, "the first page of 50 jobs");
  await page.getByRole("button", { name: "Show older jobs" }).click();
  await until(async () => (await jobs.count()) > 50, "the next page of jobs");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a refused URL shows on its field and nothing is stored", async () => {
  const before = (await admin.get("/api/v1/webhooks")).data.length;
  const page = await adminAt("/settings/webhooks", "Webhooks");
  await page.getByRole("button", { name: "New webhook" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New webhook" });
  const url = dialog.getByLabel("URL");
  await url.fill("http://10.0.0.1/hook");
  await url.press("Enter"); // Enter submits, with every event (the default)
  await until(async () => (await url.getAttribute("aria-invalid")) === "true", "the URL field to be marked invalid");
  const describedBy = await url.getAttribute("aria-describedby");
  const message = await page.locator(`[id="${describedBy.split(" ")[0]}"]`).textContent();
  assert.ok(message.length > 5, `the server's reason is on the field: ${message}`);
  assert.equal((await admin.get("/api/v1/webhooks")).data.length, before);
  await screenshot(page, "ops-webhook-refused-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an edit that crosses another: both versions, and 'save mine' keeps only what was changed here", async () => {
  const hook = await admin.post("/api/v1/webhooks", { url: `${receiver.url}/ok`, event_types: ["deal.created"], description: "Before" });
  const page = await adminAt(`/settings/webhooks/${hook.id}`, "Webhook");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Change webhook" });
  await dialog.getByLabel("Description").fill("Mine");
  // Someone else adds an event meanwhile.
  await admin.patch(`/api/v1/webhooks/${hook.id}`, { event_types: ["deal.created", "deal.updated"] });
  await dialog.getByRole("button", { name: "Save" }).click();
  const conflict = dialog.getByRole("alert").filter({ hasText: "Someone saved this webhook" });
  await conflict.getByText("deal.created, deal.updated").waitFor();
  await screenshot(page, "ops-webhook-conflict-1440");
  await conflict.getByRole("button", { name: "Save mine over theirs" }).click();
  await page.getByText("Webhook saved.").waitFor();
  const now = await admin.get(`/api/v1/webhooks/${hook.id}`);
  assert.equal(now.description, "Mine");
  assert.deepEqual(now.event_types, ["deal.created", "deal.updated"], "their change is kept");
  await admin.call("DELETE", `/api/v1/webhooks/${hook.id}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a receiver that is gone: the job dies, is found by state and retried; the server disables the webhook and says so", async () => {
  const hook = await admin.post("/api/v1/webhooks", { url: `${receiver.url}/gone`, event_types: ["company.created"], description: "Old CRM" });
  await admin.post("/api/v1/companies", { name: "Gone Ltd" });
  // 8 attempts, each answered 410, with the schedule's waits shortened: the job ends dead.
  const dead = await until(async () => (await admin.get("/api/v1/jobs?state=dead")).data[0], "the delivery job to be dead", 30000, 250);
  assert.equal(dead.type, "webhook.deliver");
  assert.match(dead.last_error, /410/);

  const page = await adminAt("/settings/jobs", "Background jobs");
  const table = page.getByRole("table", { name: "Background jobs" });
  await table.getByText("webhook.deliver").first().waitFor();
  assert.ok((await table.getByText("Succeeded").count()) >= 1, "the first test's deliveries are listed");
  await page.getByLabel("State").selectOption("dead");
  await until(
    async () => (await table.getByText("Succeeded").count()) === 0 && (await table.getByText("Dead").count()) === 1,
    "the filter to leave only the dead job",
  );
  await table.getByText("the receiver answered 410").waitFor();
  await screenshot(page, "ops-jobs-dead-1440");

  // Its detail: the payload and each failed attempt.
  await page.getByRole("button", { name: `Details of job webhook.deliver ${dead.id.slice(-8)}` }).click();
  const detail = page.getByRole("dialog", { name: "Job webhook.deliver" });
  await detail.getByText(hook.id).first().waitFor();
  assert.equal(await detail.getByRole("table", { name: "Attempts" }).getByText("Failed", { exact: true }).count(), 8);
  await screenshot(page, "ops-job-detail-1440");
  assert.deepEqual(await axeViolations(page), []);
  await detail.getByRole("button", { name: "Close" }).click();

  // Past the (shortened) 5 days of failures, a retry fails again and the server disables the webhook.
  await until(async () => {
    const w = await admin.get(`/api/v1/webhooks/${hook.id}`);
    return w.failing_since && Date.now() - Date.parse(w.failing_since) > 5000;
  }, "5 shortened days of failure", 10000);
  await page.getByRole("button", { name: `Retry job webhook.deliver ${dead.id.slice(-8)}` }).click();
  await page.getByText("Job webhook.deliver queued again.").waitFor();
  await until(async () => !(await admin.get(`/api/v1/webhooks/${hook.id}`)).enabled, "the server to disable the webhook", 15000, 250);

  await go(page, "/settings/webhooks");
  await settled(page, "Webhooks");
  const notice = page.getByRole("alert").filter({ hasText: `Deliveries to ${receiver.url}/gone have stopped` });
  await notice.getByText(/every delivery failed since/).waitFor();
  await page.getByRole("table").getByText("Disabled by the server").waitFor();
  await screenshot(page, "ops-webhooks-disabled-1440");
  await notice.getByRole("link", { name: "Open the webhook to enable it" }).click();
  await settled(page, "Webhook");
  await screenshot(page, "ops-webhook-disabled-page-1440");
  await page.getByRole("button", { name: "Enable" }).first().click();
  await page.getByText("Webhook enabled: new events are sent again.").waitFor();
  await until(async () => (await page.getByText("Deliveries to this webhook have stopped").count()) === 0, "the notice to go");
  const w = await admin.get(`/api/v1/webhooks/${hook.id}`);
  assert.equal(w.enabled, true);
  assert.equal(w.disabled_reason, null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a job waiting for its next attempt is cancelled, after a confirmation that says what it means", async () => {
  // A server with the real schedule: after its second failure the job waits 5 minutes, queued.
  const slow = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"] });
  try {
    const api = await slow.login();
    await api.post("/api/v1/webhooks", { url: `${receiver.url}/gone`, event_types: ["company.created"] });
    await api.post("/api/v1/companies", { name: "Waiting Ltd" });
    const job = await until(
      async () => (await api.get("/api/v1/jobs?state=queued&type=webhook.deliver")).data.find((j) => j.attempts >= 2),
      "the job to wait for its third attempt",
      20000,
      250,
    );
    const page = await newPage(browser);
    await signIn(page, slow.url);
    await go(page, "/settings/jobs");
    await settled(page, "Background jobs");
    await page.getByLabel("Type").fill("webhook.deliver");
    const table = page.getByRole("table", { name: "Background jobs" });
    await table.getByText(/^Runs in/).waitFor();
    await table.getByRole("button", { name: `Cancel job webhook.deliver ${job.id.slice(-8)}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Cancel this webhook.deliver job?" });
    await confirm.getByText("It will not run.").waitFor();
    await confirm.getByRole("button", { name: "Cancel job" }).click();
    await page.getByText("Job webhook.deliver cancelled.").waitFor();
    await table.getByText("Cancelled").waitFor();
    assert.equal((await api.get(`/api/v1/jobs/${job.id}`)).state, "cancelled");
    // Cancelled can be retried: the button is there now.
    await table.getByRole("button", { name: `Retry job webhook.deliver ${job.id.slice(-8)}` }).waitFor();
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    await slow.stop();
  }
});

test("a sales rep sees neither page", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, REP.email, REP.password);
  await page.goto(`${server.url}/settings/account`);
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  await sub.getByRole("link", { name: "My account" }).waitFor();
  for (const name of ["Webhooks", "Background jobs"]) assert.equal(await sub.getByRole("link", { name }).count(), 0, name);
  for (const path of ["/settings/webhooks", "/settings/jobs"]) {
    await go(page, path);
    await page.getByRole("heading", { name: "Only administrators can change workspace settings" }).waitFor();
    assert.equal(await page.getByRole("table").count(), 0, path);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe in light and dark on both pages and a webhook's page; screenshots at 1440 and 375", async () => {
  const hook = (await admin.get("/api/v1/webhooks")).data.find((w) => w.url.endsWith("/ok"));
  const pages = [
    ["/settings/webhooks", "Webhooks", "ops-webhooks"],
    [`/settings/webhooks/${hook.id}`, "Webhook", "ops-webhook-page"],
    ["/settings/jobs", "Background jobs", "ops-jobs"],
  ];
  assert.deepEqual(await axeAdminPages(browser, server.url, pages), []);
});
