// Settings and the account page: a role made in the matrix and a user with it, who sees only their
// own records and no admin settings; an API key shown once; stages reordered by keyboard; labels
// with markup render as text; forced MFA enrolment; and, last (it turns MFA on for the admin), MFA
// enrolment in the UI then sign-in with a wrong and a right code. axe in light and dark on the
// settings pages, screenshots at 1440 and 375.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer,
  launchBrowser,
  newPage,
  signIn,
  screenshot,
  axeViolations,
  axeLightAndDark,
  totp,
  go,
  settled,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
} from "./harness.mjs";

const XSS = "<img src=x onerror=alert(1)>";
const REP_EMAIL = "field.rep@example.com";
const REP_PASSWORD = "Rep-e2e-pass-2026";

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

// One page signed in once per width; axeLightAndDark switches the theme in place.
async function axeBoth(page, path, heading, shot) {
  await go(page, path);
  await settled(page, heading);
  assert.deepEqual(await axeLightAndDark(page, { shot }), [], path);
  assert.deepEqual(page.problems, []);
}

test("a role made in the matrix, a user with it: they see only their own records and no admin settings", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);

  // The role, through the matrix: contacts own for every action, deals read own, by keyboard-accessible selects.
  await go(page, "/settings/roles/new");
  await settled(page, "New role");
  await page.getByLabel("Name shown").fill("Field rep");
  assert.equal(await page.getByLabel("Identifier").inputValue(), "field_rep");
  await page.getByLabel("Set every action on Contacts to").selectOption("own");
  await page.getByLabel("Deals: See").selectOption("own");
  assert.equal(await page.getByLabel("Contacts: Delete").inputValue(), "own");
  // A field rule: the deal amount hidden.
  await page.locator("summary", { hasText: "Deals" }).click();
  await page.getByLabel("Deals: Amount").selectOption("hidden");
  await page.getByRole("button", { name: "Create role" }).click();
  await page.waitForURL(/\/settings\/roles$/);
  await page.getByRole("link", { name: "Field rep" }).waitFor();
  const role = await admin.get("/api/v1/roles/field_rep");
  assert.equal(role.permissions.contacts.update, "own");
  assert.equal(role.permissions.deals.read, "own");
  assert.equal(role.permissions.companies.read, "none");
  assert.deepEqual(role.field_rules, { deals: { amount: "hidden" } });
  await settled(page, "Roles");
  await screenshot(page, "settings-roles-1440");

  // A 422 lands on its field: a role identifier the server refuses.
  await go(page, "/settings/roles/new");
  await settled(page, "New role");
  await page.getByLabel("Name shown").fill("Bad");
  await page.getByLabel("Identifier").fill("9 bad name");
  await page.getByRole("button", { name: "Create role" }).click();
  await page.getByRole("alert").filter({ hasText: "must start with a-z" }).waitFor();

  // The user, with that role.
  await go(page, "/settings/users");
  await settled(page, "Users");
  await page.getByRole("button", { name: "Add user" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(REP_EMAIL);
  await dialog.getByLabel("Name").fill("Field Rep");
  await dialog.getByLabel("Role").selectOption({ label: "Field rep" });
  await dialog.getByLabel("Initial password").fill("password1234");
  await dialog.getByRole("button", { name: "Add user" }).click();
  // The password policy's refusal shows on the password field.
  await dialog.getByRole("alert").filter({ hasText: /commonly used/ }).waitFor();
  await dialog.getByLabel("Initial password").fill(REP_PASSWORD);
  await dialog.getByRole("button", { name: "Add user" }).click();
  await page.getByRole("table").getByText("Field Rep", { exact: true }).waitFor();
  await page.getByText("Field Rep can now sign in.").waitFor();
  await screenshot(page, "settings-users-1440");
  assert.deepEqual(page.problems, []);

  // One contact owned by the admin, one by the rep.
  const users = await admin.get("/api/v1/users");
  const rep = users.data.find((u) => u.email === REP_EMAIL);
  assert.ok(rep, "the rep exists");
  assert.equal(rep.role, "field_rep");
  await admin.post("/api/v1/contacts", { first_name: "Admin", last_name: "Owned" });
  await admin.post("/api/v1/contacts", { first_name: "Rep", last_name: "Owned", owner_id: rep.id });

  // The rep, in another browser context.
  const repPage = await newPage(browser);
  await signIn(repPage, server.url, REP_EMAIL, REP_PASSWORD);
  // What the contact list reads with the rep's browser session: only their own.
  const names = await repPage.evaluate(async () => {
    const r = await fetch("/api/v1/contacts?limit=100", { credentials: "same-origin" });
    return (await r.json()).data.map((c) => `${c.first_name} ${c.last_name}`);
  });
  assert.deepEqual(names, ["Rep Owned"]);
  await repPage.goto(`${server.url}/contacts`);
  await repPage.getByRole("heading", { level: 1 }).waitFor();
  // Once the list page renders rows, the admin's contact must not be among them.
  assert.equal(await repPage.getByText("Admin Owned").count(), 0);

  // No admin settings: the sidebar's Settings goes to the account page, an admin page says why not.
  const sidebar = repPage.getByRole("navigation", { name: "Main" }).first();
  assert.equal(await sidebar.getByRole("link", { name: "Settings" }).getAttribute("href"), "/settings/account");
  await repPage.goto(`${server.url}/settings/users`);
  await repPage.getByRole("heading", { name: "Only administrators can change workspace settings" }).waitFor();
  const sub = repPage.getByRole("navigation", { name: "Settings pages" });
  assert.equal(await sub.getByRole("link", { name: "My account" }).count(), 1);
  for (const name of ["Users", "Roles", "Pipelines", "API keys", "Audit log"]) assert.equal(await sub.getByRole("link", { name }).count(), 0, name);
  assert.equal(await repPage.getByRole("table").count(), 0);
  assert.deepEqual(await axeViolations(repPage), []);
  assert.deepEqual(repPage.problems, []);
  await repPage.context().close();
  await page.context().close();
});

