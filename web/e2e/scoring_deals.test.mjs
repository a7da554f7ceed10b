// A deal's score on its page: 130 won and lost deals whose outcome follows their meetings, the deal
// model trained through the API, then an open deal's page shows its score and the factors that name
// the meetings; a deal given meetings since is rescored by the refresh (POST /api/v1/scoring/refresh,
// hourly on its own) and its page says so. Screenshots at 1440 and 375 px, axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, signIn, screenshot, axeViolations, until } from "./harness.mjs";

const env = serverAndBrowser();

const hour = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString();

async function meetings(dealId, n) {
  const start = Date.now() - 48 * hour;
  for (let m = 0; m < n; m++)
    await env.api.post("/api/v1/activities", { type: "meeting", subject: `Demo ${m}`, deal_id: dealId, starts_at: iso(start + m * hour), ends_at: iso(start + m * hour + hour / 2) });
}

// A deal with `n` meetings and then a note, two days ago.
async function deal(pipeline, name, n) {
  const d = await env.api.post("/api/v1/deals", { name, pipeline_id: pipeline.id, amount: 500000, currency: "EUR" });
  await meetings(d.id, n);
  await env.api.post("/api/v1/activities", { type: "note", body: "Notes", deal_id: d.id, occurred_at: iso(Date.now() - 44 * hour) });
  return d.id;
}

async function runJob(path) {
  const job = await env.api.call("POST", path, {}, { expect: [202] });
  await until(async () => (await env.api.get(`/api/v1/jobs/${job.job_id}`)).state === "succeeded", path, 90000, 250);
}

test("an open deal's page shows its score and factors, refreshed when its meetings change", async () => {
  const pipeline = await env.api.post("/api/v1/pipelines", {
    name: "Scored deals",
    stages: [
      { name: "Qualify", type: "open" },
      { name: "Won", type: "won" },
      { name: "Lost", type: "lost" },
    ],
  });
  const [, won, lost] = pipeline.stages;
  let wins = 0;
  for (let i = 0; i < 130; i++) {
    const met = i % 2 === 0;
    const wonIt = met !== (i % 7 === 3);
    const id = await deal(pipeline, `Scored ${i}`, met ? 2 + (i % 4) / 2 : 0);
    const close = { expected_close_date: "2026-11-30" };
    await env.api.post(`/api/v1/deals/${id}/move`, wonIt ? { stage_id: won.id, ...close } : { stage_id: lost.id, lost_reason: "price", ...close });
    wins += wonIt ? 1 : 0;
  }
  assert.ok(wins >= 50 && 130 - wins >= 50);
  const busy = await deal(pipeline, "Busy Rocket Deal", 3);
  const quiet = await deal(pipeline, "Quiet Rocket Deal", 0);
  await runJob("/api/v1/scoring/train?object=deals");
  const models = await env.api.get("/api/v1/scoring/models?object=deals");
  assert.equal(models.data[0].scoring, true, JSON.stringify(models.data[0].models[0]));
  assert.ok((await env.api.get(`/api/v1/deals/${busy}`)).score >= 60);
  const quietBefore = (await env.api.get(`/api/v1/deals/${quiet}`)).score;
  assert.ok(quietBefore <= 40, String(quietBefore));

  const page = await newPage(env.browser);
  await signIn(page, env.server.url);
  await page.goto(`${env.server.url}/deals/${busy}`);
  await page.getByRole("heading", { level: 1, name: "Busy Rocket Deal" }).waitFor();
  await page.getByText("Why this score").waitFor();
  await page.getByText(/3 meetings in the last 14 days: \+\d+/).first().waitFor();
  await screenshot(page, "scoring-deal-1440");
  assert.deepEqual(await axeViolations(page), []);

  // The quiet deal gets three meetings: the refresh rescores it, and its page shows the new factors.
  await page.goto(`${env.server.url}/deals/${quiet}`);
  await page.getByRole("heading", { level: 1, name: "Quiet Rocket Deal" }).waitFor();
  await page.getByText(/0 meetings in the last 14 days: -\d+/).first().waitFor();
  await meetings(quiet, 3);
  await runJob("/api/v1/scoring/refresh");
  assert.ok((await env.api.get(`/api/v1/deals/${quiet}`)).score > quietBefore);
  await page.reload();
  await page.getByText(/3 meetings in the last 14 days: \+\d+/).first().waitFor();
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByText(/3 meetings in the last 14 days/).first().waitFor();
  await screenshot(page, "scoring-deal-375");
  assert.deepEqual(page.problems, []);
});
