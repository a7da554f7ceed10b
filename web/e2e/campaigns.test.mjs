// Email campaigns in the browser against a real server and a real SMTP server (scripts/smtp-server.sh):
// a marketer's first campaign written in the editor (the merge-field picker, an HTML body whose
// style and script the preview frame applies and drops), previewed on a desktop and a phone width,
// sent as a test that arrives with [Test] and the contact's name, then sent to a small segment
// after the confirmation states the audience after consent (2 of 4 receive it: 1 without consent,
// 1 without an address); the results page shows the numbers and every recipient as the messages
// arrive at the SMTP server. The segment builder then offers the sent campaign in its "opened a
// campaign" condition. The editor asks for UTM parameters; the results show the deals it influenced
// under the model and window chosen; the send's "on its way" toast goes once it is sent. axe on the
// list, the editor, the confirmation and the results; screenshots at 1440x900 and 390x844.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, screenshot, axeViolations, go, settled, until, adminAt, ADMIN_EMAIL, startSmtp, received } from "./harness.mjs";


let server;
let browser;
let admin;
let sink;
let segment;
const people = {};

before(async () => {
  sink = startSmtp();
  // The SMTP server is on 127.0.0.1, which the outbound policy refuses unless allowed; a campaign
  // needs the address recipients reach this server at (its unsubscribe link).
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1", "--public-url", "https://crm.campaign.example"] });
  browser = await launchBrowser();
  admin = await server.login();
  await admin.call("PUT", "/api/v1/email/settings", { host: "127.0.0.1", port: sink.port, security: "none", sender: "news@rapport.example" });
  people.eve = await admin.post("/api/v1/contacts", { first_name: "Eve", last_name: "Noaddress", country: "DE" });
  people.carla = await admin.post("/api/v1/contacts", { first_name: "Carla", last_name: "Cruz", email: "carla@campaign.example", country: "DE" });
  people.ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@campaign.example", country: "DE" });
  people.bob = await admin.post("/api/v1/contacts", { first_name: "Bob", last_name: "Babbage", email: "bob@campaign.example", country: "DE" });
  await admin.post("/api/v1/contacts", { first_name: "Fritz", last_name: "Elsewhere", email: "fritz@campaign.example", country: "AT" });
  for (const p of [people.ada, people.bob, people.eve])
    await admin.post(`/api/v1/contacts/${p.id}/consents`, { channel: "email_marketing", status: "granted", source: "manual" });
  segment = await admin.post("/api/v1/segments", { name: "Germany", object: "contacts", filter: { country: { eq: "DE" } } });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

/** The preview frame's document as text, and the computed colour of its first paragraph. */
async function previewOf(page) {
  const frame = page.frameLocator("iframe[title^='The email as shown']");
  await frame.locator("p").first().waitFor();
  const text = await frame.locator("body").innerText();
  const color = await frame.locator("p").first().evaluate((p) => getComputedStyle(p).color);
  const scripts = await frame.locator("script").count();
  return { text, color, scripts };
}

test("a campaign written, previewed on a desktop and a phone, tested, sent to a segment after the confirmation, and its results", async () => {
  const page = await adminAt(browser, server.url, "/marketing/campaigns", "Campaigns");
  await page.getByText("No campaigns yet").waitFor();
  assert.deepEqual(await axeViolations(page), []);

  await page.getByRole("button", { name: "New campaign" }).first().click();
  await settled(page, "New campaign");
  await page.getByLabel("Name", { exact: true }).fill("Spring newsletter");
  await page.getByLabel("Subject", { exact: true }).fill("Spring news for ");
  // The picker inserts at the caret of the part last edited: the subject.
  await page.getByLabel("Insert a merge field").selectOption("contact.first_name");
  assert.equal(await page.getByLabel("Subject", { exact: true }).inputValue(), "Spring news for {{contact.first_name}}");
  await page
    .getByRole("group", { name: "Segments" })
    .first()
    .getByRole("checkbox", { name: /^Germany/ })
    .check();
  await page
    .getByLabel("Email body (HTML)")
    .fill('<h1>Spring</h1><p style="color: rgb(200, 0, 0)">Dear {{contact.first_name}} {{contact.last_name}},</p><p>Our news.</p><script>document.title = "ran"</script>');
  const before = await previewOf(page);
  assert.match(before.text, /Dear (Ada Lovelace|Bob Babbage|Carla Cruz|Eve Noaddress),/, "filled from a member of the segment");
  assert.equal(before.color, "rgb(200, 0, 0)", "the message's own style applied");
  assert.equal(before.scripts, 0, "no script in the preview");
  // UTM parameters on its links: asked for, the source given, the others left to their defaults.
  await page.getByRole("checkbox", { name: "Add UTM parameters to links" }).check();
  await page.getByLabel("utm_source", { exact: true }).fill("spring-news");
  assert.equal(await page.getByLabel("utm_medium", { exact: true }).getAttribute("placeholder"), "Empty: email");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL((u) => /^\/marketing\/campaigns\/[0-9a-f-]{36}$/.test(u.pathname));
  await settled(page, "Campaign: Spring newsletter");
  const id = new URL(page.url()).pathname.split("/").pop();
  const stored = await admin.get(`/api/v1/campaigns/${id}`);
  assert.deepEqual(stored.utm, { source: "spring-news", medium: "email", campaign: "Spring newsletter" });
  assert.equal(await page.getByLabel("utm_source", { exact: true }).inputValue(), "spring-news", "the editor shows what was stored");

  // The preview filled from a chosen contact, on a phone's width.
  await page.getByLabel("Fill in as").fill("Ada");
  const option = page.getByRole("option", { name: /Ada Lovelace/ });
  const found = await until(async () => (await option.count()) > 0 || (await page.getByText(/No contact matches/).count()) > 0, "the contact search");
  if (found && (await option.count())) {
    await option.first().click();
    await until(async () => (await previewOf(page)).text.includes("Dear Ada Lovelace,"), "the preview filled from Ada");
  }
  await screenshot(page, "campaign-editor-desktop-1440");
  await page.getByRole("button", { name: "Phone" }).click();
  assert.equal(await page.getByRole("button", { name: "Phone" }).getAttribute("aria-pressed"), "true");
  await page.getByTestId("campaign-preview").scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-preview-phone-1440");
  assert.deepEqual(await axeViolations(page), []);

  // A test to the marketer's own address: it arrives, marked [Test], filled from the contact.
  assert.equal(await page.getByLabel("To", { exact: true }).inputValue(), ADMIN_EMAIL);
  await page.getByRole("button", { name: "Send test" }).click();
  await page.getByText(`Test sent to ${ADMIN_EMAIL}`).waitFor();
  const test1 = await until(() => received(sink.dir)[0], "the test at the SMTP server", 10000);
  assert.deepEqual(test1.rcpt_tos, [ADMIN_EMAIL]);
  assert.match(test1.raw, /Subject: \[Test\] Spring news for/);

  // The confirmation states the audience after consent before anything is sent.
  await page.getByRole("button", { name: "Review and send…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send Spring newsletter?" });
  await dialog.getByTestId("send-reach").waitFor();
  const reach = await dialog.getByTestId("send-reach").innerText();
  assert.match(reach, /2\s+contacts will receive it/);
  assert.match(reach, /Of 4 contacts in the audience/);
  assert.match(reach, /1\s+have not agreed to marketing email/);
  assert.match(reach, /0\s+are on the suppression list/);
  assert.match(reach, /1\s+have no email address/);
  assert.equal(received(sink.dir).length, 1, "nothing sent before the confirmation");
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "campaign-send-confirmation-1440");
  await dialog.getByRole("button", { name: "Send to 2 contacts" }).click();

  // The results, while it sends and once it is sent.
  await page.waitForURL((u) => u.pathname === `/marketing/campaigns/${id}/results`);
  await settled(page, "Results: Spring newsletter");
  await until(async () => (await page.getByText("Finished", { exact: false }).count()) > 0, "the campaign sent", 30000, 500);
  // The send's "on its way" toast does not outlive the sending.
  await until(async () => (await page.getByText("Spring newsletter is on its way").count()) === 0, "the toast gone once sent", 1500, 100);
  const mailed = await until(() => (received(sink.dir).length >= 3 ? received(sink.dir).slice(1) : null), "the two messages", 10000);
  const to = mailed.flatMap((m) => m.rcpt_tos).sort();
  assert.deepEqual(to, ["ada@campaign.example", "bob@campaign.example"]);
  assert.ok(mailed.some((m) => /Subject: Spring news for Ada/.test(m.raw)));
  await until(async () => (await page.getByTestId("tile-delivered").innerText()).includes("2"), "2 delivered", 10000);
  assert.match(await page.getByTestId("tile-recipients").innerText(), /4/);
  assert.match(await page.getByTestId("tile-skipped").innerText(), /2/);
  await page.getByText("Skipped: 1 without an address", { exact: false }).or(page.getByText(/1 without an email address/)).first().waitFor();
  const table = page.getByRole("table", { name: "Recipients" });
  await table.getByRole("link", { name: "ada@campaign.example" }).waitFor();
  await table.getByRole("link", { name: "carla@campaign.example" }).waitFor();
  // The retry state: one try, the SMTP server's 250 (a skipped one had none).
  const adaCells = await table.getByRole("row", { name: /ada@campaign\.example/ }).getByRole("cell").allInnerTexts();
  assert.deepEqual(adaCells.slice(-2), ["1", "250"]);
  await table.scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-recipients-1440");
  await page.getByLabel("Show", { exact: true }).selectOption("skipped");
  await until(async () => (await table.getByRole("link", { name: "ada@campaign.example" }).count()) === 0, "only the skipped");
  await table.getByText("without consent").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.getByLabel("Show", { exact: true }).selectOption("");
  await table.getByRole("link", { name: "ada@campaign.example" }).waitFor();
  await screenshot(page, "campaign-results-1440");

  // The deals it influenced: the model and the window chosen; nobody clicked, so none.
  const attribution = page.getByRole("region", { name: "Influenced deals" });
  await attribution.getByTestId("tile-deals").waitFor();
  assert.match(await attribution.getByTestId("tile-deals").innerText(), /0/);
  await attribution.getByLabel("Attribution model").selectOption("first_touch");
  await attribution.getByText(/first click on any campaign within the window/).waitFor();
  await attribution.getByLabel("Window (days)").fill("400");
  await attribution.getByText("A whole number of days from 1 to 365.").waitFor();
  await attribution.getByLabel("Window (days)").fill("90");
  await attribution.getByText("Window: 90 days.", { exact: false }).waitFor();
  await attribution.getByTestId("attribution-amounts").waitFor();
  assert.match(await page.getByTestId("tile-complained").innerText(), /Marked as spam/);
  assert.deepEqual(await axeViolations(page), []);
  await attribution.scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-attribution-1440");

  // The list says it was sent; the segment builder offers it in "opened a campaign".
  await go(page, "/marketing/campaigns");
  await settled(page, "Campaigns");
  const row = page.getByRole("row", { name: /Spring newsletter/ });
  await until(async () => /✓\s*Sent/.test(await row.innerText()), "the list's status Sent");
  await screenshot(page, "campaign-list-1440");
  await go(page, `/marketing/segments/${segment.id}`);
  await settled(page, /Germany/);
  await page.getByRole("button", { name: "Add condition", exact: true }).click();
  await page.getByLabel("Condition 2: field or fact").selectOption("@opened_campaign");
  await page.getByLabel("Condition 2: campaign").selectOption({ label: "Spring newsletter" });
  await page.getByLabel("Condition 2: within this many days (empty: any time)").fill("30");
  // Nobody opened it (the test SMTP server has no reader): the count follows to 0.
  await until(async () => (await page.getByTestId("segment-count").textContent()) === "0", "the count 0");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("the campaign pages on a phone", async () => {
  const page = await adminAt(browser, server.url, "/marketing/campaigns", "Campaigns", { width: 390, height: 844 });
  await page.getByRole("link", { name: "Spring newsletter" }).click();
  await settled(page, "Results: Spring newsletter");
  await page.getByTestId("tile-delivered").waitFor();
  await screenshot(page, "campaign-results-390");
  await page.getByRole("region", { name: "Influenced deals" }).scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-attribution-390");
  assert.deepEqual(await axeViolations(page), []);
  await go(page, "/marketing/campaigns/new");
  await settled(page, "New campaign");
  await page.getByLabel("Email body (HTML)").fill("<p>Hello {{contact.first_name}}</p>");
  await page.getByRole("checkbox", { name: "Add UTM parameters to links" }).check();
  await page.getByLabel("utm_campaign", { exact: true }).scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-editor-utm-390");
  await page.getByRole("button", { name: "Phone" }).click();
  await page.getByTestId("campaign-preview").scrollIntoViewIfNeeded();
  await screenshot(page, "campaign-editor-390");
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.problems, []);
  await page.close();
});
