// Support in the browser against a real server: an agent creates a ticket from the inbox ("c"),
// finds it again with the keyboard (j, Enter), writes an internal note and a reply (N / R, Ctrl+Enter)
// — each stored as its kind, the note shown apart — solves it with the status select, and sees it
// leave "All open"; closing asks first and a closed ticket offers a follow-up. A support agent sees
// only their team's tickets, in the inbox, by URL and on a contact's page (whose related column lists
// the contact's and its company's tickets). axe in light and dark at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

const AGENT = { email: "kim.agent@example.com", password: "Agent-e2e-pass-2026" };

let server;
let browser;
let admin;
let tier1;
let billing;
let ada;
let billingTicket;
let tier1Ticket;
let acme;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await server.login();
  const me = await admin.get("/api/v1/auth/me");
  const kim = await admin.post("/api/v1/users", { ...AGENT, name: "Kim Agent", role: "support_agent" });
  // The admin works in Billing, Kim in Tier 1: a role's team scope also covers tickets a teammate
  // owns, so the admin (who creates the tickets) must not be Kim's teammate.
  tier1 = await admin.post("/api/v1/teams", { name: "Tier 1", member_ids: [kim.id] });
  billing = await admin.post("/api/v1/teams", { name: "Billing", member_ids: [me.user_id] });
  acme = await admin.post("/api/v1/companies", { name: "Acme Industries" });
  ada = await admin.post("/api/v1/contacts", { first_name: "Ada", last_name: "Lovelace", email: "ada@customer.example", company_id: acme.id });
  await admin.post("/api/v1/contacts", { first_name: "Bob", last_name: "Babbage", email: "bob@customer.example" });
  billingTicket = await admin.post("/api/v1/tickets", { subject: "Refund for a duplicate charge", requester_id: ada.id, company_id: acme.id, team_id: billing.id, priority: "urgent" });
  tier1Ticket = await admin.post("/api/v1/tickets", { subject: "Calendar feed not updating", requester_id: ada.id, team_id: tier1.id, description: "Since Monday the feed shows nothing new." });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The subjects of the rows the inbox's grid shows. */
const gridText = (page) => page.getByRole("grid").innerText();