test("an API key's secret is shown once, works, and can be revoked", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/settings/api-keys");
  await settled(page, "API keys");
  await page.getByText("No API keys").waitFor();
  await page.getByRole("button", { name: "New API key" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill("Newsletter sync");
  await page.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  const secretBox = page.getByTestId("api-key-secret");
  await secretBox.waitFor();
  const secret = (await secretBox.textContent()).trim();
  assert.ok(secret.length > 20, "a real key is shown");
  const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200);
  await page.getByRole("button", { name: "I copied the key" }).click();
  await page.getByRole("table").getByText("Newsletter sync", { exact: true }).waitFor();
  assert.equal(await page.getByText(secret).count(), 0, "the secret is not shown again");
  await go(page, "/settings/users");
  await go(page, "/settings/api-keys");
  await settled(page, "API keys");
  assert.equal(await page.getByText(secret).count(), 0);

  await page.getByRole("button", { name: "Revoke key Newsletter sync" }).click();
  await page.getByRole("alertdialog").getByText(/stops working at once/).waitFor();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key Newsletter sync" }).click();
  await page.getByText("Key Newsletter sync revoked.").waitFor();
  const after = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(after.status, 401);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("stages are reordered by keyboard and the order is saved", async () => {
  const p = await admin.post("/api/v1/pipelines", {
    name: "Renewals",
    stages: [
      { name: "Contacted", type: "open", probability: 20 },
      { name: "Negotiation", type: "open", probability: 50 },
      { name: "Verbal yes", type: "open", probability: 80 },
      { name: "Renewed", type: "won" },
    ],
  });
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/settings/pipelines");
  await settled(page, "Pipelines");
  await page.getByRole("button", { name: /^Renewals/ }).click();
  await page.getByLabel("Pipeline name").waitFor();
  assert.equal(await page.getByLabel("Pipeline name").inputValue(), "Renewals");

  // Space lifts, arrows move, Space drops (dnd-kit's keyboard sensor), announced to screen readers.
  const handle = page.getByRole("button", { name: "Reorder Verbal yes" });
  await handle.focus();
  await page.keyboard.press("Space");
  await page.waitForTimeout(150);
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(250);
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(250);
  await page.keyboard.press("Space");
  await page.getByText("Unsaved changes").waitFor();
  const order = await page.locator("[data-stage]").evaluateAll((els) => els.map((e) => e.getAttribute("data-stage")));
  assert.deepEqual(order, ["Verbal yes", "Contacted", "Negotiation", "Renewed"]);
  await screenshot(page, "settings-pipelines-1440");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Pipeline Renewals saved.").waitFor();
  const saved = await admin.get(`/api/v1/pipelines/${p.id}`);
  assert.deepEqual(
    saved.stages.filter((s) => !s.archived).sort((a, b) => a.position - b.position).map((s) => s.name),
    ["Verbal yes", "Contacted", "Negotiation", "Renewed"],
  );

  // A stage name the server refuses (a duplicate) shows on that stage's field.
  await page.getByLabel("Name of stage 2").fill("Verbal yes");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("alert").filter({ hasText: "name of another stage" }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a team and a role named with markup render as text", async () => {
  await admin.post("/api/v1/teams", { name: XSS });
  await admin.post("/api/v1/roles", { name: "xss_role", label: XSS });
  const page = await newPage(browser);
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await signIn(page, server.url);
  for (const [path, heading] of [
    ["/settings/teams", "Teams"],
    ["/settings/roles", "Roles"],
    ["/settings/roles/xss_role", XSS],
    ["/settings/users", "Users"],
  ]) {
    await page.goto(server.url + path);
    await settled(page, heading);
    if (path !== "/settings/users") await page.getByText(XSS).first().waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0, path);
  }
  // The user dialog lists the team by its name, as text.
  await page.getByRole("button", { name: "Add user" }).first().click();
  await page.getByRole("dialog").getByRole("checkbox", { name: XSS }).waitFor();
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a team is made and deleted by keyboard; a dialog gives focus back to the button that opened it", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/settings/teams");
  await settled(page, "Teams");
  const add = page.getByRole("button", { name: "New team" }).first();
  await add.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "New team" });
  await dialog.waitFor();
  // Esc closes without a trace and focus is back on the button.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await add.evaluate((el) => el === document.activeElement), true, "focus returns to New team");
  await page.keyboard.press("Enter");
  await dialog.getByLabel("Name").fill("Keyboard crew");
  // Enter in a field submits the form.
  await page.keyboard.press("Enter");
  await page.getByText("Team Keyboard crew created.").waitFor();
  await page.getByRole("table", { name: "Teams" }).getByText("Keyboard crew", { exact: true }).waitFor();
  // The destructive confirmation is an alertdialog whose button names what it deletes.
  await page.getByRole("button", { name: "Delete team Keyboard crew" }).click();
  const confirm = page.getByRole("alertdialog", { name: /Keyboard crew/ });
  await confirm.waitFor();
  await confirm.getByRole("button", { name: "Delete team Keyboard crew" }).click();
  await page.getByText("Team Keyboard crew deleted.").waitFor();
  assert.equal(await page.getByRole("table", { name: "Teams" }).getByText("Keyboard crew", { exact: true }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the recycle bin restores a record with a toast; the audit log shows the deletion", async () => {
  const c = await admin.post("/api/v1/companies", { name: "Binned Ltd" });
  await admin.call("DELETE", `/api/v1/companies/${c.id}`);
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/settings/recycle-bin");
  await settled(page, "Recycle bin");
  await page.getByLabel("Records").selectOption("companies");
  await page.getByRole("button", { name: "Restore Binned Ltd" }).click();
  await page.getByText("Binned Ltd restored.").waitFor();
  await page.getByText("The recycle bin is empty").waitFor();
  const back = await admin.get(`/api/v1/companies/${c.id}`);
  assert.equal(back.deleted_at ?? null, null);

  await go(page, "/settings/audit");
  await settled(page, "Audit log");
  await page.getByLabel("Object").selectOption("companies");
  await page.getByLabel("Action").selectOption("delete");
  const events = page.getByRole("list", { name: "Audit events" }).getByRole("listitem");
  await events.first().waitFor();
  assert.equal(await events.count(), 1);
  await events.first().getByText("Administrator").waitFor();
  await page.getByLabel("Action").selectOption("erase");
  await page.getByText("No event matches these filters").waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("settings pages have no serious accessibility violation in light and dark", async () => {
  const desk = await newPage(browser);
  await signIn(desk, server.url);
  await axeBoth(desk, "/settings/users", "Users");
  await axeBoth(desk, "/settings/teams", "Teams");
  await axeBoth(desk, "/settings/roles", "Roles");
  await axeBoth(desk, "/settings/roles/sales_manager", "Sales manager");
  await axeBoth(desk, "/settings/fields", "Custom fields");
  await axeBoth(desk, "/settings/pipelines", "Pipelines");
  await axeBoth(desk, "/settings/api-keys", "API keys");
  await axeBoth(desk, "/settings/mfa-policy", "MFA policy");
  await axeBoth(desk, "/settings/audit", "Audit log");
  await axeBoth(desk, "/settings/recycle-bin", "Recycle bin");
  await desk.context().close();
  const phone = await newPage(browser, { width: 375, height: 812 });
  await signIn(phone, server.url);
  await axeBoth(phone, "/settings/account", "My account", "account-security-375");
  await axeBoth(phone, "/settings/users", "Users", "settings-users-375");
  // The permission matrix scrolls sideways on a phone, in a region the keyboard can reach.
  await axeBoth(phone, "/settings/roles/sales_manager", "Sales manager", "settings-role-375");
  await axeBoth(phone, "/settings/pipelines", "Pipelines", "settings-pipelines-375");
  await phone.context().close();
});

test("a role that requires MFA sends its user to enrolment first, then on", async () => {
  await admin.post("/api/v1/users", { email: "manager@example.com", name: "Sam Manager", role: "sales_manager", password: "Manager-pass-2026" });
  await admin.call("PUT", "/api/v1/auth/mfa/policy", { required_roles: ["sales_manager"] });
  const page = await newPage(browser);
  await signIn(page, server.url, "manager@example.com", "Manager-pass-2026");
  await page.getByRole("heading", { name: "Set up two-step sign-in to go on" }).waitFor();
  // Nothing else is reachable meanwhile: the shell is not there.
  assert.equal(await page.getByRole("navigation", { name: "Main" }).count(), 0);
  await go(page, "/contacts");
  await page.getByRole("heading", { name: "Set up two-step sign-in to go on" }).waitFor();
  const secret = (await page.getByTestId("mfa-secret").textContent()).replace(/\s/g, "");
  await page.getByLabel("6-digit code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  await page.getByLabel("I saved my recovery codes somewhere safe").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("navigation", { name: "Main" }).first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
  await admin.call("PUT", "/api/v1/auth/mfa/policy", { required_roles: [] });
});

test("the admin enrols in MFA, sees the recovery codes once, then signs in with a code", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await go(page, "/settings/account");
  await settled(page, "My account");
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  const secretEl = page.getByTestId("mfa-secret");
  await secretEl.waitFor();
  await page.getByRole("img", { name: "QR code to scan with your authenticator app" }).waitFor();
  const src = await page.getByRole("img", { name: /QR code/ }).getAttribute("src");
  assert.match(src, /^data:image\/svg\+xml/, "the QR code is drawn locally");
  const secret = (await secretEl.textContent()).replace(/\s/g, "");
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "mfa-enrol-1440");

  // A wrong code is refused on the field, the right one turns MFA on.
  await page.getByLabel("6-digit code from the app").fill(totp(secret) === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await page.getByRole("alert").filter({ hasText: "That code is not right" }).waitFor();
  const used = totp(secret);
  await page.getByLabel("6-digit code from the app").fill(used);
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  assert.equal(codes.length, 10);
  const cont = page.getByRole("button", { name: "Continue" });
  assert.equal(await cont.isDisabled(), true, "going on needs the saved confirmation");
  await page.getByLabel("I saved my recovery codes somewhere safe").check();
  await cont.click();
  await page.getByText("On", { exact: false }).first().waitFor();
  await page.getByText("Two-step sign-in is on.").waitFor();
  assert.equal(await page.getByText(codes[0].trim()).count(), 0, "the codes are not shown again");
  await go(page, "/settings/users");
  await go(page, "/settings/account");
  await settled(page, "My account");
  assert.equal(await page.getByText(codes[0].trim()).count(), 0);
  await page.getByText("10 of your recovery codes are left.").waitFor();

  // Sign out, sign in: asked for the code; a wrong one is refused clearly; the right one signs in.
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  const code = page.getByLabel("Authentication code");
  await code.waitFor();
  await code.fill("123456" === totp(secret) ? "654321" : "123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").filter({ hasText: "code is not valid" }).waitFor();
  // A code is accepted once: wait for the next one if the confirmation used the current one.
  while (totp(secret) === used) await new Promise((r) => setTimeout(r, 1000));
  await code.fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  await page.getByRole("navigation", { name: "Main" }).first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
