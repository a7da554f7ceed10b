// End-to-end harness: a real `rapport serve` on a fresh data directory and Debian's Chromium driven
// by playwright-core. RAPPORT_BIN names the binary (default ../build/rapport, which embeds the UI);
// RAPPORT_WEB_DIR makes the server serve that directory instead (--web-dir, for UI development).
// Screenshots go to RAPPORT_E2E_ARTIFACTS (default ../build/web-artifacts).
import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../..");
export const artifacts = process.env.RAPPORT_E2E_ARTIFACTS ?? join(root, "build/web-artifacts");
export const ADMIN_EMAIL = "admin@rapport.local";
export const ADMIN_PASSWORD = "E2e-admin-pass-2026";

/**
 * For a test file that needs one server and one browser: starts them before the file's tests (the
 * server with startServer's `options`) and closes both after them. The returned object's `server`,
 * `browser` and `api` (the admin's ApiClient) are set once started.
 */
export function serverAndBrowser(options) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launchBrowser();
    env.api = await env.server.login();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * Starts `rapport serve` on a free port with a fresh SQLite data directory; `args` are added to the
 * command line and `env` to the environment (a webhook test's --webhook-allow-host, time scale).
 */
export async function startServer({ args: extraArgs = [], env = {} } = {}) {
  const bin = process.env.RAPPORT_BIN ?? join(root, "build/rapport");
  const data = mkdtempSync(join(tmpdir(), "rapport-e2e-"));
  const portFile = join(data, "port");
  // No rate limit: the tests seed their data through the API in bursts (the limit is tested apart).
  const args = ["serve", "--data", data, "--listen", "127.0.0.1:0", "--port-file", portFile, "--no-access-log", "--rate-limit", "0"];
  if (process.env.RAPPORT_WEB_DIR) args.push("--web-dir", process.env.RAPPORT_WEB_DIR);
  args.push(...extraArgs);
  const proc = spawn(bin, args, {
    env: { ...process.env, ...env, RAPPORT_ADMIN_PASSWORD: ADMIN_PASSWORD, RAPPORT_ADMIN_EMAIL: ADMIN_EMAIL },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  for (let i = 0; i < 200 && !existsSync(portFile); i++) {
    if (proc.exitCode !== null) throw new Error(`rapport serve exited: ${stderr}`);
    await sleep(50);
  }
  const port = readFileSync(portFile, "utf8").trim();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  const server = {
    url,
    data,
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once("exit", r)));
      rmSync(data, { recursive: true, force: true });
    },
    /** A Bearer session for setting data up through the API. */
    async login(email = ADMIN_EMAIL, password = ADMIN_PASSWORD, code) {
      const body = { email, password };
      if (code) body.code = code;
      const r = await fetch(`${url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
      const { token } = await r.json();
      return new ApiClient(url, token);
    },
  };
  return server;
}

/** A JSON API caller with a Bearer token; throws on a status other than the expected ones. */
export class ApiClient {
  constructor(url, token) {
    this.url = url;
    this.token = token;
  }
  async call(method, path, body, { expect = [200, 201, 204], headers = {} } = {}) {
    const r = await fetch(this.url + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!expect.includes(r.status)) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  get(path) {
    return this.call("GET", path);
  }
  post(path, body) {
    return this.call("POST", path, body);
  }
  patch(path, body) {
    return this.call("PATCH", path, body);
  }
}

/** Headless Debian Chromium, with the flags this sandbox's closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that fails the test on any Content-Security-Policy violation, page error or console error
 * (errors the test expects, like a 422 answer, are listed in `allow`).
 */
export async function newPage(browser, { width = 1440, height = 900, colorScheme = "light", allow = [] } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, locale: "en-US" });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const text = m.text();
    // Failed fetches the test provoked (4xx answers) are logged by Chromium as console errors.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    if (allow.some((a) => text.includes(a))) return;
    page.problems.push(`console: ${text}`);
  });
  return page;
}

export async function signIn(page, url, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

/**
 * Goes to a page inside the app, as a click on a link does: no reload, so the session's state in
 * memory (the CSRF token among it) is what a user working through the app has.
 */
export async function go(page, path) {
  await page.evaluate((p) => {
    history.pushState({}, "", p);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await page.waitForURL((u) => u.pathname === path.split("?")[0]);
}

/** A new page (newPage's options) signed in as the admin at an app path, settled on its heading. */
export async function adminAt(browser, url, path, heading, options) {
  const page = await newPage(browser, options);
  await signIn(page, url);
  await go(page, path);
  await settled(page, heading);
  return page;
}

/**
 * A local webhook receiver on 127.0.0.1 (servers started with --webhook-allow-host 127.0.0.1): it
 * keeps every request it gets in `received` ({ path, headers, body } with the body as sent) and
 * answers with answer(path) → [status, content type, body] (default 200, a small JSON body).
 */
export async function startReceiver(answer = () => [200, "application/json", "{}"]) {
  const received = [];
  const http = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      received.push({ path: req.url, headers: req.headers, body });
      const [status, type, text] = answer(req.url);
      res.writeHead(status, { "content-type": type }).end(text);
    });
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  return { http, url: `http://127.0.0.1:${http.address().port}`, received };
}

/** Waits until the page has its level-1 heading and no skeleton, so axe and screenshots see it. */
export async function settled(page, heading) {
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => !document.querySelector("[aria-busy='true']"));
}

/** Polls fn until it returns something truthy (that value), or fails naming what it waited for. */
export async function until(fn, what, ms = 8000, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** Writes a screenshot under the artefacts folder: <name>.png. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}

const axeSource = readFileSync(join(root, "web/node_modules/axe-core/axe.min.js"), "utf8");

/**
 * axe-core's serious and critical violations on the page (WCAG 2.1 A/AA rules), or only inside the
 * element `within` selects (an open combobox list: react-aria hides the rest of the page from
 * screen readers meanwhile, which axe reports as hidden focusable elements). The source is
 * evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function axeViolations(page, within = null) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (selector) => {
    const context = selector ? { include: [selector] } : document;
    // eslint-disable-next-line no-undef
    const r = await axe.run(context, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  }, within);
  return result;
}

/**
 * axeViolations on the page as it stands, in the light theme and then in the dark one, each entry
 * prefixed with its theme; a screenshot of each when `shot` names one (<shot>.png, <shot>-dark.png).
 * The theme follows prefers-color-scheme, so emulating the media switches it in place: a page per
 * theme cost a new context, a sign-in and a full load each, about half of the browser tests' time.
 * Reports a dark theme that did not take (the body's background unchanged). Leaves the page light.
 */
export async function axeLightAndDark(page, { shot, within = null } = {}) {
  const found = [];
  const backgrounds = new Set();
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
    for (const v of await axeViolations(page, within)) found.push(`${colorScheme}: ${v}`);
    if (shot) await screenshot(page, colorScheme === "light" ? shot : `${shot}-dark`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (backgrounds.size !== 2) found.push(`the dark theme did not take: the background stayed ${[...backgrounds][0]}`);
  return found;
}

/**
 * axeLightAndDark on each [path, heading, shot] of `pages`, 1440 and then 375 wide, on one page signed
 * in as the admin per width (screenshots <shot>-<width>.png and -dark.png); returns what it found,
 * each entry naming its page and width, and the page's console errors.
 */
export async function axeAdminPages(browser, url, pages) {
  const found = [];
  for (const width of [1440, 375]) {
    const page = await adminAt(browser, url, pages[0][0], pages[0][1], { width, height: width > 800 ? 900 : 812 });
    for (const [path, heading, shot] of pages) {
      await go(page, path);
      await settled(page, heading);
      for (const v of await axeLightAndDark(page, { shot: `${shot}-${width}` })) found.push(`${path} ${width}: ${v}`);
    }
    found.push(...page.problems);
    await page.context().close();
  }
  return found;
}

/** The current TOTP code (RFC 6238, SHA-1, 30 s, 6 digits) of a base32 secret. */
export function totp(secret, at = Date.now()) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secret.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const bytes = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = createHmac("sha1", bytes).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

/**
 * A local SMTP server (scripts/smtp-server.sh, as the functional email tests use it) on a free
 * loopback port; `args` are its options (--user/--password, --mode refuse). stop() ends it.
 */
export function startSmtp(...args) {
  const script = join(root, "scripts/smtp-server.sh");
  const dir = mkdtempSync(join(tmpdir(), "rapport-smtp-"));
  const port = Number(execFileSync("bash", [script, "start", dir, ...args], { encoding: "utf8" }).trim());
  return { dir, port, stop: () => execFileSync("bash", [script, "stop", dir]) };
}

/** The messages an SMTP server of startSmtp accepted: the envelope (mail_from, rcpt_tos) and the raw message of each. */
export function received(dir) {
  const where = join(dir, "messages");
  if (!existsSync(where)) return [];
  return readdirSync(where)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => ({ ...JSON.parse(readFileSync(join(where, f.replace(/\.eml$/, ".json")), "utf8")), raw: readFileSync(join(where, f), "utf8") }));
}
