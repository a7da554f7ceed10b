// The deals board on a phone, by touch: in a touch-enabled 375 px context (hasTouch, isMobile), a
// press-and-hold lifts a card (dnd-kit's TouchSensor: 250 ms, 8 px tolerance), a drag to the
// screen's right edge scrolls the board to the next stage, and the release drops it there; a card
// is also reordered within its stage. The API has the new stage and order, and the board shows the
// same order after a reload. axe on the phone board; screenshots.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { startServer, launchBrowser, signIn, screenshot, axeViolations, until } from "./harness.mjs";

let server;
let browser;
let api;
let pipeline;
let stage;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  api = await server.login();
  pipeline = await api.post("/api/v1/pipelines", {
    name: "Field sales",
    stages: [
      { name: "Qualification", type: "open", probability: 10 },
      { name: "Proposal", type: "open", probability: 50 },
      { name: "Negotiation", type: "open", probability: 75 },
      { name: "Won", type: "won", probability: 100 },
      { name: "Lost", type: "lost", probability: 0 },
    ],
  });
  stage = Object.fromEntries(pipeline.stages.map((s) => [s.name, s]));
  for (const [name, s] of [
    ["Harbour cranes", "Qualification"],
    ["Bakery ovens", "Qualification"],
    ["Library scanners", "Qualification"],
    ["School laptops", "Proposal"],
    ["Clinic tablets", "Proposal"],
  ]) {
    await api.post("/api/v1/deals", { name, pipeline_id: pipeline.id, stage_id: stage[s].id, amount: 250000, currency: "EUR", expected_close_date: "2027-06-30" });
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone: touch events, a mobile viewport; fails on CSP violations, page and console errors. */
async function phonePage(colorScheme = "light") {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true, colorScheme, locale: "en-US" });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  await signIn(page, server.url);
  await page.goto(`${server.url}/deals/board/${pipeline.id}`);
  await column(page, "Proposal").getByText("School laptops").waitFor({ state: "attached" });
  page.touch = await context.newCDPSession(page);
  return page;
}

const column = (page, name) => page.locator(`section[data-stage="${name}"]`);
const namesIn = (page, name) => column(page, name).locator("[data-deal-id] > span:first-child").allTextContents();

/** The board's order of a stage, from the API. */
async function apiOrder(name) {
  const board = await api.get(`/api/v1/pipelines/${pipeline.id}/board?limit=50`);
  return board.stages.find((s) => s.name === name).deals.map((d) => d.name);
}

const touch = (page, type, x, y) =>
  page.touch.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x: Math.round(x), y: Math.round(y) }] });

/** Press and hold (longer than the sensor's 250 ms delay, without moving), as a thumb lifts a card. */
async function pressAndHold(page, x, y) {
  await touch(page, "touchStart", x, y);
  await sleep(450);
}

