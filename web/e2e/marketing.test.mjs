// Marketing in the browser against a real server: Marketing in the main navigation; a segment built
// in the builder (a contact field, a company field, a group with a consent fact) with its live count
// following each edit, a refused condition (activity within 5000 days) marked beside itself and
// nothing saved, then the segment saved and listed with its count. Then a static list: created,
// a contact added by searching, the segment's members added, one member removed. axe on each page
// (the phone's builder in dark mode); screenshots at 1440x900 and 390x844.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, go, settled, until, adminAt } from "./harness.mjs";

let server;
let browser;
let admin;
const people = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  const acme = await admin.post("/api/v1/companies", { name: "Acme Software", industry: "Software" });
  const globex = await admin.post("/api/v1/companies", { name: "Globex Retail", industry: "Retail" });
  people.ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@acme.example", country: "DE", company_id: acme.id });
  people.bert = await admin.post("/api/v1/contacts", { first_name: "Bert", last_name: "Brecht", email: "bert@globex.example", country: "DE", company_id: globex.id });
  people.carla = await admin.post("/api/v1/contacts", { first_name: "Carla", last_name: "Cruz", email: "carla@example.es", country: "ES" });
  people.dieter = await admin.post("/api/v1/contacts", { first_name: "Dieter", last_name: "Dorn", email: "dieter@acme.example", country: "DE", company_id: acme.id });
  await admin.post(`/api/v1/contacts/${people.ada.id}/consents`, { channel: "email_marketing", status: "granted", source: "manual" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The builder's live count once it shows `n` (it follows the edits a moment later). */
async function countIs(page, n) {
  const count = page.getByTestId("segment-count");
  await until(async () => (await count.count()) > 0 && (await count.textContent()) === String(n) && !(await page.locator("[aria-busy='true']").count()), `the count ${n}`);
}

test("a segment built in the builder: the count follows each edit, a refused condition is marked, then saved", async () => {
  const page = await adminAt(browser, server.url, "/contacts", /^Contacts/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Marketing" }).click();
  await settled(page, "Segments");
  assert.equal(new URL(page.url()).pathname, "/marketing/segments");
  await page.getByText("No segments yet").waitFor();
  await page.getByRole("navigation", { name: "Marketing sections" }).getByRole("link", { name: "Lists" }).waitFor();
  assert.deepEqual(await axeViolations(page), []);

  await page.getByRole("button", { name: "New segment" }).first().click();
  await settled(page, "New segment");
  await countIs(page, 4); // no condition: every contact
  await page.getByLabel("Name", { exact: true }).fill("German software customers");

  await page.getByRole("button", { name: "Add condition", exact: true }).click();
  await page.getByLabel("Condition 1: field or fact").selectOption("country");
  await page.getByText("Left out until it has a value.").waitFor();
  await page.getByLabel("Condition 1: value").fill("DE");
  await countIs(page, 3);

  await page.getByRole("button", { name: "Add condition", exact: true }).click();
  await page.getByLabel("Condition 2: field or fact").selectOption("company.industry");
  await page.getByLabel("Condition 2: value").fill("Software");
  await countIs(page, 2);

  // A group holding the consent fact: any of (consent granted).
  await page.getByRole("button", { name: "Add group", exact: true }).click();
  await page.getByLabel("Condition 3.1: field or fact").selectOption("@consent");
  assert.equal(await page.getByLabel("Condition 3.1: channel").inputValue(), "email_marketing");
  assert.equal(await page.getByLabel("Condition 3.1: state").inputValue(), "granted");
  await countIs(page, 1);
  await page.getByRole("complementary", { name: "Members now" }).getByRole("link", { name: "Ada Lovelace" }).waitFor();

  // Activity within 5000 days is refused by the server: said beside that condition, the count waits.
  await page.getByRole("button", { name: "Add condition", exact: true }).click();
  await page.getByLabel("Condition 4: field or fact").selectOption("@activity_within_days");
  await page.getByLabel("Condition 4: number of days").fill("5000");
  await page.getByText("must be a whole number of days from 1 to 3650").waitFor();
  await page.getByText("Fix the conditions marked in red to see who matches.").waitFor();
  assert.equal(await page.getByLabel("Condition 4: number of days").getAttribute("aria-invalid"), "true");
  await screenshot(page, "marketing-segment-refused-1440");
  await page.getByRole("button", { name: "Create segment" }).click();
  await page.getByText("must be a whole number of days from 1 to 3650").waitFor();
  assert.equal((await admin.get("/api/v1/segments")).data.length, 0, "nothing stored");

  await page.getByRole("button", { name: "Remove condition 4" }).click();
  await countIs(page, 1);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "marketing-segment-builder-1440");
  await page.keyboard.press("Control+s");
  await page.getByText("Segment German software customers created").waitFor();
  await settled(page, "German software customers");

  const [segment] = (await admin.get("/api/v1/segments")).data;
  assert.deepEqual(segment.filter, {
    country: { eq: "DE" },
    "company.industry": { eq: "Software" },
    any: [{ consent: { channel: "email_marketing", state: "granted" } }],
  });
  const members = await admin.get(`/api/v1/segments/${segment.id}/members?count=true`);
  assert.equal(members.total, 1);

  // Reopened from the list: the same conditions, and the count beside the name.
  await page.getByRole("link", { name: "All segments" }).click();
  await settled(page, "Segments");
  const row = page.getByRole("row", { name: /German software customers/ });
  await until(async () => (await row.getByRole("cell").nth(1).textContent()) === "1", "the list's count");
  await screenshot(page, "marketing-segments-1440");
  await row.getByRole("link", { name: "German software customers" }).click();
  await settled(page, "German software customers");
  assert.equal(await page.getByLabel("Condition 2: field or fact").inputValue(), "company.industry");
  await countIs(page, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await newPage(browser, { width: 390, height: 844, colorScheme: "dark" });
  await signIn(phone, server.url);
  await go(phone, `/marketing/segments/${segment.id}`);
  await settled(phone, "German software customers");
  await countIs(phone, 1);
  assert.deepEqual(await axeViolations(phone), []);
  await screenshot(phone, "marketing-segment-builder-390");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});

test("a static list: created, a contact added by search, the segment's members added, one removed", async () => {
  const page = await adminAt(browser, server.url, "/marketing/lists", "Lists");
  await page.getByText("No lists yet").waitFor();
  await page.getByRole("button", { name: "New list" }).first().click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Spring newsletter");
  await page.getByRole("dialog").getByLabel("Description").fill("Readers of the spring issue");
  await page.getByRole("button", { name: "Create list" }).click();
  await settled(page, /Spring newsletter/);
  await page.getByText("No one is on this list yet").waitFor();
  const [list] = (await admin.get("/api/v1/lists")).data;
  assert.equal(list.description, "Readers of the spring issue");

  await page.getByRole("button", { name: "Add contacts" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Find contacts").fill("Bert");
  await dialog.getByRole("checkbox", { name: /Bert Brecht/ }).check();
  await dialog.getByLabel("Find contacts").fill("Carla");
  await dialog.getByRole("checkbox", { name: /Carla Cruz/ }).check();
  assert.equal(await dialog.getByRole("checkbox", { name: /Bert Brecht/ }).isChecked(), true, "a tick stays when the search changes");
  assert.deepEqual(await axeViolations(page, "[role=dialog]"), []);
  await dialog.getByRole("button", { name: "Add 2" }).click();
  await page.getByText("2 added to the list").waitFor();
  await page.getByRole("grid").getByText("Bert Brecht").waitFor();
  await page.getByText("2 members").waitFor();

  await page.getByRole("button", { name: "Add from segment" }).click();
  await page.getByRole("dialog").getByLabel("Segment").selectOption({ label: "German software customers" });
  await page.getByRole("dialog").getByText("1 contacts will be added").waitFor();
  await page.getByRole("dialog").getByRole("button", { name: "Add 1" }).click();
  await page.getByText("1 added to the list").waitFor();
  await page.getByRole("grid").getByText("Ada Lovelace").waitFor();
  await page.getByText("3 members").waitFor();

  await page.getByRole("checkbox", { name: "Select Carla Cruz" }).check();
  await page.getByRole("button", { name: "Remove from list" }).click();
  await page.getByText("1 removed from the list").waitFor();
  await page.getByText("2 members").waitFor();
  const members = await admin.get(`/api/v1/lists/${list.id}/members?count=true`);
  assert.deepEqual(members.data.map((c) => c.first_name).sort(), ["Ada", "Bert"]);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "marketing-list-1440");

  await page.getByRole("link", { name: "All lists" }).click();
  await settled(page, "Lists");
  const row = page.getByRole("row", { name: /Spring newsletter/ });
  await until(async () => (await row.getByRole("cell").nth(1).textContent()) === "2", "the list's count");
  await screenshot(page, "marketing-lists-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const phone = await newPage(browser, { width: 390, height: 844 });
  await signIn(phone, server.url);
  await go(phone, `/marketing/lists/${list.id}`);
  await settled(phone, /Spring newsletter/);
  await phone.getByRole("grid").getByText("Ada Lovelace").waitFor();
  assert.deepEqual(await axeViolations(phone), []);
  await screenshot(phone, "marketing-list-390");
  await go(phone, "/marketing/lists");
  await settled(phone, "Lists");
  await screenshot(phone, "marketing-lists-390");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
