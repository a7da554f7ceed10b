// Email in the browser against a real server and a real SMTP server (scripts/smtp-server.sh, as the
// functional email tests use it): an admin sets the mail server up (every 422 on its field, the
// password write-only), writes a template with the merge-field picker (an unknown field refused at
// its line and column, a 412 resolved), sends it from a contact and writes one from a deal — each
// really arrives, and shows queued then sent above the timeline, then on it; a refusing server ends
// in "not sent" with its reason. A sales rep has no email settings but a calendar feed whose URL,
// shown once, serves their meetings until revoked. axe in light and dark at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until, adminAt as sharedAdminAt, startSmtp, received } from "./harness.mjs";

const REP = { email: "sam.rep@example.com", password: "Rep-e2e-pass-2026" };

let server;
let browser;
let admin;
let sink;
let refusing;
let ada;
let bob;
let deal;
let lead;

before(async () => {
  sink = startSmtp("--user", "mailer", "--password", "smtp-secret");
  refusing = startSmtp("--mode", "refuse");
  // The SMTP servers are on 127.0.0.1, which the outbound policy refuses unless allowed; the waits
  // between attempts are scaled down so a refused email gives up within seconds.
  server = await startServer({ args: ["--webhook-allow-host", "127.0.0.1"], env: { RAPPORT_WEBHOOK_TIME_SCALE: "0.0001" } });
  browser = await launchBrowser();
  admin = await server.login();
  await admin.post("/api/v1/users", { ...REP, name: "Sam Rep", role: "sales_rep" });
  ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" });
  bob = await admin.post("/api/v1/contacts", { first_name: "Bob", last_name: "Babbage", email: "bob@example.com" });
  const pipeline = await admin.post("/api/v1/pipelines", {
    name: "Sales",
    stages: [
      { name: "Open", type: "open", probability: 10 },
      { name: "Won", type: "won", probability: 100 },
    ],
  });
  deal = await admin.post("/api/v1/deals", {
    name: "Analytical Engine",
    pipeline_id: pipeline.id,
    stage_id: pipeline.stages[0].id,
    contacts: [{ contact_id: ada.id }, { contact_id: bob.id }],
  });
  lead = await admin.post("/api/v1/leads", { first_name: "Lee", last_name: "Lead", email: "lee@example.com" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  sink?.stop();
  refusing?.stop();
});

/** An admin's page at path, settled on its heading. */
const adminAt = (path, heading, options) => sharedAdminAt(browser, server.url, path, heading, options);

test("Settings → Email: each 422 on its field and nothing stored, then saved; the password is write-only", async () => {
  const page = await adminAt("/settings/email", "Email", { allow: [] });
  await page.getByText("Not set up: nobody can send email yet").waitFor();
  await page.getByLabel("SMTP server").fill("127.0.0.1");
  await page.getByRole("combobox", { name: "Security" }).selectOption("none");  // not the settings navigation's Security group
  assert.equal(await page.getByLabel("Port", { exact: true }).inputValue(), "25", "the usual port follows the security");
  await page.getByLabel("Port", { exact: true }).fill("70000");
  await page.getByLabel("Sender address").fill("not-an-address");
  await page.getByRole("button", { name: "Save settings" }).click();
  const port = page.locator("[aria-describedby]").and(page.getByLabel("Port", { exact: true }));
  await until(async () => (await port.getAttribute("aria-invalid")) === "true", "the port's error");
  assert.equal(await page.getByLabel("Sender address").getAttribute("aria-invalid"), "true");
  assert.equal((await admin.get("/api/v1/email/settings")).configured, false, "nothing stored");

  await page.getByLabel("Port", { exact: true }).fill(String(sink.port));
  await page.getByLabel("Sender address").fill("sales@rapport.test");
  await page.getByLabel("User name").fill("mailer");
  await page.getByRole("textbox", { name: "Password" }).fill("smtp-secret");
  await page.getByText("the password crosses the network unencrypted").waitFor();
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Email settings saved.").waitFor();
  await page.getByText(/^✓ Set up · changed/).waitFor();
  const saved = await admin.get("/api/v1/email/settings");
  assert.equal(saved.password_set, true);
  assert.equal(saved.port, sink.port);
  assert.equal("password" in saved, false, "never answered");
  assert.equal(await page.getByRole("textbox", { name: "Password" }).inputValue(), "", "the form does not hold it either");
  await page.getByText("A password is stored. Leave blank to keep it").waitFor();
  await screenshot(page, "email-settings-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a template written with the picker: an unknown field refused at its place, saved, and a 412 resolved", async () => {
  const page = await adminAt("/settings/email-templates", "Email templates");
  await page.getByText("No email templates yet").waitFor();
  await page.getByRole("button", { name: "New template" }).first().click();
  await settled(page, "New email template");
  await page.getByLabel("Name").fill("Welcome");
  const subject = page.getByRole("textbox", { name: "Subject" });
  await subject.fill("Hello ");
  await subject.press("End");
  const picker = page.getByLabel("Insert a merge field");
  await picker.selectOption("contact.first_name");
  assert.equal(await subject.inputValue(), "Hello {{contact.first_name}}", "inserted at the caret of the part last edited");
  const text = page.getByRole("textbox", { name: "Text", exact: true });
  await text.fill("Dear ");
  await text.press("End");
  await picker.selectOption("contact.first_name");
  await text.press("End");
  await text.type(",\nWelcome {{contact.nope}} aboard.");
  await page.getByText("contact.nope — unknown field").waitFor(); // the preview flags it before saving
  await page.getByRole("button", { name: "Create template" }).click();
  const error = page.getByRole("alert").filter({ hasText: "unknown merge field {{contact.nope}} at line 2, column 9" });
  await error.waitFor();
  const selected = await text.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, "{{contact.nope}}", "the caret is put on the refused field");
  assert.equal((await admin.get("/api/v1/email-templates")).data.length, 0, "nothing stored");
  await screenshot(page, "email-template-422-1440");

  await text.fill("Dear {{contact.first_name}},\nWelcome aboard, {{ contact.last_name }} family.");
  await page.getByRole("button", { name: "Create template" }).click();
  await page.getByText("Template Welcome created.").waitFor();
  await page.waitForURL((u) => /\/settings\/email-templates\/[0-9a-f-]{36}$/.test(u.pathname));
  // The editor of the saved template has read it (its Save button replaces Create) before anyone
  // else changes it; otherwise a slow page would read their version and have nothing to resolve.
  await page.getByRole("button", { name: "Save", exact: true }).waitFor();
  const [made] = (await admin.get("/api/v1/email-templates")).data;
  assert.equal(made.subject, "Hello {{contact.first_name}}");

  // Someone else changes the subject while the editor is open: the save says so and offers both ways.
  await admin.call("PATCH", `/api/v1/email-templates/${made.id}`, { subject: "Hi {{contact.first_name}}" }, { headers: { "If-Match": `"${made.version}"` } });
  await page.getByLabel("Name").fill("Welcome (new customers)");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "Someone saved this template" });
  await conflict.waitFor();
  await conflict.getByText("Hi {{contact.first_name}}").waitFor();
  await conflict.getByRole("button", { name: "Save mine over theirs" }).click();
  await page.getByText("Template saved.").waitFor();
  const after = await admin.get(`/api/v1/email-templates/${made.id}`);
  assert.equal(after.name, "Welcome (new customers)");
  assert.equal(after.subject, "Hi {{contact.first_name}}", "only the name was mine to send: their subject stays");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("sent from a contact with the template and written on a deal: both arrive, queued then sent on the page", async () => {
  const page = await adminAt(`/contacts/${ada.id}`, "Ada Lovelace");
  await page.getByRole("button", { name: "Send email" }).click();
  const dialog = page.getByRole("dialog", { name: "Email Ada Lovelace" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("To").inputValue(), "ada@example.com", "To from the contact");
  await dialog.getByLabel("Cc").fill("bad@");
  await dialog.getByLabel("Template").selectOption({ label: "Welcome (new customers)" });
  await dialog.getByText("Dear ").waitFor();
  await dialog.getByRole("button", { name: "Send" }).click();
  await dialog.getByText("Not an email address: bad@").waitFor();
  await dialog.getByLabel("Cc").fill("");
  await dialog.getByRole("button", { name: "Send" }).click();
  await dialog.waitFor({ state: "detached" });
  const outbox = page.getByRole("list", { name: "Emails sent from this page" });
  await outbox.getByText("Hi Ada").waitFor();
  await outbox.getByText(/To ada@example.com · sent/).waitFor({ timeout: 20000 });
  await page.getByRole("list", { name: "Timeline" }).getByText("Hi Ada").waitFor();
  const first = await until(() => received(sink.dir)[0], "the email at the SMTP server", 10000);
  assert.deepEqual(first.rcpt_tos, ["ada@example.com"]);
  assert.equal(first.auth_user, "mailer", "signed in with the password saved in the form");
  assert.match(first.raw, /^Subject: Hi Ada\r$/m);
  assert.match(first.raw, /Dear Ada,\r\nWelcome aboard, Lovelace family\./);
  await screenshot(page, "email-sent-contact-1440");

  // A deal: To its first contact, Cc the other; written here, by keyboard.
  await go(page, `/deals/${deal.id}`);
  await page.getByRole("heading", { level: 1, name: "Analytical Engine" }).waitFor();
  await page.getByRole("button", { name: "Send email" }).click();
  const d = page.getByRole("dialog", { name: "Email Analytical Engine" });
  await until(async () => (await d.getByLabel("To").inputValue()) === "ada@example.com", "To from the deal's first contact");
  assert.equal(await d.getByLabel("Cc").inputValue(), "bob@example.com");
  await d.getByLabel("To").focus();
  await page.keyboard.press("Tab"); // Cc
  await page.keyboard.press("Tab"); // Template: none
  await page.keyboard.press("Tab");
  await page.keyboard.type("Engine schedule");
  await page.keyboard.press("Tab");
  await page.keyboard.type("The engine ships Monday.\nRegards");
  await d.getByRole("button", { name: "Send" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("list", { name: "Emails sent from this page" }).getByText(/To ada@example.com · sent/).waitFor({ timeout: 20000 });
  const second = await until(() => received(sink.dir)[1], "the deal's email at the SMTP server", 10000);
  assert.deepEqual(second.rcpt_tos.sort(), ["ada@example.com", "bob@example.com"]);
  assert.match(second.raw, /^Subject: Engine schedule\r$/m);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a server that refuses: retried, then not sent with its reason on the page", async () => {
  const s = await admin.get("/api/v1/email/settings");
  await admin.call("PUT", "/api/v1/email/settings", { host: "127.0.0.1", port: refusing.port, security: "none", sender: "sales@rapport.test" }, { headers: { "If-Match": `"${s.version}"` } });
  const page = await adminAt(`/leads/${lead.id}`, "Lee Lead");
  await page.getByRole("button", { name: "Send email" }).click();
  const dialog = page.getByRole("dialog", { name: "Email Lee Lead" });
  assert.equal(await dialog.getByLabel("To").inputValue(), "lee@example.com");
  await dialog.getByLabel("Subject").fill("Following up");
  await dialog.getByLabel("Message").fill("Shall we talk?");
  await dialog.getByRole("button", { name: "Send" }).click();
  const outbox = page.getByRole("list", { name: "Emails sent from this page" });
  await outbox.getByText(/To lee@example.com · not sent: .*451/).waitFor({ timeout: 40000 });
  await page.getByRole("list", { name: "Timeline" }).getByText("Not sent: Following up").waitFor();
  await screenshot(page, "email-failed-lead-1440");
  await outbox.getByRole("button", { name: "Dismiss the notice about Following up" }).click();
  assert.equal(await outbox.count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a rep: no email settings, and a calendar feed whose URL is shown once and serves until revoked", async () => {
  const now = Date.now();
  const rep = await server.login(REP.email, REP.password);
  const own = await rep.post("/api/v1/contacts", { first_name: "Rex", last_name: "Own" });
  await rep.post("/api/v1/activities", {
    type: "meeting",
    subject: "Demo for Rex",
    starts_at: new Date(now + 86400000).toISOString(),
    ends_at: new Date(now + 90000000).toISOString(),
    contact_ids: [own.id],
  });
  const page = await newPage(browser);
  await signIn(page, server.url, REP.email, REP.password);
  await page.getByRole("button", { name: /Sam Rep/ }).click();
  await page.getByRole("menuitem", { name: "Calendar feed" }).click();
  await settled(page, "Calendar feed");
  const sub = page.getByRole("navigation", { name: "Settings pages" });
  assert.equal(await sub.getByRole("link", { name: "Calendar feed" }).count(), 1);
  for (const name of ["Email", "Email templates"]) assert.equal(await sub.getByRole("link", { name, exact: true }).count(), 0, name);
  await page.getByText("No calendar feed yet").waitFor();
  await page.getByText("Google Calendar", { exact: true }).waitFor();
  await page.getByRole("button", { name: "New calendar feed" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New calendar feed" });
  await dialog.getByLabel("Name").fill("Work phone");
  await page.keyboard.press("Enter");
  const url = await page.getByTestId("calendar-feed-url").textContent();
  assert.match(url, /\/api\/v1\/calendar-feed\/rpc_/);
  await screenshot(page, "calendar-feed-created-1440");
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("cell", { name: /^Work phone Created/ }).waitFor();
  assert.equal(await page.getByTestId("calendar-feed-url").count(), 0, "shown once");

  const feed = await fetch(url);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get("content-type"), /text\/calendar/);
  assert.match(await feed.text(), /SUMMARY:Demo for Rex/);

  await page.getByRole("button", { name: "Revoke feed Work phone" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke feed Work phone" }).click();
  await page.getByText("Feed Work phone revoked.").waitFor();
  assert.equal((await fetch(url)).status, 404, "revoked: the URL serves nothing");

  await go(page, "/settings/email");
  await page.getByRole("heading", { name: "Only administrators can change workspace settings" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("axe in light and dark at 1440 and 375: email settings, the template editor, the send dialog, the calendar feed", async () => {
  const [template] = (await admin.get("/api/v1/email-templates")).data;
  for (const width of [1440, 375]) {
    const page = await adminAt("/settings/email", "Email", { width, height: width === 375 ? 812 : 900 });
    await page.getByLabel("SMTP server").waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `email-settings-${width}` }), [], `settings ${width}`);
    await go(page, `/settings/email-templates/${template.id}`);
    await settled(page, /^Template · /);
    assert.deepEqual(await axeLightAndDark(page, { shot: `email-template-${width}` }), [], `template ${width}`);
    await go(page, "/settings/calendar");
    await settled(page, "Calendar feed");
    assert.deepEqual(await axeLightAndDark(page, { shot: `calendar-feed-${width}` }), [], `calendar ${width}`);
    await go(page, `/contacts/${ada.id}`);
    await page.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
    await page.getByRole("button", { name: "Send email" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Template").selectOption({ label: "Welcome (new customers)" });
    await dialog.getByText("Dear ").waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `email-send-dialog-${width}` }), [], `send dialog ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
