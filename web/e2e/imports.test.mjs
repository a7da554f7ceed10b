// Import from the browser against a real server: from the contacts list's Import action, a CSV with
// a bad row is uploaded, its columns reviewed (by keyboard only: Tab through the column selects,
// arrows to change one, Enter on the dry run), the dry run lists the bad row (line, column, value,
// problem), the import runs to done with its counts, the records appear in the list, the errors CSV
// downloads, and Undo (confirmed) removes them. A larger import's page moves with the WebSocket's
// notices, not with polling. axe in light and dark at 1440 and 375 on the review and on the import's
// page, with screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startServer, launchBrowser, newPage, signIn, screenshot, axeLightAndDark, go, settled, until } from "./harness.mjs";

const CSV = [
  "First Name,Last Name,Email,Shoe size",
  "Ada,Importson,ada@imports.example,38",
  "Bad,Importson,not-an-address,41",
  "Grace,Importson,grace@imports.example,",
  "",
].join("\r\n");
const FILE = { name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) };

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

/** The column review for FILE on the new-import page (reached as a user does, from the list). */
async function review(page) {
  await go(page, "/contacts");
  await settled(page, /Contacts/);
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await settled(page, "New import");
  assert.equal(await page.getByLabel("The file holds").inputValue(), "contacts", "the list's object is chosen");
  await page.locator("input[type=file]").setInputFiles(FILE);
  await page.getByRole("table", { name: "Columns of the file and the fields they fill" }).waitFor();
}

async function contactsNamed(last) {
  const r = await admin.get(`/api/v1/contacts?filter%5Blast_name%5D%5Beq%5D=${last}`);
  return r.data.map((c) => c.first_name).sort();
}

