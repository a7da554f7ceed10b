// Lead capture forms in the browser against a real server: a marketer's admin builds a form in
// Marketing → Forms (a bad redirect refused at its field, a field added from the picker, a consent
// box), copies its embed code; a visitor fills in the form's public page, framed in another page
// with UTM parameters, ticks the consent and is thanked; the submission shows with its source and
// consent, and the contact has the consent. axe in light and dark at 1440 and 375, screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, axeLightAndDark, go, settled, until } from "./harness.mjs";

let server;
let browser;
let admin;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function at(path, heading, options = {}) {
  const page = await newPage(browser, options);
  await signIn(page, server.url);
  await go(page, path);
  await settled(page, heading);
  return page;
}

test("a form built in Marketing → Forms is filled in by a visitor and its submission shows where they came from", async () => {
  const page = await at("/marketing/forms", "Forms");
  await page.getByText("No forms yet").waitFor();
  await screenshot(page, "marketing-forms-empty-1440");
  await page.getByRole("button", { name: "Add form" }).first().click();
  await settled(page, "New form");
  await page.getByLabel("Name", { exact: true }).fill("Newsletter sign-up");
  await page.getByLabel("Add a field").selectOption({ label: "City" });
  await page.getByLabel("Label of City").fill("Your city");
  await page.getByRole("checkbox", { name: "Marketing email" }).check();
  await page.getByLabel("Or send visitors to a page").fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Create form" }).click();
  await page.getByText("must be an absolute http or https URL").waitFor();
  assert.deepEqual((await admin.get("/api/v1/forms")).data, []);
  await page.getByLabel("Or send visitors to a page").fill("");
  await page.getByLabel("Thank-you message").fill("Thanks! Watch your inbox.");
  await page.getByRole("button", { name: "Create form" }).click();
  await settled(page, "Form: Newsletter sign-up");
  const [form] = (await admin.get("/api/v1/forms")).data;
  assert.deepEqual(
    form.fields.map((f) => f.field),
    ["email", "first_name", "last_name", "city"],
  );
  assert.equal(form.consents[0].channel, "email_marketing");
  await page.getByTestId("form-embed").getByText(`/f/${form.id}`).waitFor();
  await screenshot(page, "marketing-form-editor-1440");

  // A visitor on a site that frames the form, arriving from a campaign link.
  const visitor = await newPage(browser);
  await visitor.goto(`${server.url}/f/${form.id}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`);
  await visitor.getByRole("heading", { name: "Newsletter sign-up" }).waitFor();
  assert.deepEqual(await axeViolations(visitor), [], "the public form page");
  await screenshot(visitor, "marketing-form-public-1440");
  await visitor.getByRole("textbox", { name: "Email" }).fill("grace@customer.example");
  await visitor.getByRole("textbox", { name: "Last name" }).fill("Hopper");
  await visitor.getByRole("textbox", { name: "Your city" }).fill("Arlington");
  await visitor.getByRole("checkbox", { name: /send me news and offers by email/ }).check();
  await visitor.getByRole("button", { name: "Send" }).click();
  await visitor.getByText("Thanks! Watch your inbox.").waitFor();
  await screenshot(visitor, "marketing-form-thanks-1440");
  const contacts = (await admin.get("/api/v1/contacts?filter[email][eq]=grace@customer.example")).data;
  assert.equal(contacts.length, 1);
  assert.equal(contacts[0].city, "Arlington");
  const consents = await admin.get(`/api/v1/contacts/${contacts[0].id}/consents`);
  assert.equal(consents.current.email_marketing.status, "granted");

  // The submission: the contact by name, new, the consent, the campaign.
  await go(page, `/marketing/forms/${form.id}/submissions`);
  await settled(page, "Submissions: Newsletter sign-up");
  await page.getByRole("link", { name: "Hopper" }).waitFor();
  await page.getByText("newsletter · email · spring").waitFor();
  await page.getByText("Marketing email").first().waitFor();
  await screenshot(page, "marketing-form-submissions-1440");
  await go(page, "/marketing/forms");
  await settled(page, "Forms");
  await until(async () => (await page.getByRole("link", { name: "1", exact: true }).count()) === 1, "the list counts the submission");

  for (const width of [1440, 375]) {
    const p = await at("/marketing/forms", "Forms", { width, height: width === 375 ? 800 : 900 });
    for (const [path, heading, name] of [
      ["/marketing/forms", "Forms", "list"],
      [`/marketing/forms/${form.id}`, "Form: Newsletter sign-up", "editor"],
      [`/marketing/forms/${form.id}/submissions`, "Submissions: Newsletter sign-up", "submissions"],
    ]) {
      await go(p, path);
      await settled(p, heading);
      assert.deepEqual(await axeLightAndDark(p, { shot: `marketing-form-${name}-${width}` }), [], `${name} ${width}`);
    }
    await p.context().close();
  }
});