async function glide(page, from, to, steps = 12) {
  for (let i = 1; i <= steps; i++) {
    await touch(page, "touchMove", from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    await sleep(16);
  }
}

/** The stage under a point of the screen (the dragged card's overlay left aside). */
const stageAt = (page, x, y) =>
  page.evaluate(([px, py]) => {
    const hit = document.elementsFromPoint(px, py).find((el) => el.closest("section[data-stage]"));
    return hit?.closest("section[data-stage]")?.getAttribute("data-stage") ?? null;
  }, [x, y]);

test("a card dragged by touch to the next stage: the board scrolls to it, the API has it, the order survives a reload", async () => {
  const page = await phonePage();
  await screenshot(page, "board-touch-375");
  const card = column(page, "Qualification").locator("[data-deal-id]", { hasText: "Bakery ovens" });
  const box = await card.boundingBox();
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await pressAndHold(page, start.x, start.y);
  // Lifted: the card's place shows as a placeholder and an overlay follows the thumb.
  const edge = { x: 352, y: start.y };
  await glide(page, start, edge);
  // Held near the right edge, the board scrolls on its own; once Proposal is under the middle of
  // the screen, the thumb moves there (out of the scrolling zone) and lets go.
  const middle = { x: 190, y: start.y };
  await until(async () => (await stageAt(page, middle.x, middle.y)) === "Proposal", "the board to scroll to Proposal");
  await glide(page, edge, middle, 6);
  await sleep(200);
  await screenshot(page, "board-touch-dragging-375");
  await touch(page, "touchEnd");

  await until(async () => (await api.get(`/api/v1/deals/${await dealId("Bakery ovens")}`)).stage_id === stage.Proposal.id, "the move to reach the API");
  await column(page, "Proposal").getByText("Bakery ovens").waitFor({ state: "attached" });
  const shown = await namesIn(page, "Proposal");
  assert.ok(shown.includes("Bakery ovens"));
  assert.deepEqual(shown, await apiOrder("Proposal"), "the board shows the API's order");
  assert.ok(!(await apiOrder("Qualification")).includes("Bakery ovens"));

  await page.reload();
  await column(page, "Proposal").getByText("Bakery ovens").waitFor({ state: "attached" });
  assert.deepEqual(await namesIn(page, "Proposal"), shown, "the order survives a reload");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a card reordered within its stage by touch", async () => {
  const page = await phonePage();
  const before = await namesIn(page, "Qualification");
  assert.ok(before.length >= 2);
  const last = column(page, "Qualification").locator("[data-deal-id]", { hasText: before.at(-1) });
  const first = column(page, "Qualification").locator("[data-deal-id]", { hasText: before[0] });
  const a = await last.boundingBox();
  const b = await first.boundingBox();
  const from = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  await pressAndHold(page, from.x, from.y);
  await glide(page, from, { x: from.x, y: b.y + 8 });
  await sleep(250);
  await touch(page, "touchEnd");
  const expected = [before.at(-1), ...before.slice(0, -1)];
  await until(async () => JSON.stringify(await apiOrder("Qualification")) === JSON.stringify(expected), "the reorder to reach the API");
  assert.deepEqual(await namesIn(page, "Qualification"), expected);
  await page.reload();
  await column(page, "Qualification").getByText(before[0]).waitFor({ state: "attached" });
  assert.deepEqual(await namesIn(page, "Qualification"), expected, "the order survives a reload");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a swipe without the hold scrolls the board instead of dragging", async () => {
  const page = await phonePage();
  const card = column(page, "Qualification").locator("[data-deal-id]").first();
  const box = await card.boundingBox();
  const scrollBefore = await page.getByRole("region", { name: "Stages of Field sales" }).evaluate((el) => el.scrollLeft);
  const from = { x: box.x + box.width - 20, y: box.y + box.height / 2 };
  await touch(page, "touchStart", from.x, from.y);
  await glide(page, from, { x: 40, y: from.y }, 8);
  await touch(page, "touchEnd");
  await sleep(600);
  const scrollAfter = await page.getByRole("region", { name: "Stages of Field sales" }).evaluate((el) => el.scrollLeft);
  assert.ok(scrollAfter > scrollBefore, `the board scrolled (${scrollBefore} → ${scrollAfter})`);
  assert.deepEqual(await apiOrder("Qualification"), await namesIn(page, "Qualification"), "nothing moved");
  for (const colorScheme of ["light", "dark"]) {
    const p = colorScheme === "light" ? page : await phonePage("dark");
    assert.deepEqual(await axeViolations(p), [], `phone board, ${colorScheme}`);
    assert.deepEqual(p.problems, []);
    await p.context().close();
  }
});

const ids = new Map();
async function dealId(name) {
  if (!ids.has(name)) {
    const r = await api.get(`/api/v1/deals?filter[name][eq]=${encodeURIComponent(name)}`);
    ids.set(name, r.data[0].id);
  }
  return ids.get(name);
}
