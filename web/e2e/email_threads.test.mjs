// Email threads on a record, in the browser against a real server and a real SMTP server: a raw
// message posted to the inbound route (as an MTA would, with the workspace's secret) shows on the
// contact's Emails tab in its thread; Reply opens the send dialog on the thread (To the sender,
// "Re:" the subject) and the reply lands in the same thread, with In-Reply-To at the SMTP server.
// The BCC address with its copy button; Settings → Email shows the delivery address and regenerates
// the secret after a confirmation. axe in light and dark at 1440 and 375, screenshots of each.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until, root, adminAt as sharedAdminAt } from "./harness.mjs";

const SMTP = join(root, "scripts/smtp-server.sh");

let server;
let browser;
let admin;
let sink;
let ada;
let secret;

function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), "rapport-smtp-"));
  const port = Number(execFileSync("bash", [SMTP, "start", dir], { encoding: "utf8" }).trim());
  return { dir, port, stop: () => execFileSync("bash", [SMTP, "stop", dir]) };
}

/** The raw messages the SMTP server accepted, in order. */
function received(dir) {
  const where = join(dir, "messages");
  if (!existsSync(where)) return [];
  return readdirSync(where)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => readFileSync(join(where, f), "utf8"));
}

/** Posts a raw RFC 5322 message to the inbound route, as an MTA pipe does. */
async function deliver(raw) {
  const r = await fetch(`${server.url}/api/v1/inbound-email`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", authorization: `Bearer ${secret}` },
    body: raw,
  });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text).email;
}

before(async () => {
  sink = startSmtp();
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"] });
  browser = await launchBrowser();
  admin = await server.login();
  await admin.call("PUT", "/api/v1/email/settings", {
    host: "127.0.0.1",
    port: sink.port,
    security: "none",
    sender: "sales@rapport.test",
    inbound_domain: "in.rapport.test",
  });
  secret = (await admin.post("/api/v1/email/inbound-secret")).secret;
  ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" });
  // An earlier conversation, so the tab has more than one thread.
  await deliver(
    "From: Ada Lovelace <ada@example.com>\r\nTo: sales@rapport.test\r\nSubject: Invoice 2026-11\r\nMessage-ID: <invoice.1@example.com>\r\n" +
      "Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
      "<p>Hello,</p><p>the invoice for <b>November</b> is attached&hellip; <script>alert(1)</script></p>\r\n",
  );
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
});

const adminAt = (path, heading, options) => sharedAdminAt(browser, server.url, path, heading, options);

