// Settings → Duplicates (issue 17 §3): two near-duplicate contacts paired at creation, merged through
// the dialog (the survivor keeps a value chosen from the other record), the pair gone from the list;
// then "Undo merge" from the survivor's History tab brings the other back, and an undo the server
// refuses (409: the merged record was restored since) says why. Screenshots at 1440 and 390 px, axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, signIn, go, screenshot, axeViolations, until } from "./harness.mjs";

const env = serverAndBrowser();

test("duplicates page: merge a pair through the dialog, then undo the merge from History", async () => {
  const navy = await env.api.post("/api/v1/companies", { name: "US Navy" });
  const a = await env.api.post("/api/v1/contacts", { first_name: "Grace", last_name: "Hopper", email: "grace@navy.example", city: "Arlington", company_id: navy.id });
  const b = await env.api.post("/api/v1/contacts", { first_name: "Grace", last_name: "Hoper", email: "grace+work@navy.example", city: "Washington" });
  await env.api.post("/api/v1/activities", { type: "task", subject: "Call about COBOL", due_at: "2026-12-11T09:00:00Z", contact_ids: [b.id] });
  const pairs = await env.api.get("/api/v1/duplicates?object=contacts");
  assert.equal(pairs.data.length, 1, "the create-time check paired them");

  const page = await newPage(env.browser, { allow: ["409"] });
  await signIn(page, env.server.url);
  await go(page, "/settings/duplicates");
  await page.getByRole("heading", { level: 1, name: "Duplicates" }).waitFor();
  const review = page.getByRole("button", { name: "Review and merge Grace Hopper and Grace Hoper", exact: true });
  await review.waitFor();
  await page.getByText("Same email address").first().waitFor();
  await screenshot(page, "duplicates-1440");
  assert.deepEqual(await axeViolations(page), []);

  await review.click();
  const dialog = page.getByRole("dialog", { name: "Merge 2 records" });
  await dialog.waitFor();
  const keepCity = dialog.getByRole("radio", { name: "Keep City from Grace Hoper", exact: true });
  await keepCity.waitFor();
  await keepCity.check();
  await dialog.getByRole("radio", { name: "Keep Company from Grace Hopper", exact: true }).waitFor();
  await dialog.getByText("US Navy", { exact: true }).waitFor();
  await dialog.getByText("Related items that move to the record that stays: 1").waitFor();
  await screenshot(page, "duplicates-merge-1440");
  assert.deepEqual(await axeViolations(page, '[role="dialog"]'), []);
  await dialog.getByRole("button", { name: "Merge", exact: true }).click();
  await page.getByText(/^Merged into Grace Hopper/).waitFor();
  await page.getByText("No probable duplicates").waitFor();
  const survivor = await env.api.get(`/api/v1/contacts/${a.id}`);
  assert.equal(survivor.city, "Washington");
  assert.equal(survivor.last_name, "Hopper");
  const tasks = await env.api.get(`/api/v1/contacts/${a.id}/timeline`);
  assert.ok(JSON.stringify(tasks).includes("Call about COBOL"), "the other's task moved to the survivor");
  await env.api.call("GET", `/api/v1/contacts/${b.id}`, undefined, { expect: [404] });

  // The toast's link opens the survivor; its History tab offers to undo the merge.
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Grace Hopper" }).waitFor();
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByText("Administrator merged another record into this one").waitFor();
  await screenshot(page, "duplicates-history-1440");
  await page.getByRole("button", { name: /^Undo merge of / }).click();
  const confirm = page.getByRole("alertdialog", { name: "Undo this merge?" });
  await confirm.getByRole("button", { name: "Undo merge", exact: true }).click();
  await page.getByText("The merge was undone.").waitFor();
  await until(async () => (await env.api.call("GET", `/api/v1/contacts/${b.id}`, undefined, { expect: [200, 404] }))?.id === b.id, "the merged contact back");
  assert.equal((await env.api.get(`/api/v1/contacts/${a.id}`)).city, "Arlington");
  await until(async () => (await page.getByRole("button", { name: /^Undo merge of / }).count()) === 0, "no undo offered once undone");

  // Merged again through the API, then the merged record restored from the recycle bin: the undo is refused.
  await env.api.post("/api/v1/contacts/merge", { ids: [a.id, b.id] });
  await env.api.post(`/api/v1/contacts/${b.id}/restore`, {});
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Grace Hopper" }).waitFor();
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByRole("button", { name: /^Undo merge of / }).first().click();
  await page.getByRole("alertdialog", { name: "Undo this merge?" }).getByRole("button", { name: "Undo merge", exact: true }).click();
  await page.getByText(/^This merge can no longer be undone/).waitFor();
  await screenshot(page, "duplicates-undo-refused-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A phone: the pairs stack; the dialog's table scrolls sideways.
  await env.api.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@engine.example" });
  await env.api.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada+home@engine.example", phone: "+44 20 7946 0000" });
  const phone = await newPage(env.browser, { width: 390, height: 844 });
  await signIn(phone, env.server.url);
  await go(phone, "/settings/duplicates");
  const adaReview = phone.getByRole("button", { name: "Review and merge Ada Lovelace and Ada Lovelace", exact: true });
  await adaReview.waitFor();
  await screenshot(phone, "duplicates-390");
  await adaReview.click();
  await phone.getByRole("dialog", { name: "Merge 2 records" }).getByRole("radio", { name: /^Keep Phone/ }).first().waitFor();
  await screenshot(phone, "duplicates-merge-390");
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
