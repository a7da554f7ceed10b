// An admin's privacy actions on a contact's page: the export downloads a JSON file about the
// contact; a consent is recorded, then withdrawn, in the consents dialog and listed each time; the
// erasure dialog names what goes (name, addresses, how many activities are erased and unlinked),
// cancelling leaves the contact whole, confirming (after typing the name) erases it: the toast says
// that a saved view lost the filter naming her, the list and the record page show what the server
// answers (gone; 404). A sales rep sees none of it. axe
// in light and dark on both dialogs; screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, axeLightAndDark } from "./harness.mjs";

const XSS = "<img src=x onerror=alert(1)>";
const REP = { email: "rep@example.com", password: "Rep-pass-2026-long" };
let server;
let browser;
let api;
let marie;
let pierre;
let repContact;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  const lab = await api.post("/api/v1/companies", { name: "Radium Institute" });
  marie = await api.post("/api/v1/contacts", {
    first_name: "Marie",
    last_name: "Curie",
    email: "marie@radium.example",
    phone: "+33 1 23 45 67 89",
    company_id: lab.id,
  });
  pierre = await api.post("/api/v1/contacts", { first_name: "Pierre", last_name: "Curie", company_id: lab.id });
  // One activity about Marie only (erased with her), one shared with Pierre (loses her link).
  await api.post("/api/v1/activities", { type: "note", subject: "Private chat", body: "About polonium", contact_ids: [marie.id] });
  await api.post("/api/v1/activities", { type: "call", subject: "Call with both", contact_ids: [marie.id, pierre.id] });
  // A shared view whose filter names Marie's address: erasing her takes the condition out of it.
  await api.post("/api/v1/views", {
    object_type: "contacts",
    name: "Marie's mail",
    visibility: "workspace",
    filters: [{ field: "email", op: "eq", value: "marie@radium.example" }],
  });
  const rep = await api.post("/api/v1/users", { ...REP, name: "Robin Rep", role: "sales_rep" });
  repContact = await api.post("/api/v1/contacts", { first_name: "Rosalind", last_name: "Franklin", owner_id: rep.id });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(opts = {}, who) {
  const page = await newPage(browser, opts);
  page.dialogs = [];
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, server.url, who?.email, who?.password);
  return page;
}