test("a message posted to the inbound route shows in its thread on the contact; the reply joins the thread", async () => {
  const question = await deliver(
    "From: Ada Lovelace <ada@example.com>\r\nTo: sales@rapport.test\r\nCc: charles@example.com\r\nSubject: Engine pricing\r\n" +
      "Message-ID: <pricing.1@example.com>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" +
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
      "Dear team,\r\nwhat would the Analytical Engine cost?\r\nAda\r\n--b\r\nContent-Type: application/pdf\r\n" +
      "Content-Disposition: attachment; filename=requirements.pdf\r\n\r\n%PDF-1.4 requirements\r\n--b--\r\n",
  );
  assert.deepEqual(question.contact_ids, [ada.id]);

  const page = await adminAt(`/contacts/${ada.id}`, "Ada Lovelace");
  await page.getByRole("tab", { name: "Emails" }).click();
  const threads = page.getByRole("region", { name: "Emails of this record" }).or(page.getByLabel("Emails of this record"));
  const row = threads.getByRole("button", { name: /Engine pricing/ });
  await row.waitFor();
  assert.equal(await row.getAttribute("aria-expanded"), "false");
  // The HTML-only message reads as text, its script never run nor shown.
  await threads.getByRole("button", { name: /Invoice 2026-11/ }).click();
  await threads.getByText("the invoice for November is attached…").waitFor();
  assert.equal(await threads.getByText("alert(1)").count(), 0);
  await row.click();
  assert.equal(await row.getAttribute("aria-expanded"), "true");
  const messages = threads.getByRole("list", { name: "Messages of Engine pricing" });
  await messages.getByText("what would the Analytical Engine cost?").waitFor();
  await messages.getByText("Received").waitFor();
  const file = messages.getByRole("link", { name: /requirements\.pdf/ });
  assert.equal(await file.getAttribute("href"), `/api/v1/attachments/${question.attachments[0].id}`);
  // The BCC address, with its copy button.
  await threads.getByRole("button", { name: "Get my BCC address" }).click();
  // The click's POST makes the address; read it once it exists (the GET may come first).
  let bcc = null;
  await until(async () => (bcc = (await admin.get("/api/v1/email/bcc-address")).address) != null, "the BCC address made", 10000);
  await threads.getByText(bcc).waitFor();
  await threads.getByRole("button", { name: "Copy address" }).waitFor();
  await screenshot(page, "email-thread-1440");

  // Reply: the dialog starts from the thread.
  await threads.getByRole("button", { name: "Reply" }).click();
  const dialog = page.getByRole("dialog", { name: "Reply · Re: Engine pricing" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("To").inputValue(), "ada@example.com");
  assert.equal(await dialog.getByLabel("Cc").inputValue(), "charles@example.com");
  assert.equal(await dialog.getByRole("textbox", { name: "Subject" }).inputValue(), "Re: Engine pricing");
  await dialog.getByLabel("Message").fill("Dear Ada,\nabout 25,000 pounds.\nThe team");
  await dialog.getByRole("button", { name: "Send" }).click();
  await dialog.waitFor({ state: "detached" });

  // The reply is in the thread (sent by now), and went out threaded.
  await messages.getByText("about 25,000 pounds.").waitFor();
  await messages.getByText(/^↑\s*Sent$/).waitFor({ timeout: 20000 }); // read again while it was queued
  const raw = await until(() => received(sink.dir)[0], "the reply at the SMTP server", 10000);
  assert.match(raw, /^In-Reply-To: <pricing\.1@example\.com>\r$/m);
  assert.match(raw, /^Subject: Re: Engine pricing\r$/m);
  const list = await admin.get(`/api/v1/emails?contact_id=${ada.id}&thread_id=${question.thread_id}`);
  assert.deepEqual(
    list.data.map((e) => e.subject),
    ["Re: Engine pricing", "Engine pricing"],
  );
  await screenshot(page, "email-thread-replied-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("Settings → Email shows where mail is delivered and regenerates the secret after asking", async () => {
  const page = await adminAt("/settings/email", "Email");
  const section = page.getByRole("region", { name: "Receiving email" });
  await section.getByText(`POST ${server.url}/api/v1/inbound-email`).waitFor();
  await section.getByText(/Secret made .* last used/).waitFor();
  assert.equal(await page.getByLabel("Inbound domain").inputValue(), "in.rapport.test");
  await section.getByRole("button", { name: "Regenerate secret" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Regenerate the inbound secret?" });
  await confirm.getByText("The current secret stops working at once").waitFor();
  await confirm.getByRole("button", { name: "Regenerate secret" }).click();
  const shown = page.getByRole("dialog", { name: "The new secret" });
  const fresh = await shown.getByTestId("inbound-secret").textContent();
  assert.match(fresh, /^rpi_/);
  await screenshot(page, "email-inbound-secret-1440");
  await shown.getByRole("button", { name: "I copied the secret" }).click();
  // The old secret no longer delivers; the new one does.
  const old = await fetch(`${server.url}/api/v1/inbound-email`, {
    method: "POST",
    headers: { "content-type": "message/rfc822", authorization: `Bearer ${secret}` },
    body: "From: a@example.com\r\nMessage-ID: <x@example.com>\r\n\r\nx",
  });
  assert.equal(old.status, 401);
  secret = fresh;
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the Emails tab and the email settings have no serious accessibility violation, light and dark, 1440 and 375", async () => {
  for (const width of [1440, 375]) {
    const page = await newPage(browser, { width, height: width > 800 ? 900 : 812 });
    await signIn(page, server.url);
    await go(page, `/contacts/${ada.id}`);
    await settled(page, "Ada Lovelace");
    if (width < 800) await page.getByRole("tab", { name: "Timeline" }).click();
    await page.getByRole("tab", { name: "Emails" }).click();
    const row = page.getByRole("button", { name: /Engine pricing/ });
    await row.click();
    await page.getByText("about 25,000 pounds.").waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `email-thread-${width}` }), [], `contact emails ${width}`);
    await go(page, "/settings/email");
    await settled(page, "Email");
    assert.deepEqual(await axeLightAndDark(page, { shot: `email-settings-inbound-${width}` }), [], `email settings ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
