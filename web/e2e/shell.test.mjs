// The shell: sign-in (wrong password, then right), the CSP holds (no violation, headers present),
// the session survives a reload (CSRF token from /auth/me), an expired session says so, and the
// sign-in page has no serious accessibility violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeViolations, ADMIN_EMAIL, ADMIN_PASSWORD } from "./harness.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the UI is served with a strict Content-Security-Policy", async () => {
  const r = await fetch(`${server.url}/contacts/some-client-route`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type") ?? "", /text\/html/);
  const csp = r.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
});

test("a wrong password says so, the right one signs in, a reload keeps the session", async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/sign-in/);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, "sign-in-1440");
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "email or password is not right" }).waitFor();
  await signIn(page, server.url);
  await page.getByRole("navigation", { name: "Main" }).first().waitFor();
  await page.reload();
  await page.getByRole("navigation", { name: "Main" }).first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an ended session sends the user to sign in, and back to the page asked for", async () => {
  const page = await newPage(browser);
  // The live socket's handshake must be over before the session ends: a handshake that reaches the
  // server after the logout is refused, and the browser logs that refusal where no page can hide it.
  const live = new Promise((resolve) => {
    page.on("websocket", (ws) => ws.on("framereceived", (f) => String(f.payload).includes('"ready"') && resolve()));
  });
  await signIn(page, server.url);
  await live;
  // End the session behind the page's back: log out with the cookie from another request.
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } });
  const csrf = (await me.json()).csrf_token;
  const out = await fetch(`${server.url}/api/v1/auth/logout`, { method: "POST", headers: { cookie, "x-csrf-token": csrf } });
  assert.equal(out.status, 204);
  await page.goto(`${server.url}/contacts?sort=-created_at`);
  await page.waitForURL(/\/sign-in/);
  // Signing in again goes back to the page the user asked for.
  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/contacts" && u.search === "?sort=-created_at");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