async function openContact(page, c, name) {
  await page.goto(`${server.url}/contacts/${c.id}`);
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

test("the export downloads the contact's data as JSON", async () => {
  const page = await signedIn();
  await openContact(page, marie, "Marie Curie");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export data (JSON)" }).click()]);
  assert.equal(download.suggestedFilename(), `contact-${marie.id}.json`);
  const text = await readFile(await download.path(), "utf8");
  const data = JSON.parse(text); // throws when the file is not JSON
  const flat = JSON.stringify(data);
  assert.ok(flat.includes(marie.id), "the export is about this contact");
  assert.ok(flat.includes('"Marie"') && flat.includes('"Curie"'), "it names the contact");
  assert.ok(flat.includes("marie@radium.example"));
  assert.ok(flat.includes("Private chat"), "with its activities");
  await page.getByRole("status").getByText("The contact's data was downloaded.").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a consent is recorded, then withdrawn, and listed each time", async () => {
  const page = await signedIn();
  await openContact(page, marie, "Marie Curie");
  await page.getByRole("button", { name: "Consents" }).click();
  const dialog = page.getByRole("dialog", { name: "Consents of Marie Curie" });
  await dialog.waitFor();
  const state = (channel) => dialog.locator("dt", { hasText: channel }).locator("xpath=following-sibling::dd[1]");
  assert.equal(await state("Email marketing").textContent(), "No consent recorded");

  await dialog.getByLabel("Channel").selectOption({ label: "Email marketing" });
  await dialog.getByLabel("Status").selectOption({ label: "Granted" });
  await dialog.getByLabel("Source").selectOption({ label: "Web form" });
  await dialog.getByLabel("Note").fill("Signed up at the fair");
  await dialog.getByRole("button", { name: "Record" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("dd")].some((d) => d.textContent?.startsWith("Granted · Web form")));
  let api1 = await api.get(`/api/v1/contacts/${marie.id}/consents`);
  assert.equal(api1.current.email_marketing.status, "granted");
  assert.equal(api1.current.email_marketing.source, "web_form");
  await screenshot(page, "privacy-consents-1440");

  await dialog.getByLabel("Status").selectOption({ label: "Withdrawn" });
  await dialog.getByLabel("Source").selectOption({ label: "Unsubscribe link" });
  await dialog.getByLabel("Note").fill("");
  await dialog.getByRole("button", { name: "Record" }).click();
  await page.waitForFunction(() => [...document.querySelectorAll("dd")].some((d) => d.textContent?.startsWith("Withdrawn · Unsubscribe link")));
  assert.match((await state("Email marketing").textContent()) ?? "", /^Withdrawn · Unsubscribe link · [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  assert.equal(await state("Phone").textContent(), "No consent recorded");
  api1 = await api.get(`/api/v1/contacts/${marie.id}/consents`);
  assert.equal(api1.current.email_marketing.status, "withdrawn");
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("privacy dialogs: axe in light and dark, screenshots at 1440 and 375", async () => {
  const page = await signedIn();
  await openContact(page, marie, "Marie Curie");
  await page.getByRole("button", { name: "Consents" }).click();
  await page.getByRole("dialog", { name: "Consents of Marie Curie" }).getByText("Withdrawn", { exact: false }).first().waitFor();
  assert.deepEqual(await axeLightAndDark(page, { shot: "privacy-consents-1440" }), [], "consents dialog");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Erase personal data…" }).click();
  const erase = page.getByRole("alertdialog", { name: "Erase Marie Curie for good?" });
  await erase.getByText("activities about this person only: 1").waitFor();
  assert.deepEqual(await axeLightAndDark(page, { shot: "privacy-erase-1440" }), [], "erase dialog");
  assert.deepEqual(page.problems, []);
  await page.context().close();
  const phone = await signedIn({ width: 375, height: 812 });
  await openContact(phone, marie, "Marie Curie");
  await phone.getByRole("tab", { name: "Related" }).click();
  await phone.getByRole("button", { name: "Erase personal data…" }).waitFor();
  await screenshot(phone, "privacy-actions-375");
  await phone.getByRole("button", { name: "Erase personal data…" }).click();
  await phone.getByRole("alertdialog").getByText("activities about this person only: 1").waitFor();
  await screenshot(phone, "privacy-erase-375");
  assert.deepEqual(await axeViolations(phone), []);
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test("erasure names what goes; cancel leaves the contact, confirm erases it", async () => {
  const page = await signedIn();
  await openContact(page, marie, "Marie Curie");
  await page.getByRole("button", { name: "Erase personal data…" }).click();
  const erase = page.getByRole("alertdialog", { name: "Erase Marie Curie for good?" });
  await erase.getByText("activities about this person only: 1").waitFor();
  const text = (await erase.textContent()) ?? "";
  assert.match(text, /This cannot be undone\./);
  assert.match(text, /the name Marie Curie and every personal field of the contact/);
  // The phone as the server stores it (E.164).
  assert.ok(text.includes(`its emails and phones: marie@radium.example, ${marie.phone}`), text);
  assert.match(text, /activities about this person only: 1; activities shared with other records \(1\) lose the link to the person/);

  // The button waits for the name; cancel changes nothing.
  const confirm = erase.getByRole("button", { name: "Erase for good" });
  assert.equal(await confirm.isDisabled(), true);
  await erase.getByLabel("Type Marie Curie to confirm").fill("Marie");
  assert.equal(await confirm.isDisabled(), true);
  await erase.getByRole("button", { name: "Cancel" }).click();
  await erase.waitFor({ state: "detached" });
  await page.getByRole("heading", { level: 1, name: "Marie Curie" }).waitFor();
  const intact = await api.get(`/api/v1/contacts/${marie.id}`);
  assert.equal(intact.email, "marie@radium.example");
  assert.equal(intact.first_name, "Marie");

  await page.getByRole("button", { name: "Erase personal data…" }).click();
  await erase.getByLabel("Reason (no personal data)").fill("Request by e-mail, ticket 42");
  await erase.getByLabel("Type Marie Curie to confirm").fill("Marie Curie");
  await confirm.click();
  await page.waitForURL((u) => u.pathname === "/contacts");
  await page
    .getByRole("status")
    .getByText("The contact's personal data was erased; one saved view lost a filter that held their name, email or phone.")
    .waitFor();
  // The server: the contact is gone (404), the shared call stays with Pierre only.
  await api.call("GET", `/api/v1/contacts/${marie.id}`, undefined, { expect: [404] });
  const left = (await api.get(`/api/v1/contacts/${pierre.id}/timeline`)).data;
  assert.deepEqual(
    left.map((a) => [a.subject, a.contact_ids]),
    [["Call with both", [pierre.id]]],
  );
  // The list no longer has her; her page says what the server says.
  await page.getByRole("grid").getByText("Pierre Curie").waitFor();
  assert.equal(await page.getByRole("grid").getByText("Marie Curie").count(), 0);
  await page.goto(`${server.url}/contacts/${marie.id}`);
  await page.getByText("This record does not exist, or it was deleted, or you may not see it.").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a sales rep sees no privacy actions", async () => {
  const page = await signedIn({}, REP);
  await openContact(page, repContact, "Rosalind Franklin");
  await page.getByRole("complementary").waitFor();
  assert.equal(await page.getByRole("button", { name: "Export data (JSON)" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Consents" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Erase personal data…" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Privacy" }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a contact named with HTML is text in the privacy dialogs", async () => {
  const evil = await api.post("/api/v1/contacts", { first_name: XSS, email: "evil@example.com" });
  const page = await signedIn();
  await openContact(page, evil, XSS);
  await page.getByRole("button", { name: "Consents" }).click();
  await page.getByRole("dialog", { name: `Consents of ${XSS}` }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Erase personal data…" }).click();
  const erase = page.getByRole("alertdialog", { name: `Erase ${XSS} for good?` });
  await erase.getByText(`the name ${XSS} and every personal field`).waitFor();
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
