// A lead's score on its page: leads whose conversion follows their meetings, the scoring model
// trained through the API, then an open lead's page shows its score and the factors that name the
// meetings. Screenshots at 1440 and 375 px, axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, signIn, screenshot, axeViolations, until } from "./harness.mjs";

const env = serverAndBrowser();

const hour = 3600 * 1000;
const iso = (ms) => new Date(ms).toISOString();

// A lead with `meetings` meetings and then a note, two days ago.
async function lead(name, meetings) {
  const l = await env.api.post("/api/v1/leads", { last_name: name, source: "web" });
  const start = Date.now() - 48 * hour;
  for (let m = 0; m < meetings; m++)
    await env.api.post("/api/v1/activities", {
      type: "meeting",
      subject: `Demo ${m}`,
      lead_id: l.id,
      starts_at: iso(start + m * hour),
      ends_at: iso(start + m * hour + hour / 2),
    });
  await env.api.post("/api/v1/activities", { type: "note", body: "Notes", lead_id: l.id, occurred_at: iso(start + 4 * hour) });
  return l.id;
}

test("an open lead's page shows its score and the factors that moved it", async () => {
  for (let i = 0; i < 120; i++) {
    const met = i % 2 === 0;
    const converts = met !== (i % 7 === 3);
    const id = await lead(`Scored ${i}`, met ? 2 + (i % 4) / 2 : 0);
    if (converts) await env.api.post(`/api/v1/leads/${id}/convert`, {});
    else await env.api.call("PATCH", `/api/v1/leads/${id}`, { status: "unqualified", status_reason: "no budget" }, { headers: { "if-match": '"1"' } });
  }
  const open = await lead("Busy Prospect", 3);
  const job = await env.api.call("POST", "/api/v1/scoring/train?object=leads", {}, { expect: [202] });
  await until(async () => (await env.api.get(`/api/v1/jobs/${job.job_id}`)).state === "succeeded", "the training job", 60000, 250);
  const scored = await env.api.get(`/api/v1/leads/${open}`);
  assert.ok(scored.score >= 60, JSON.stringify(scored));

  const page = await newPage(env.browser);
  await signIn(page, env.server.url);
  await page.goto(`${env.server.url}/leads/${open}`);
  await page.getByRole("heading", { level: 1, name: "Busy Prospect" }).waitFor();
  await page.getByText("Why this score").waitFor();
  await page.getByText(/3 meetings in the last 14 days: \+\d+/).first().waitFor();
  await screenshot(page, "scoring-lead-1440");
  assert.deepEqual(await axeViolations(page), []);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByText(/3 meetings in the last 14 days/).first().waitFor();
  await screenshot(page, "scoring-lead-375");
});
