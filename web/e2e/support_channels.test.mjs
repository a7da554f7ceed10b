// Support channels in the browser against a real server: an admin sets up a support mailbox and a
// web form in Settings → Support channels (422s shown at their fields), a customer's mail to the
// mailbox and a post of the public form (fetch, from an allowed site) become tickets seen in the
// inbox; the survey cannot be turned on without --public-url and says so. On the teams page round
// robin is turned on and two new tickets go to two agents; an agent marks themselves away in the
// inbox and is passed over. On a ticket, a reply written while a colleague replied meets the
// collision notice, keeps its text, shows the colleague's reply and is sent anyway; a reply carries
// a file, and so does a note (downloaded from the conversation); a reply whose delivery report
// comes back reads bounced, with a note saying why. axe in light and dark at 1440 and 375, with screenshots of each page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

const KIM = { email: "kim.agent@example.com", password: "Agent-e2e-pass-2026", name: "Kim Agent" };
const LEE = { email: "lee.agent@example.com", password: "Agent-e2e-pass-2027", name: "Lee Agent" };

let server;
let browser;
let admin;
let kim;
let lee;
let tier1;
let secret;

before(async () => {
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"] });
  browser = await launchBrowser();
  admin = await server.login();
  kim = await admin.post("/api/v1/users", { email: KIM.email, password: KIM.password, name: KIM.name, role: "support_agent" });
  lee = await admin.post("/api/v1/users", { email: LEE.email, password: LEE.password, name: LEE.name, role: "support_agent" });
  tier1 = await admin.post("/api/v1/teams", { name: "Tier 1", member_ids: [kim.id, lee.id] });
  // Replies are emailed (so they may carry files); nothing listens on the port, the emails only wait.
  await admin.call("PUT", "/api/v1/email/settings", { host: "127.0.0.1", port: 2, security: "none", sender: "help@acme.example" });
  secret = (await admin.post("/api/v1/email/inbound-secret")).secret;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page signed in as the admin (or `who`) at `path`, settled on `heading`. */
async function at(path, heading, { who, ...options } = {}) {
  const page = await newPage(browser, options);
  await signIn(page, server.url, who?.email, who?.password);
  await go(page, path);
  await settled(page, heading);
  return page;
}

test("a mailbox and a web form set up in Settings: mail and a form post become tickets in the inbox; the survey needs --public-url", async () => {
  const page = await at("/settings/support-channels", "Support channels");
  await page.getByText("No support addresses yet").waitFor();
  // A bad address is refused at its row; nothing is stored.
  await page.getByRole("button", { name: "Add address" }).click();
  await page.getByLabel("Address").fill("support-at-acme");
  await page.getByRole("button", { name: "Save mailboxes" }).click();
  await page.getByText("must be an email address").waitFor();
  assert.deepEqual((await admin.get("/api/v1/support/mailboxes")).mailboxes, []);
  await page.getByLabel("Address").fill("support@acme.example");
  await page.getByLabel("Team queue").selectOption(tier1.id);
  await page.getByRole("button", { name: "Save mailboxes" }).click();
  await page.getByText("Mailboxes saved (1).").waitFor();
  assert.deepEqual((await admin.get("/api/v1/support/mailboxes")).mailboxes, [{ address: "support@acme.example", team_id: tier1.id }]);
  // The delivery address and its secret, as Settings → Email shows them.
  await page.getByRole("heading", { name: "Receiving email" }).waitFor();
  await page.getByText(`POST ${server.url}/api/v1/inbound-email`).waitFor();

  // Mail to the mailbox becomes a ticket of Tier 1.
  const r = await fetch(`${server.url}/api/v1/inbound-email`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", authorization: `Bearer ${secret}` },
    body:
      "From: Grace Hopper <grace@customer.example>\r\nTo: support@acme.example\r\nSubject: Printer on fire\r\nMessage-ID: <fire.1@customer.example>\r\n" +
      "Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIt is on fire.\r\n",
  });
  assert.equal(r.status, 200, await r.text());

  // A web form: a bad site refused at the field, then made; its HTML shown at once.
  await page.getByRole("button", { name: "New web form" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New web form" });
  await dialog.getByLabel("Name").fill("Contact us");
  await dialog.getByLabel("Team queue").selectOption(tier1.id);
  await dialog.getByLabel("Priority").selectOption("high");
  await dialog.getByLabel("Allowed sites").fill("https://www.acme.example\nftp://acme");
  await dialog.getByLabel("After sending, go to").fill("https://www.acme.example/thanks");
  await dialog.getByRole("button", { name: "Create form" }).click();
  await dialog.getByText("ftp://acme: must be a scheme and a host").waitFor();
  assert.deepEqual((await admin.get("/api/v1/web-forms")).data, [], "nothing stored");
  await dialog.getByLabel("Allowed sites").fill("https://www.acme.example");
  await dialog.getByRole("button", { name: "Create form" }).click();
  const embed = page.getByRole("dialog", { name: "Embed Contact us" });
  await embed.waitFor();
  const form = (await admin.get("/api/v1/web-forms")).data[0];
  assert.equal(form.priority, "high");
  assert.equal(form.team_id, tier1.id);
  assert.deepEqual(form.allowed_origins, ["https://www.acme.example"]);
  const html = await embed.getByTestId("embed-html").innerText();
  assert.match(html, /<form method="post" action="[^"]*\/api\/v1\/public\/web-forms\/rwf_/);
  assert.ok(html.includes(form.key), "the form's own key");
  await embed.getByRole("button", { name: "Copy HTML" }).waitFor();
  await embed.getByText("Takes posts from: https://www.acme.example.").waitFor();
  await screenshot(page, "support-channels-embed-1440");
  await embed.getByRole("button", { name: "Done" }).click();
  const row = page.getByRole("row").filter({ hasText: "Contact us" });
  await row.getByText("Tier 1").waitFor();
  await row.getByText("High").waitFor();

  // A customer's site posts the form (a script on the allowed origin).
  const post = await fetch(form.submit_url, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "https://www.acme.example" },
    body: JSON.stringify({ name: "Alan Turing", email: "alan@customer.example", subject: "Invoice address wrong", message: "Please use the new address.", website: "" }),
  });
  assert.equal(post.status, 202, await post.text());
  // "Try it" from this page: the admin's site is not among the allowed ones, and is told so.
  await row.getByRole("button", { name: "Try it: Contact us" }).click();
  const tryIt = page.getByRole("dialog", { name: "Try Contact us" });
  await tryIt.getByLabel("Email").fill("alan@customer.example");
  await tryIt.getByLabel("Subject").fill("From the settings page");
  await tryIt.getByLabel("How can we help?").fill("Trying the form.");
  await tryIt.getByRole("button", { name: "Send" }).click();
  await tryIt.getByText(/does not take requests from/).waitFor();
  await tryIt.getByRole("button", { name: "Cancel" }).click();

  // The survey cannot go on without the server's public address: the server's words, the switch off.
  const survey = page.getByRole("checkbox", { name: "Ask requesters to rate the help they got" });
  await survey.click();
  await page.getByText(/start rapport serve with --public-url/).waitFor();
  assert.equal(await survey.isChecked(), false);
  assert.equal((await admin.get("/api/v1/support/settings")).satisfaction_survey, false);
  await screenshot(page, "support-channels-1440");

  // Both tickets are in the inbox (Tier 1's queue, high priority for the form's).
  await go(page, "/tickets");
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Invoice address wrong").waitFor();
  await page.getByRole("grid").getByText("Printer on fire").waitFor();
  const tickets = (await admin.get("/api/v1/tickets?sort=number")).data;
  const byForm = tickets.find((t) => t.subject === "Invoice address wrong");
  assert.equal(byForm.channel, "web");
  assert.equal(byForm.team_id, tier1.id);
  assert.equal(byForm.priority, "high");
  assert.equal(tickets.find((t) => t.subject === "Printer on fire").team_id, tier1.id);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("round robin on the teams page: two new tickets go to two agents; an agent away is passed over", async () => {
  const page = await at("/settings/teams", "Teams");
  const row = page.getByRole("row").filter({ hasText: "Tier 1" });
  await row.getByText("Off: tickets wait in the queue").waitFor();
  await row.getByRole("button", { name: "Assignment of Tier 1's tickets" }).click();
  const dialog = page.getByRole("dialog", { name: "Assignment of Tier 1's tickets" });
  await dialog.getByLabel("Goes to the next member in turn (round robin)").check();
  await dialog.getByLabel("Open tickets per member").fill("0");
  await dialog.getByRole("button", { name: "Save" }).click();
  await dialog.getByText(/must be an integer from 1 to 10000/).waitFor();
  await dialog.getByLabel("Open tickets per member").fill("5");
  await screenshot(page, "support-assignment-dialog-1440");
  await dialog.getByRole("button", { name: "Save" }).click();
  await row.getByText("Round robin · at most 5 open each · skips who is away").waitFor();
  const setting = await admin.get(`/api/v1/teams/${tier1.id}/assignment`);
  assert.equal(setting.round_robin, true);
  assert.equal(setting.max_open, 5);

  const a = await admin.post("/api/v1/tickets", { subject: "Round robin one", team_id: tier1.id });
  const b = await admin.post("/api/v1/tickets", { subject: "Round robin two", team_id: tier1.id });
  assert.deepEqual(new Set([a.assignee_id, b.assignee_id]), new Set([kim.id, lee.id]), "one each");

  // Kim marks herself away in the inbox: the next tickets go to Lee, and the teams page says so.
  const kimPage = await at("/tickets", "Support", { who: KIM });
  const away = kimPage.getByRole("button", { name: "Away" });
  assert.equal(await away.getAttribute("aria-pressed"), "false");
  await away.click();
  await kimPage.getByText("You are away: no new tickets come to you in turn.").waitFor();
  assert.equal(await away.getAttribute("aria-pressed"), "true");
  await screenshot(kimPage, "support-inbox-away-1440");
  const c = await admin.post("/api/v1/tickets", { subject: "Round robin three", team_id: tier1.id });
  const d = await admin.post("/api/v1/tickets", { subject: "Round robin four", team_id: tier1.id });
  assert.deepEqual([c.assignee_id, d.assignee_id], [lee.id, lee.id], "Kim is away");
  await page.reload();
  await settled(page, "Teams");
  await row.getByText(`Away now: ${KIM.name}`).waitFor();
  await screenshot(page, "support-teams-1440");
  await away.click();
  await kimPage.getByText("You are back: new tickets come to you in turn again.").waitFor();
  assert.equal(await away.getAttribute("aria-pressed"), "false");
  assert.deepEqual(page.problems, []);
  assert.deepEqual(kimPage.problems, []);
  await kimPage.context().close();
  await page.context().close();
});

test("a reply meets the collision notice, keeps its text, shows the colleague's reply and is sent anyway; a reply carries a file", async () => {
  const ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@customer.example" });
  const ticket = await admin.post("/api/v1/tickets", { subject: "Cannot export", requester_id: ada.id, team_id: tier1.id, assignee_id: kim.id });
  const page = await at(`/tickets/${ticket.id}`, /Cannot export/);
  const text = page.getByRole("textbox", { name: "Reply to the requester" });
  await text.fill("Hi Ada, the export works again.");
  // Meanwhile Kim answers.
  const kimApi = await server.login(KIM.email, KIM.password);
  await kimApi.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: "reply", body: "Hi Ada, Kim here: we are on it." });
  await page.getByRole("button", { name: "Send reply" }).click();
  const notice = page.getByRole("alert").filter({ hasText: `${KIM.name} replied while you were typing.` });
  await notice.waitFor();
  assert.equal(await text.inputValue(), "Hi Ada, the export works again.", "the draft is kept");
  assert.equal((await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data.length, 1, "nothing stored");
  await notice.getByRole("button", { name: "See it" }).click();
  const kims = page.getByRole("listitem").filter({ hasText: "Kim here: we are on it." });
  await kims.waitFor();
  await until(() => kims.evaluate((el) => document.activeElement === el), "Kim's reply in focus");
  await screenshot(page, "support-collision-1440");
  await notice.getByRole("button", { name: "Send anyway" }).click();
  await page.getByText("Reply emailed to the requester.").first().waitFor();
  await until(async () => (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data.length === 2, "the reply stored");
  const bodies = (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data.map((m) => m.body);
  assert.deepEqual(bodies, ["Hi Ada, Kim here: we are on it.", "Hi Ada, the export works again."]);
  await screenshot(page, "support-collision-sent-1440");
  assert.equal(await text.inputValue(), "");
  assert.equal(await notice.count(), 0, "the notice is gone");

  // A file with a reply: uploaded when picked, emailed with the reply, listed on the message.
  await text.fill("Here is the export log.");
  await page.getByTestId("reply-files").setInputFiles({ name: "export.log", mimeType: "text/plain", buffer: Buffer.from("export ok\n") });
  await page.getByRole("list", { name: "Files to send" }).getByText("export.log").waitFor();
  await page.getByRole("button", { name: "Send reply" }).click();
  await until(async () => (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data.length === 3, "the reply with its file stored");
  const last = (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data.at(-1);
  assert.equal(last.body, "Here is the export log.");
  assert.deepEqual(last.attachments.map((f) => f.file_name), ["export.log"]);
  await page.getByRole("listitem").filter({ hasText: "Here is the export log." }).getByRole("link", { name: "export.log" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a note carries a file that the team downloads; a reply that bounces shows it and the note saying why", async () => {
  const ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Byron", email: "ada.byron@customer.example" });
  const ticket = await admin.post("/api/v1/tickets", { subject: "Invoice missing", requester_id: ada.id, team_id: tier1.id });
  const page = await at(`/tickets/${ticket.id}`, /Invoice missing/);
  await page.getByRole("tab", { name: /Internal note/ }).click();
  await page.getByRole("textbox", { name: "Internal note" }).fill("The invoice as the customer sent it to finance.");
  await page.getByTestId("reply-files").setInputFiles({ name: "invoice.txt", mimeType: "text/plain", buffer: Buffer.from("INV-2026-001 total 120.00\n") });
  const attached = page.getByRole("list", { name: "Files for the note" });
  await attached.getByText("invoice.txt").waitFor();
  await page.getByText("Kept with the note for your team: never emailed to the requester.").waitFor();
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByText("Note added.").first().waitFor();
  const note = page.getByRole("listitem").filter({ hasText: "The invoice as the customer sent it to finance." });
  const link = note.getByRole("link", { name: "invoice.txt" });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  assert.equal(download.suggestedFilename(), "invoice.txt");
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  assert.equal(Buffer.concat(chunks).toString(), "INV-2026-001 total 120.00\n", "the file downloads as it was attached");
  const stored = (await admin.get(`/api/v1/tickets/${ticket.id}/messages`)).data;
  assert.deepEqual(stored.map((m) => [m.kind, m.attachments.map((f) => f.file_name)]), [["note", ["invoice.txt"]]]);
  assert.equal(await attached.count(), 0, "the composer's files went with the note");
  await screenshot(page, "support-note-file-1440");

  // A reply goes out; its delivery report comes back to the inbound route: the reply reads bounced,
  // with the reason, and a note says so.
  const reply = await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: "reply", body: "Your invoice is attached to your account." });
  const { message_id } = await admin.get(`/api/v1/emails/${reply.email_id}`);
  const report =
    "From: MAILER-DAEMON@mx.acme.example\r\nTo: help@acme.example\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
    "Message-ID: <dsn.1@mx.acme.example>\r\nDate: Fri, 04 Dec 2026 10:00:05 +0000\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n' +
    "--b1\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n" +
    "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\n" +
    "Final-Recipient: rfc822; ada.byron@customer.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n" +
    `--b1\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <${message_id}>\r\nSubject: Re: [#${ticket.number}] Invoice missing\r\n\r\n--b1--\r\n`;
  const r = await fetch(`${server.url}/api/v1/inbound-email`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", authorization: `Bearer ${secret}` },
    body: report,
  });
  assert.equal(r.status, 200, await r.text());
  await page.reload();
  const bounced = page.getByRole("listitem").filter({ hasText: "Your invoice is attached to your account." });
  await bounced.getByText(/↩\s*Bounced/).waitFor();
  // (The reason is the email's latest: here its sending still retries against a closed port.)
  await bounced.getByText(/^Returned by the requester's mail server: /).waitFor();
  const why = page.getByRole("listitem").filter({ hasText: /could not be delivered: ada\.byron@customer\.example: 5\.1\.1 .*User unknown/ });
  await why.getByText("Internal note").waitFor();
  await screenshot(page, "support-bounced-reply-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe finds nothing serious on Support channels, the teams page and the composer's notice, light and dark, at 1440 and 375", async () => {
  const ticket = await admin.post("/api/v1/tickets", { subject: "Axe collision", team_id: tier1.id });
  for (const [width, height] of [
    [1440, 900],
    [375, 812],
  ]) {
    const page = await at("/settings/support-channels", "Support channels", { width, height });
    await page.getByRole("row").filter({ hasText: "Contact us" }).waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-channels-${width}` }), [], `support channels ${width}`);
    await page.getByRole("button", { name: "Embed code of Contact us" }).click();
    await page.getByRole("dialog", { name: "Embed Contact us" }).waitFor();
    const embed = await axeLightAndDark(page, { shot: `support-channels-embed-${width}`, within: '[role="dialog"]' });
    assert.deepEqual(embed, [], `embed ${width}`);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Edit Contact us" }).click();
    await page.getByRole("dialog", { name: "Edit Contact us" }).waitFor();
    const editor = await axeLightAndDark(page, { shot: `support-channels-form-${width}`, within: '[role="dialog"]' });
    assert.deepEqual(editor, [], `form editor ${width}`);
    await page.keyboard.press("Escape");

    await go(page, "/settings/teams");
    await settled(page, "Teams");
    await page.getByText(/Round robin ·/).first().waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-teams-${width}` }), [], `teams ${width}`);
    await page.getByRole("button", { name: "Assignment of Tier 1's tickets" }).click();
    await page.getByRole("dialog", { name: "Assignment of Tier 1's tickets" }).waitFor();
    const assignment = await axeLightAndDark(page, { shot: `support-assignment-${width}`, within: '[role="dialog"]' });
    assert.deepEqual(assignment, [], `assignment ${width}`);
    await page.keyboard.press("Escape");

    await go(page, `/tickets/${ticket.id}`);
    await settled(page, /Axe collision/);
    await page.getByRole("textbox", { name: "Reply to the requester" }).fill("Looking into it.");
    await admin.post(`/api/v1/tickets/${ticket.id}/messages`, { kind: "note", body: `A note at ${width}` });
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText(/added a note while you were typing/).waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-collision-${width}` }), [], `collision ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