test("a ticket created in the inbox, opened with the keyboard, answered with a note and a reply, solved: it leaves All open", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/tickets");
  await settled(page, "Support");
  assert.match(await gridText(page), /Calendar feed not updating/);

  // "c" opens the new-ticket form (the shell's create key, on the tickets' page).
  await page.keyboard.press("c");
  const dialog = page.getByRole("dialog", { name: "New ticket" });
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "Create ticket" }).click();
  await dialog.getByText("A ticket needs a subject.").waitFor();
  await dialog.getByLabel("Subject").fill("Cannot log in after password reset");
  assert.equal(await dialog.getByText("A ticket needs a subject.").count(), 0, "the error goes once the subject is typed");
  await dialog.getByRole("combobox", { name: "Requester" }).fill("Ada");
  await page.getByRole("option", { name: /Ada Lovelace/ }).click();
  // Her company fills in, as the server would choose it.
  await until(async () => (await dialog.getByRole("combobox", { name: "Company" }).inputValue()) === "Acme Industries", "the requester's company shown");
  await dialog.getByLabel("Priority").selectOption("high");
  assert.equal(await dialog.getByLabel("Team").inputValue(), billing.id, "the agent's own team by default");
  await dialog.getByLabel("Team").selectOption(tier1.id);
  await dialog.getByLabel("Description").fill("The reset link says it has expired.");
  await screenshot(page, "support-new-ticket-1440");
  await dialog.getByRole("button", { name: "Create ticket" }).click();
  await settled(page, /Cannot log in after password reset/);
  const created = (await admin.get("/api/v1/tickets?filter[subject][eq]=Cannot log in after password reset")).data[0];
  assert.equal(created.requester_id, ada.id);
  assert.equal(created.company_id, acme.id);
  assert.equal(created.priority, "high");
  assert.equal(created.team_id, tier1.id);
  assert.equal(created.number, 3);

  // Back in the inbox: j focuses the rows, Enter opens the one in focus.
  await go(page, "/tickets");
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Cannot log in after password reset").waitFor();
  await page.keyboard.press("j");
  await until(() => page.evaluate(() => document.activeElement?.getAttribute("data-row") === "0"), "the first row in focus");
  assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ""), /#3 Cannot log in after password reset/);
  await page.keyboard.press("j");
  await until(() => page.evaluate(() => document.activeElement?.getAttribute("data-row") === "1"), "j moves down");
  await page.keyboard.press("k");
  await until(() => page.evaluate(() => document.activeElement?.getAttribute("data-row") === "0"), "k moves up");
  await page.keyboard.press("Enter");
  await settled(page, /#3 Cannot log in after password reset/);
  assert.equal(new URL(page.url()).pathname, `/tickets/${created.id}`);
  await page.getByText("The reset link says it has expired.").waitFor();
  // The workspace has no email settings: the admin is told a reply will not go out.
  await page.getByText("Email is not set up (Settings → Email): the reply is kept on the ticket, not sent.").waitFor();

  // N: an internal note, Ctrl+Enter sends it; it is shown tinted and labelled.
  await page.keyboard.press("n");
  await page.getByRole("tab", { name: "Internal note", selected: true }).waitFor();
  await page.getByText("Internal: never sent to the customer.").waitFor();
  await page.keyboard.type("The token was used twice: the mail client prefetched the link.");
  await page.keyboard.press("Control+Enter");
  await page.getByText("Note added.").waitFor();
  const note = page.getByRole("listitem").filter({ hasText: "The token was used twice" });
  await note.getByText("Internal note").waitFor();

  // Esc leaves the text for the tabs; R: a reply.
  await page.keyboard.press("Escape");
  await page.keyboard.press("r");
  await page.getByRole("tab", { name: "Reply", selected: true }).waitFor();
  await page.keyboard.type("Hi Ada, I have sent you a fresh link: open it within 15 minutes.");
  await page.keyboard.press("Control+Enter");
  await page.getByText(/Reply saved on the ticket/).waitFor();
  const reply = page.getByRole("listitem").filter({ hasText: "I have sent you a fresh link" });
  await reply.getByText("Reply", { exact: true }).waitFor();
  const messages = (await admin.get(`/api/v1/tickets/${created.id}/messages`)).data;
  assert.deepEqual(
    messages.map((m) => m.kind),
    ["note", "reply"],
  );
  assert.equal(await page.getByRole("textbox", { name: "Reply to the requester" }).inputValue(), "", "the composer is emptied");
  await until(async () => (await admin.get(`/api/v1/tickets/${created.id}`)).first_response_at, "first_response_at set by the reply");

  // Solved with the status select (saved at once, with the version on screen).
  await page.getByLabel("Status", { exact: true }).selectOption("solved");
  await until(async () => (await admin.get(`/api/v1/tickets/${created.id}`)).status === "solved", "the ticket solved");
  await screenshot(page, "support-ticket-1440");

  await go(page, "/tickets");
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
  assert.doesNotMatch(await gridText(page), /Cannot log in after password reset/, "a solved ticket leaves All open");
  await page.getByText("2 in All open").waitFor();
  await screenshot(page, "support-inbox-1440");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("closing asks first; a closed ticket is final and offers a follow-up", async () => {
  const t = await admin.post("/api/v1/tickets", { subject: "Export to Excel times out", requester_id: ada.id, team_id: tier1.id });
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, `/tickets/${t.id}`);
  await settled(page, /Export to Excel times out/);
  await page.getByLabel("Status", { exact: true }).selectOption("closed");
  const confirm = page.getByRole("alertdialog", { name: "Close this ticket for good?" });
  await confirm.getByText(/A closed ticket is final/).waitFor();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await admin.get(`/api/v1/tickets/${t.id}`)).status, "new", "nothing saved on cancel");
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "new");
  await page.getByLabel("Status", { exact: true }).selectOption("closed");
  await page.getByRole("button", { name: "Close ticket" }).click();
  await until(async () => (await admin.get(`/api/v1/tickets/${t.id}`)).status === "closed", "the ticket closed");
  await page.getByText(/This ticket is closed, which is final/).waitFor();
  assert.equal(await page.getByLabel("Status", { exact: true }).isDisabled(), true, "a closed ticket's status cannot change");
  assert.equal(await page.getByRole("tab", { name: "Reply" }).count(), 0, "no composer on a closed ticket");
  await page.getByRole("button", { name: "Open a follow-up" }).first().click();
  // The follow-up keeps the subject: wait for its page, not the heading.
  await page.waitForURL((u) => u.pathname.startsWith("/tickets/") && !u.pathname.endsWith(t.id));
  await settled(page, /#\d+ Export to Excel times out/);
  await page.getByText("Follow-up #").first().waitFor();
  const id = new URL(page.url()).pathname.split("/").pop();
  assert.notEqual(id, t.id);
  const followUp = await admin.get(`/api/v1/tickets/${id}`);
  assert.equal(followUp.follow_up_of, t.id);
  assert.equal(followUp.requester_id, ada.id);
  await page.getByRole("link", { name: "follows up a closed ticket" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a support agent sees only their team's tickets, in the inbox and by URL", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url, AGENT.email, AGENT.password);
  await page.getByRole("link", { name: "Support" }).click();
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
  assert.doesNotMatch(await gridText(page), /Refund for a duplicate charge/, "another team's ticket is not listed");
  await page.getByRole("link", { name: /By team/ }).click();
  const team = page.getByRole("combobox", { name: "Team", exact: true });
  assert.equal(await team.inputValue(), tier1.id, "their own team first");
  await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
  await go(page, `/tickets/${billingTicket.id}`);
  await page.getByText("This ticket does not exist, or is not one you can see.").waitFor();
  await go(page, `/tickets/${tier1Ticket.id}`);
  await settled(page, /Calendar feed not updating/);
  // Deal amounts stay hidden from the role; the ticket's fields are theirs to change.
  assert.equal(await page.getByLabel("Assignee").isDisabled(), false);
  await page.getByRole("button", { name: "Assign to me" }).click();
  await until(async () => (await admin.get(`/api/v1/tickets/${tier1Ticket.id}`)).assignee_id, "assigned to the agent");

  // A half-written reply survives a trip to the inbox; sent with "then: Pending", both are saved.
  const text = page.getByRole("textbox", { name: "Reply to the requester" });
  await text.fill("Could you send a screenshot of the feed settings?");
  await go(page, "/tickets");
  await settled(page, "Support");
  await go(page, `/tickets/${tier1Ticket.id}`);
  await settled(page, /Calendar feed not updating/);
  assert.equal(await text.inputValue(), "Could you send a screenshot of the feed settings?");
  await page.getByLabel("Status after sending").selectOption("pending");
  await page.getByRole("button", { name: "Send reply" }).click();
  await page.getByText(/Status: Pending\./).waitFor();
  const after = await admin.get(`/api/v1/tickets/${tier1Ticket.id}`);
  assert.equal(after.status, "pending");
  assert.ok(after.first_response_at, "the agent's reply is the first response");
  assert.equal(await text.inputValue(), "");
  await go(page, "/tickets?queue=mine");
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a contact's and a company's page list their tickets, only those the reader may see", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, `/contacts/${ada.id}`);
  await settled(page, "Ada Lovelace");
  const tickets = page.getByRole("region", { name: "Tickets" });
  await tickets.getByRole("link", { name: /Refund for a duplicate charge/ }).waitFor();
  await tickets.getByRole("link", { name: /Calendar feed not updating/ }).click();
  await settled(page, /Calendar feed not updating/);
  await go(page, `/companies/${ada.company_id}`);
  await settled(page, "Acme Industries");
  await page.getByRole("region", { name: "Tickets" }).getByRole("link", { name: /Refund for a duplicate charge/ }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // The agent reads Tier 1's tickets only: the billing team's is not listed on the contact either.
  const agent = await newPage(browser);
  await signIn(agent, server.url, AGENT.email, AGENT.password);
  await go(agent, `/contacts/${ada.id}`);
  await settled(agent, "Ada Lovelace");
  const theirs = agent.getByRole("region", { name: "Tickets" });
  await theirs.getByRole("link", { name: /Calendar feed not updating/ }).waitFor();
  assert.doesNotMatch(await theirs.innerText(), /Refund for a duplicate charge/);
  assert.deepEqual(agent.problems, []);
  await agent.context().close();
});

test("axe finds nothing serious on the inbox and a ticket, light and dark, at 1440 and 375", async () => {
  for (const [width, height] of [
    [1440, 900],
    [375, 812],
  ]) {
    const page = await newPage(browser, { width, height });
    await signIn(page, server.url);
    await go(page, "/tickets");
    await settled(page, "Support");
    await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-inbox-${width}` }), [], `inbox ${width}`);
    await go(page, `/tickets/${tier1Ticket.id}`);
    await settled(page, /Calendar feed not updating/);
    await page.getByText("Since Monday the feed shows nothing new.").waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `support-ticket-${width}` }), [], `ticket ${width}`);
    await page.keyboard.press("c");
    await page.getByRole("dialog", { name: "New ticket" }).waitFor();
    assert.deepEqual(await axeLightAndDark(page, { within: '[role="dialog"]' }), [], `new ticket ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

test("on a wide screen the ticket column takes the room the others leave, until it is resized", async () => {
  const page = await newPage(browser, { width: 1920, height: 1000 });
  await signIn(page, server.url);
  await go(page, "/tickets");
  await settled(page, "Support");
  await page.getByRole("grid").getByText("Calendar feed not updating").waitFor();
  const header = page.getByRole("columnheader", { name: /Ticket/ });
  const grid = page.getByRole("grid");
  const ticketWidth = async () => (await header.boundingBox()).width;
  await until(async () => (await ticketWidth()) > 600, "the ticket column grown");
  // The columns fill the grid's box without a sideways scroll.
  const fit = await grid.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  assert.ok(fit[0] <= fit[1] + 1, `no sideways scroll: ${fit}`);
  // Sized by the person (arrow keys on its handle), it keeps their width.
  const before = await ticketWidth();
  await page.getByRole("separator", { name: /Ticket/ }).focus();
  await page.keyboard.press("ArrowLeft");
  await until(async () => (await ticketWidth()) < before, "the ticket column narrowed by the person");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
