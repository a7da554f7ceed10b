// The history tab's "Restore this version": back to an earlier version as a new change (which the
// tab then lists and offers to undo in turn), and a refusal (the company it named is in the recycle
// bin) shown with the server's reason, the record unchanged. Screenshots at 1440 and 375 px, axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, signIn, screenshot, axeViolations, until } from "./harness.mjs";

const env = serverAndBrowser();

test("restore an earlier version from the history tab; a refused one says why and changes nothing", async () => {
  const gone = await env.api.post("/api/v1/companies", { name: "Initech Gone" });
  const stays = await env.api.post("/api/v1/companies", { name: "Initech Stays" });
  const c = await env.api.post("/api/v1/contacts", { first_name: "Ada", last_name: "Restorer", city: "Berlin", company_id: gone.id });
  await env.api.patch(`/api/v1/contacts/${c.id}`, { city: "Rome" });
  await env.api.patch(`/api/v1/contacts/${c.id}`, { company_id: stays.id });

  const page = await newPage(env.browser, { allow: ["422"] });
  await signIn(page, env.server.url);
  await page.goto(`${env.server.url}/contacts/${c.id}`);
  await page.getByRole("heading", { level: 1, name: "Ada Restorer" }).waitFor();
  await page.getByRole("tab", { name: "History" }).click();
  const buttons = page.getByRole("button", { name: /^Restore this version/ });
  await until(async () => (await buttons.count()) === 2, "two restorable entries (all but the newest)");
  await screenshot(page, "history-restore-1440");
  assert.deepEqual(await axeViolations(page), []);

  // The middle entry (city Berlin → Rome): city stays Rome, the company goes back to the first one.
  // Refused: that company is now in the recycle bin.
  await env.api.call("DELETE", `/api/v1/companies/${gone.id}`);
  await buttons.nth(0).click();
  await page.getByText(/Could not restore that version/).waitFor();
  await screenshot(page, "history-restore-refused-1440");
  let now = await env.api.get(`/api/v1/contacts/${c.id}`);
  assert.equal(now.company_id, stays.id);
  assert.equal(now.version, 3);

  // Put the company back and restore the creation: Berlin and the first company, as version 4.
  await env.api.post(`/api/v1/companies/${gone.id}/restore`, {});
  await page.getByRole("button", { name: /^Restore this version/ }).nth(1).click();
  await page.getByText(/Restored an earlier version/).waitFor();
  now = await env.api.get(`/api/v1/contacts/${c.id}`);
  assert.equal(now.city, "Berlin");
  assert.equal(now.company_id, gone.id);
  assert.equal(now.version, 4);
  await page.getByText("Ada Restorer").first().waitFor();
  await page.getByText(/went back to an earlier version/).waitFor();
  await until(async () => (await page.getByRole("button", { name: /^Restore this version/ }).count()) === 3, "the new entry listed");
  await screenshot(page, "history-restore-done-1440");
  await page.context().close();

  const phone = await newPage(env.browser, { width: 375, height: 812 });
  await signIn(phone, env.server.url);
  await phone.goto(`${env.server.url}/contacts/${c.id}`);
  await phone.getByRole("heading", { level: 1, name: "Ada Restorer" }).waitFor();
  await phone.getByRole("tab", { name: "Timeline" }).first().click();
  await phone.getByRole("tab", { name: "History" }).click();
  await phone.getByRole("button", { name: /^Restore this version/ }).first().waitFor();
  await screenshot(phone, "history-restore-375");
  await phone.context().close();
});
