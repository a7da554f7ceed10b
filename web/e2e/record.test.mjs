// Record pages and the create dialog: create a company and a contact through the dialog (a bad
// email shows its error on the field and creates nothing), edit a field in place, log a call from
// the composer, a 412 conflict between two tabs resolved by reapplying without loss, delete then
// undo, an XSS name rendered as text, axe in light and dark, screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, axeLightAndDark } from "./harness.mjs";

const XSS = "<img src=x onerror=alert(1)>";
let server;
let browser;
let api;
let ui;
const ids = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  ui = server.url;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(opts = {}) {
  const page = await newPage(browser, opts);
  page.dialogs = [];
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, ui);
  return page;
}

async function go(page, path) {
  await page.goto(`${ui}${path}`);
}

const idFrom = (page) => new URL(page.url()).pathname.split("/")[2];

test("create a company and a contact through the dialog; a bad email shows on the field and creates nothing", async () => {
  const page = await signedIn({ allow: ["422"] });
  await go(page, `/companies`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create" });
  await dialog.getByRole("button", { name: /^Company/ }).waitFor();
  await screenshot(page, "create-dialog-1440");
  await dialog.getByRole("button", { name: /^Company/ }).click();
  const newCompany = page.getByRole("dialog", { name: "New company" });
  await newCompany.getByLabel("Name").fill("Globex Analytical");
  await newCompany.getByLabel("Domain").fill("globex.example");
  // The empty companies list offers its own "Create company" button behind the dialog.
  await newCompany.getByRole("button", { name: "Create company" }).click();
  await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
  ids.company = idFrom(page);
  await page.getByRole("heading", { level: 1, name: "Globex Analytical" }).waitFor();

  // Quick add from the company's related contacts: the dialog arrives linked to the company.
  await page.getByRole("button", { name: "Add contact" }).click();
  const form = page.getByRole("dialog", { name: "New contact" });
  await form.getByLabel("First name").fill("Ada");
  await form.getByLabel("Last name").fill("Lovelace");
  await form.getByLabel("Email").fill("ada-at-globex");
  await form.getByRole("button", { name: "Create contact" }).click();
  const email = form.getByLabel("Email");
  await page.waitForFunction(() => document.querySelector('input[name="email"]')?.getAttribute("aria-invalid") === "true");
  const described = await email.getAttribute("aria-describedby");
  const message = await page.locator(`[id="${described}"]`).textContent();
  assert.match(message ?? "", /email/i);
  assert.equal(await email.inputValue(), "ada-at-globex", "the input is kept");
  const none = await api.get(`/api/v1/contacts?filter[last_name][eq]=Lovelace`);
  assert.equal(none.data.length, 0, "no contact was created");

  await email.fill("ada@globex.example");
  await form.getByRole("button", { name: "Create contact" }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  ids.contact = idFrom(page);
  await page.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
  const created = await api.get(`/api/v1/contacts/${ids.contact}`);
  assert.equal(created.email, "ada@globex.example");
  assert.equal(created.company_id, ids.company);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("edit a field in place and log a call from the composer", async () => {
  const page = await signedIn();
  await go(page, `/contacts/${ids.contact}`);
  await page.getByRole("button", { name: /^Edit Job title/ }).click();
  await page.getByRole("textbox", { name: "Job title" }).fill("Analyst");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Edit Job title: Analyst" }).waitFor();
  assert.equal((await api.get(`/api/v1/contacts/${ids.contact}`)).job_title, "Analyst");

  // Esc cancels without saving.
  await page.getByRole("button", { name: /^Edit City/ }).click();
  await page.getByRole("textbox", { name: "City" }).fill("Nowhere");
  await page.keyboard.press("Escape");
  assert.equal((await api.get(`/api/v1/contacts/${ids.contact}`)).city, null);

  await page.getByRole("tab", { name: "Call" }).click();
  await page.getByRole("textbox", { name: "Text" }).fill("Discussed the analytical engine");
  await page.keyboard.press("Control+Enter");
  await page.getByRole("list", { name: "Timeline" }).getByText("Discussed the analytical engine").first().waitFor();
  const timeline = await api.get(`/api/v1/contacts/${ids.contact}/timeline`);
  assert.ok(timeline.data.some((a) => a.type === "call" && a.body === "Discussed the analytical engine"));

  // The history reads as before → after.
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByText("Analyst").first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a stale edit (412) between two tabs shows both values and reapplying loses nothing", async () => {
  const a = await signedIn({ allow: ["412"] });
  const b = await signedIn({ allow: ["412"] });
  const url = `/contacts/${ids.contact}`;
  await go(a, url);
  await go(b, url);
  // Both open the same field before either saves.
  await a.getByRole("button", { name: /^Edit City/ }).click();
  await b.getByRole("button", { name: /^Edit City/ }).click();
  await a.getByRole("textbox", { name: "City" }).fill("Paris");
  await b.getByRole("textbox", { name: "City" }).fill("Rome");
  await a.keyboard.press("Enter");
  await a.getByRole("button", { name: "Edit City: Paris" }).waitFor();
  // B hears of it live; its input is not overwritten, a quiet hint says so.
  await b.getByRole("status").filter({ hasText: "Changed by someone else" }).waitFor();
  assert.equal(await b.getByRole("textbox", { name: "City" }).inputValue(), "Rome");
  // B saves after A, from the version it started with.
  await b.getByRole("button", { name: "Save City" }).click();
  const panel = b.getByRole("alert").filter({ hasText: "was changed by someone else" });
  await panel.waitFor();
  assert.equal(await b.getByTestId("conflict-theirs").textContent(), "Paris");
  assert.equal(await b.getByTestId("conflict-mine").textContent(), "Rome");
  await screenshot(b, "record-conflict-1440");
  await panel.getByRole("button", { name: "Save my value" }).click();
  await b.getByRole("button", { name: "Edit City: Rome" }).waitFor();
  assert.equal((await api.get(`/api/v1/contacts/${ids.contact}`)).city, "Rome");
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context().close();
  await b.context().close();
});

test("a contact's related deals are the deals it takes part in, whatever their company", async () => {
  const pipeline = await api.post("/api/v1/pipelines", { name: "Related", stages: [{ name: "Open", type: "open" }, { name: "Won", type: "won" }] });
  const grace = await api.post("/api/v1/contacts", { first_name: "Grace", last_name: "Hopper" });
  const deal = (name, extra) => api.post("/api/v1/deals", { name, pipeline_id: pipeline.id, ...extra });
  await deal("Navy compiler", { contacts: [{ contact_id: grace.id, role: "champion" }] });
  await deal("Globex through Grace", { company_id: ids.company, contacts: [{ contact_id: grace.id, role: null }] });
  await deal("Nobody's deal", { company_id: ids.company });
  const page = await signedIn();
  await go(page, `/contacts/${grace.id}`);
  const deals = page.getByRole("region", { name: "Deals", exact: true });
  await deals.getByRole("link", { name: /Navy compiler/ }).waitFor();
  await deals.getByRole("link", { name: /Globex through Grace/ }).waitFor();
  assert.equal(await deals.getByRole("link").count(), 2, "the unlinked deal is not listed");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("delete then undo brings the record back", async () => {
  const victim = await api.post("/api/v1/contacts", { first_name: "Temp", last_name: "Person", company_id: ids.company });
  const page = await signedIn();
  await go(page, `/contacts/${victim.id}`);
  await page.getByRole("button", { name: "Delete" }).click();
  await page.waitForURL((u) => u.pathname === "/contacts");
  await api.call("GET", `/api/v1/contacts/${victim.id}`, undefined, { expect: [404] });
  await page.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await page.waitForURL((u) => u.pathname === `/contacts/${victim.id}`);
  await page.getByRole("heading", { level: 1, name: "Temp Person" }).waitFor();
  assert.equal((await api.get(`/api/v1/contacts/${victim.id}`)).deleted_at, null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a name made of HTML renders as text in the header, the timeline and related lists", async () => {
  const evil = await api.post("/api/v1/contacts", { first_name: XSS, company_id: ids.company });
  await api.post("/api/v1/activities", { type: "note", subject: XSS, body: XSS, contact_ids: [evil.id] });
  const page = await signedIn();
  await go(page, `/contacts/${evil.id}`);
  await page.getByRole("heading", { level: 1, name: XSS }).waitFor();
  await page.getByRole("list", { name: "Timeline" }).getByText(XSS).first().waitFor();
  await go(page, `/companies/${ids.company}`);
  await page.getByRole("complementary").getByText(XSS).waitFor();
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("record pages: axe in light and dark, phone tabs, screenshots", async () => {
  const page = await signedIn();
  await go(page, `/contacts/${ids.contact}`);
  await page.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
  await page.getByRole("list", { name: "Timeline" }).waitFor();
  assert.deepEqual(await axeLightAndDark(page, { shot: "contact-1440" }), [], "contact page");
  await go(page, `/companies/${ids.company}`);
  await page.getByRole("heading", { level: 1, name: "Globex Analytical" }).waitFor();
  await page.getByRole("complementary").getByText("Ada Lovelace").waitFor();
  assert.deepEqual(await axeLightAndDark(page, { shot: "company-1440" }), [], "company page");
  assert.deepEqual(page.problems, []);
  await page.context().close();
  const phone = await signedIn({ width: 375, height: 812 });
  await go(phone, `/contacts/${ids.contact}`);
  await phone.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
  await screenshot(phone, "contact-375");
  // The three columns are tabs: Timeline shows the composer, Related the company.
  await phone.getByRole("tab", { name: "Timeline" }).click();
  await phone.getByRole("tab", { name: "Call" }).waitFor();
  await screenshot(phone, "contact-375-timeline");
  await phone.getByRole("tab", { name: "Related" }).click();
  await phone.getByRole("complementary").getByText("Globex Analytical").waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test("a long email address wraps at its dots and @ on a phone, never inside a word", async () => {
  const email = "maximilian.oberhauser-wittgenstein@analytical-engines-of-cambridge.example.com";
  const c = await api.post("/api/v1/contacts", { first_name: "Maximilian", last_name: "Oberhauser", email });
  const phone = await signedIn({ width: 375, height: 812 });
  await go(phone, `/contacts/${c.id}`);
  const field = phone.locator('button[data-field="email"]');
  await field.waitFor();
  // Each part between break opportunities is one text node; a part whose characters sit on two
  // lines would be a break inside a word.
  const lines = await field.evaluate((button) => {
    const tops = new Set();
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const partTops = new Set();
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        partTops.add(Math.round(range.getBoundingClientRect().top));
      }
      if (partTops.size > 1) return { split: node.data };
      partTops.forEach((top) => tops.add(top));
    }
    return { count: tops.size };
  });
  assert.equal(lines.split, undefined, `"${lines.split}" is broken inside`);
  assert.ok(lines.count >= 2, `the address wraps at 375 px (${lines.count} line)`);
  assert.equal((await field.textContent())?.includes(email), true, "the text is the address, whole");
  await screenshot(phone, "contact-375-long-email");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