test("a CSV with a bad row: review by keyboard, dry run, import, records, errors CSV, undo", async () => {
  const page = await newPage(browser);
  await signIn(page, server.url);
  await review(page);

  // The automatic match with a sample value each; Shoe size matches nothing.
  const email = page.getByLabel("Field for column Email");
  assert.equal(await email.inputValue(), "email");
  assert.equal(await page.getByLabel("Field for column Shoe size").inputValue(), "");
  await page.getByText("ada@imports.example", { exact: true }).waitFor();
  await page.getByText("3 of 4 columns will be imported.").waitFor();

  // Keyboard only: from the first column's select, Tab to the last one, arrows give it a field and
  // take it back, Tab on to the dry run, Enter.
  await page.getByLabel("Field for column First Name").focus();
  for (const column of ["Last Name", "Email", "Shoe size"]) {
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), `Field for column ${column}`);
  }
  await page.keyboard.press("ArrowDown");
  await until(async () => (await page.getByLabel("Field for column Shoe size").inputValue()) !== "", "an arrow choosing a field");
  await page.getByText("4 of 4 columns will be imported.").waitFor();
  await page.keyboard.press("Home");
  await until(async () => (await page.getByLabel("Field for column Shoe size").inputValue()) === "", "Home choosing Don't import");
  const dry = page.getByRole("button", { name: "Check for errors (dry run)" });
  for (let i = 0; i < 12 && !(await dry.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press("Tab");
  assert.ok(await dry.evaluate((b) => b === document.activeElement), "the dry run's button is reached with Tab");
  await page.keyboard.press("Enter");

  // The dry run: the bad row, with its line, column, value and problem; nothing written.
  await page.getByText("Rows that would fail: 1.", { exact: false }).waitFor({ timeout: 20000 });
  const errors = page.getByRole("table", { name: "Rows with errors" });
  const row = errors.getByRole("row").nth(1);
  assert.match(await row.innerText(), /3[\s\S]*Email[\s\S]*not-an-address/);
  assert.deepEqual(await contactsNamed("Importson"), [], "a dry run writes nothing");
  await errors.scrollIntoViewIfNeeded();
  await screenshot(page, "import-dry-run-1440");

  // The import: its page shows the progress to done, with the counts.
  await page.getByRole("button", { name: "Import contacts" }).click();
  await settled(page, "Import of people.csv");
  await page.getByText(/^✓\s*Done$/).waitFor({ timeout: 30000 });
  const counts = await page.locator("dl").first().innerText();
  assert.match(counts, /Created\s+2/);
  assert.match(counts, /Failed\s+1/);
  assert.equal(await page.getByRole("progressbar", { name: "Import progress" }).getAttribute("value"), "100");
  assert.deepEqual(await contactsNamed("Importson"), ["Ada", "Grace"]);
  await screenshot(page, "import-done-1440");

  // The records in the list.
  await page.getByRole("link", { name: "View the contacts" }).click();
  await settled(page, /Contacts/);
  await page.getByRole("gridcell", { name: "Grace Importson" }).first().waitFor();
  await page.goBack();
  await settled(page, "Import of people.csv");

  // The errors CSV: the failed row as read, with its reason.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download errors CSV" }).click()]);
  assert.equal(file.suggestedFilename(), "import-errors.csv");
  const csv = readFileSync(await file.path(), "utf8");
  assert.match(csv, /^First Name,Last Name,Email,Shoe size,reason/);
  assert.match(csv, /Bad,Importson,not-an-address,41,"?line 3: /);

  // Undo, confirmed: the records leave, the import says undone.
  await page.getByRole("button", { name: "Undo import" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByText(/The 2 contacts it created go to the recycle bin/).waitFor();
  await dialog.getByRole("button", { name: "Undo import" }).click();
  await page.getByText(/^↶\s*Undone$/).first().waitFor({ timeout: 30000 });
  await until(async () => (await contactsNamed("Importson")).length === 0, "the imported contacts gone", 20000);

  // The list of imports: this one, undone, and the dry run.
  await go(page, "/settings/imports");
  await settled(page, "Imports");
  const table = page.getByRole("table", { name: "Imports" });
  await table.getByText("dry run", { exact: false }).waitFor();
  assert.equal(await table.getByRole("button", { name: /Undo import of/ }).count(), 0, "nothing left to undo");
  assert.deepEqual(page.problems, []);
});

test("a running import's progress bar moves with the WebSocket's notices, not by polling", async () => {
  const rows = ["First Name,Last Name,Email"];
  // 40 batches of 1,000 rows: the run is still under way when the page has loaded.
  for (let i = 0; i < 40000; i++) rows.push(`P${i},Liveson,p${i}@live.example`);
  const page = await newPage(browser);
  // When the page's socket said "ready" (the page is live from then on; before it, polling every
  // second is the page's fallback, not what is tested here).
  const readies = [];
  page.on("websocket", (ws) => ws.on("framereceived", (f) => String(f.payload).includes('"ready"') && readies.push(Date.now())));
  await signIn(page, server.url);
  const started = await fetch(`${server.url}/api/v1/imports?object=contacts`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "text/csv" },
    body: rows.join("\r\n"),
  }).then((r) => r.json());
  const reads = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === `/api/v1/imports/${started.id}`) reads.push(Date.now());
  });
  await go(page, `/settings/imports/${started.id}`);
  await settled(page, /^Import of /);
  const bar = page.getByRole("progressbar", { name: "Import progress" });
  // Every value the bar shows, as the page renders it: read by this test's polling, a busy machine
  // missed the moves between two reads (CI saw "52 %" and then done).
  await bar.evaluate((el) => {
    window.__barValues = [el.getAttribute("aria-valuetext")];
    new MutationObserver(() => window.__barValues.push(el.getAttribute("aria-valuetext"))).observe(el, {
      attributes: true,
      attributeFilter: ["aria-valuetext"],
    });
  });
  let shot = false;
  await until(
    async () => {
      if (!shot && /Running$/.test((await page.locator("span[aria-live=polite]").first().innerText()).trim())) {
        shot = true;
        await screenshot(page, "import-running-1440");
      }
      return (await page.getByText(/^✓\s*Done$/).count()) > 0;
    },
    "the import done",
    120000,
    50,
  );
  const seen = new Set((await bar.evaluate(() => window.__barValues)).filter(Boolean));
  assert.ok(seen.size >= 3, `the bar moved while running: ${[...seen].join(", ")}`);
  // With the socket live the page reads the import once, then every 5 s as a safety net, and once
  // more when it has ended: the moves came from the notices. The safety net's clock starts at the
  // page's first read (before the page had settled): measured from when the page had settled, a run
  // ending ~5 s after the first read met its 5-s read inside a window shorter than 5 s (issue 18:
  // "3 reads in 4.957 s").
  // So they are counted from the socket's last "ready" (at or before the first read, or else the
  // page's fallback polled every second until then: those reads are not counted).
  assert.ok(readies.length > 0, "the page's socket was live");
  const liveAt = readies[readies.length - 1];
  const counted = reads.filter((t) => t >= liveAt);
  const seconds = (Date.now() - liveAt) / 1000;
  assert.ok(counted.length <= 2 + Math.floor(seconds / 5), `${counted.length} reads in ${seconds} s since the socket was live (${reads.length} in all)`);
  assert.ok(shot, "the running state was shown");
  assert.deepEqual(page.problems, []);
});

test("axe on the review and the import's page, light and dark; screenshots at 1440 and 375", async () => {
  const done = await fetch(`${server.url}/api/v1/imports?object=contacts`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "text/csv" },
    body: CSV.replaceAll("Importson", "Axeson").replaceAll("imports.example", "axe.example"),
  }).then((r) => r.json());
  await until(async () => (await admin.get(`/api/v1/imports/${done.id}`)).state === "done", "the import done", 20000);
  for (const width of [1440, 375]) {
    const page = await newPage(browser, { width, height: width === 375 ? 812 : 900 });
    await signIn(page, server.url);
    await review(page);
    assert.deepEqual(await axeLightAndDark(page, { shot: `import-review-${width}` }), [], `review ${width}`);
    await go(page, `/settings/imports/${done.id}`);
    await settled(page, /^Import of /);
    await page.getByText(/^✓\s*Done$/).waitFor();
    await page.getByRole("table", { name: "Rows with errors" }).waitFor();
    assert.deepEqual(await axeLightAndDark(page, { shot: `import-page-${width}` }), [], `import page ${width}`);
    await go(page, "/settings/imports");
    await settled(page, "Imports");
    assert.deepEqual(await axeLightAndDark(page, { shot: `imports-list-${width}` }), [], `imports list ${width}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
