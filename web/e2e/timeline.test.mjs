// The timeline's composer by keyboard alone: on a contact's page, "t" picks a task, its subject and
// due date (today) are typed and Ctrl+Enter logs it; Esc, "m" picks a meeting, its subject and start
// are typed (the end follows, half an hour later) and Ctrl+Enter logs it. Both show in the timeline
// with their dates formatted for the browser's locale, the API holds them, and the task due today is
// on Home's tasks card. axe in light and dark on the composer; screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations } from "./harness.mjs";

let server;
let browser;
let api;
let contact;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  contact = await api.post("/api/v1/contacts", { first_name: "Grace", last_name: "Hopper", email: "grace@navy.example" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const pad = (n) => String(n).padStart(2, "0");
/** The digits a person types into Chromium's en-US date field: month, day, year. */
const typedDate = (d) => `${pad(d.getMonth() + 1)}${pad(d.getDate())}${d.getFullYear()}`;

async function openContact(opts = {}) {
  const page = await newPage(browser, opts);
  page.dialogs = [];
  page.on("dialog", (d) => {
    page.dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, server.url);
  await page.goto(`${server.url}/contacts/${contact.id}`);
  await page.getByRole("heading", { level: 1, name: "Grace Hopper" }).waitFor();
  await page.getByRole("tab", { name: "Note", includeHidden: true }).waitFor({ state: "attached" });
  return page;
}

test("a task and a meeting logged from the composer by keyboard alone, dates formatted, the task on Home", async () => {
  const page = await openContact();
  const today = new Date();
  const timeline = page.getByRole("list", { name: "Timeline" });

  // Task: one key picks it and focuses its subject; Tab reaches the due date next.
  await page.keyboard.press("t");
  assert.equal(await page.getByRole("tab", { name: "Task" }).getAttribute("aria-selected"), "true");
  await page.keyboard.type("Send the proposal");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "date", "Tab goes from the subject to the due date");
  await page.keyboard.type(typedDate(today));
  await page.keyboard.press("Control+Enter");
  const taskItem = timeline.getByRole("listitem").filter({ hasText: "Send the proposal" });
  await taskItem.waitFor();

  const dueAt = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 23, 59).toISOString();
  const acts = (await api.get(`/api/v1/contacts/${contact.id}/timeline`)).data;
  const task = acts.find((a) => a.type === "task" && a.subject === "Send the proposal");
  assert.ok(task, "the API has the task");
  assert.equal(new Date(task.due_at).toISOString(), dueAt, "due at the end of today, local time");
  assert.equal(task.done, false);
  // The due day reads as the browser's locale writes it (en-US here: "Dec 3, 2026"), without the
  // 11:59 PM that stands for "during that day".
  const dueText = await page.evaluate((iso) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(iso)), dueAt);
  assert.match(dueText, /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
  assert.equal(await taskItem.getByText(`Due ${dueText}`).count(), 1, `the timeline says "Due ${dueText}"`);

  // Meeting: Esc leaves the field, "m" picks the meeting; subject, Tab, the start; the end follows.
  await page.keyboard.press("Escape");
  await page.keyboard.press("m");
  assert.equal(await page.getByRole("tab", { name: "Meeting" }).getAttribute("aria-selected"), "true");
  await page.keyboard.type("Demo with Grace");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "datetime-local");
  const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1, 10, 0);
  // Chromium's en-US field: mm dd yyyy, then (Right arrow) hh mm AM/PM.
  await page.keyboard.type(typedDate(tomorrow));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("1000AM");
  const ends = page.getByLabel("Ends");
  assert.equal(await ends.inputValue(), `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T10:30`, "the end follows the start");
  await screenshot(page, "composer-meeting-1440");
  await page.keyboard.press("Control+Enter");
  const meetingItem = timeline.getByRole("listitem").filter({ hasText: "Demo with Grace" });
  await meetingItem.waitFor();

  const meeting = (await api.get(`/api/v1/contacts/${contact.id}/timeline`)).data.find((a) => a.type === "meeting");
  assert.ok(meeting, "the API has the meeting");
  assert.equal(meeting.subject, "Demo with Grace");
  assert.equal(new Date(meeting.starts_at).toISOString(), tomorrow.toISOString());
  assert.equal(new Date(meeting.ends_at).getTime() - tomorrow.getTime(), 30 * 60 * 1000);
  // One range, the shared day said once: "Dec 4, 2026, 10:00 – 10:30 AM".
  const rangeText = await page.evaluate(
    ([a, b]) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" }).formatRange(new Date(a), new Date(b)),
    [meeting.starts_at, meeting.ends_at],
  );
  assert.match(rangeText, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, 10:00\s–\s10:30\sAM$/);
  assert.equal(await meetingItem.getByText(rangeText).count(), 1, `the timeline says "${rangeText}"`);
  await screenshot(page, "timeline-logged-1440");

  // Home: the task due today is on the tasks card.
  await page.goto(`${server.url}/`);
  const tasksCard = page.getByRole("region", { name: /^Due today and overdue/ });
  await tasksCard.getByRole("link", { name: "Send the proposal" }).waitFor();
  assert.equal(await tasksCard.getByRole("checkbox", { name: /Send the proposal/ }).isChecked(), false);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the composer: axe in light and dark with a meeting open, phone screenshot", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await openContact({ colorScheme });
    await page.keyboard.press("m");
    await page.getByLabel("Starts").waitFor();
    assert.deepEqual(await axeViolations(page), [], `composer, ${colorScheme}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
  const phone = await openContact({ width: 375, height: 812 });
  await phone.getByRole("tab", { name: "Timeline" }).click();
  await phone.getByRole("tab", { name: "Task" }).click();
  await phone.getByRole("list", { name: "Timeline" }).waitFor();
  await screenshot(phone, "composer-task-375");
  assert.deepEqual(await axeViolations(phone), []);
  assert.deepEqual(phone.problems, []);
  await phone.context().close();
});
