// Settings → Duplicates with groups (issue 17 §3): three contacts linked by two pairs are one row,
// merged in one dialog with a column per record (a record can be left out and put back; the values
// kept are chosen across all three); two namesakes who are different people are marked "Not a
// duplicate", which the toast undoes. Screenshots at 1440 and 390 px, axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, signIn, go, screenshot, axeViolations, until } from "./harness.mjs";

const env = serverAndBrowser();

test("duplicates page: a group of three merged in one dialog; not a duplicate, undone", async () => {
  // k1 and k2 share a mailbox, k2 and k3 a phone: one group of three.
  const k1 = await env.api.post("/api/v1/contacts", { first_name: "Katherine", last_name: "Johnson", email: "kj@nasa.example", city: "Hampton" });
  const k2 = await env.api.post("/api/v1/contacts", {
    first_name: "Katherine G.",
    last_name: "Johnson",
    email: "kj+work@nasa.example",
    phone: "+1 757 555 0100",
  });
  const k3 = await env.api.post("/api/v1/contacts", {
    first_name: "Katherine",
    last_name: "Johnsen",
    phone: "+1 757 555 0100",
    city: "Houston",
    job_title: "Mathematician",
  });
  const d1 = await env.api.post("/api/v1/contacts", { first_name: "Dorothy", last_name: "Vaughan", email: "dorothy@nasa.example" });
  const d2 = await env.api.post("/api/v1/contacts", { first_name: "Dorothy", last_name: "Vaughan", email: "dorothy+home@nasa.example" });
  const pairs = await env.api.get("/api/v1/duplicates?object=contacts");
  assert.equal(pairs.data.length, 3, JSON.stringify(pairs.data));

  const page = await newPage(env.browser);
  await signIn(page, env.server.url);
  await go(page, "/settings/duplicates");
  await page.getByRole("heading", { level: 1, name: "Duplicates" }).waitFor();
  const reviewGroup = page.getByRole("button", { name: /^Review and merge Katherine/ });
  await reviewGroup.waitFor();
  assert.equal(await reviewGroup.count(), 1, "the three are one row");
  assert.equal(await page.getByRole("button", { name: /^Review and merge / }).count(), 2);

  // Not a duplicate: the namesakes leave the list; Undo brings them back.
  await page.getByRole("button", { name: "Not a duplicate: Dorothy Vaughan and Dorothy Vaughan", exact: true }).click();
  await page.getByText("2 records will not be suggested as duplicates again.").waitFor();
  await until(async () => (await page.getByRole("button", { name: /^Review and merge Dorothy/ }).count()) === 0, "the namesakes gone");
  assert.equal((await env.api.get("/api/v1/duplicates?object=contacts")).data.length, 2);
  await screenshot(page, "duplicates-group-1440");
  assert.deepEqual(await axeViolations(page), []);
  await page.getByRole("button", { name: "Undo", exact: true }).click();
  await page.getByText("They are suggested as duplicates again.").waitFor();
  await page.getByRole("button", { name: /^Review and merge Dorothy/ }).waitFor();
  assert.equal((await env.api.get("/api/v1/duplicates?object=contacts")).data.length, 3);

  // The group's merge: one column per record.
  await reviewGroup.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: "Merge 3 records" }).waitFor();
  await dialog.getByRole("radio", { name: "Keep City from Katherine Johnsen", exact: true }).waitFor();
  await dialog.getByRole("radio", { name: "Keep Job title from Katherine Johnsen", exact: true }).waitFor();
  await screenshot(page, "duplicates-group-merge-1440");
  assert.deepEqual(await axeViolations(page, '[role="dialog"]'), []);
  // Left out, the third record's column goes and the merge is of two; put back, of three again.
  await dialog.getByRole("button", { name: "Leave out Katherine Johnsen", exact: true }).click();
  await dialog.getByRole("heading", { name: "Merge 2 records" }).waitFor();
  await dialog.getByText("Left out: Katherine Johnsen").waitFor();
  assert.equal(await dialog.getByRole("radio", { name: "Keep City from Katherine Johnsen", exact: true }).count(), 0);
  await dialog.getByRole("button", { name: "Put them back", exact: true }).click();
  await dialog.getByRole("heading", { name: "Merge 3 records" }).waitFor();
  const keepCity = dialog.getByRole("radio", { name: "Keep City from Katherine Johnsen", exact: true });
  await keepCity.waitFor();
  await keepCity.check();
  await dialog.getByRole("radio", { name: "Keep Phone from Katherine G. Johnson", exact: true }).check();
  await dialog.getByRole("button", { name: "Merge", exact: true }).click();
  await page.getByText(/^Merged into Katherine Johnson/).waitFor();
  await until(async () => (await page.getByRole("button", { name: /^Review and merge Katherine/ }).count()) === 0, "the group gone");
  const survivor = await env.api.get(`/api/v1/contacts/${k1.id}`);
  assert.equal(survivor.city, "Houston");
  assert.equal(survivor.job_title, "Mathematician");
  assert.equal(survivor.email, "kj@nasa.example");
  assert.ok(String(survivor.phone).includes("757"), JSON.stringify(survivor));
  await env.api.call("GET", `/api/v1/contacts/${k2.id}`, undefined, { expect: [404] });
  await env.api.call("GET", `/api/v1/contacts/${k3.id}`, undefined, { expect: [404] });
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A phone: a group of three again, its dialog's table of four columns.
  const a = await env.api.post("/api/v1/contacts", { first_name: "Mary", last_name: "Jackson", email: "mary@nasa.example", city: "Hampton" });
  await env.api.post("/api/v1/contacts", { first_name: "Mary W.", last_name: "Jackson", email: "mary+work@nasa.example", phone: "+1 757 555 0199" });
  await env.api.post("/api/v1/contacts", { first_name: "Mary", last_name: "Jacksen", phone: "+1 757 555 0199", job_title: "Engineer" });
  const phone = await newPage(env.browser, { width: 390, height: 844 });
  await signIn(phone, env.server.url);
  await go(phone, "/settings/duplicates");
  const review = phone.getByRole("button", { name: /^Review and merge Mary/ });
  await review.waitFor();
  await screenshot(phone, "duplicates-group-390");
  await review.click();
  await phone.getByRole("dialog").getByRole("radio", { name: "Keep Job title from Mary Jacksen", exact: true }).waitFor();
  await screenshot(phone, "duplicates-group-merge-390");
  assert.deepEqual(await axeViolations(phone, '[role="dialog"]'), []);
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
  assert.ok(d1.id && d2.id && a.id);
});
