// Checks the answers the functional tests recorded (tests/functional/harness_answers.hpp) against the
// OpenAPI document the server serves: each answer's status must be documented for its route, its
// content type must be one the document gives, and a JSON body must validate against that schema
// (JSON Schema 2020-12, Ajv in strict mode, formats checked). Problem documents on paths outside the
// document (unknown routes, 405) must validate against the Problem schema.
//
// node validate-answers.mjs <openapi.json> <answers-dir> [--coverage <tests-expected.txt>]
//
// With --coverage (the SQLite run), every operation of the document must also have been answered
// with a success status at least once, unless it is on EXEMPT below. That is checked only when every
// test named in <tests-expected.txt> ran (a partial run, e.g. ctest -R, covers only part of the API).
// Exits 1 listing every mismatch (route, status, JSON pointer, reason) and every uncovered operation.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// Operations the SQLite functional suite cannot answer with success. Keep it short, say why.
const EXEMPT = new Map([
]);

function usage() {
  console.error("usage: validate-answers.mjs <openapi.json> <answers-dir> [--coverage <tests-expected.txt>]");
  process.exit(2);
}
const args = process.argv.slice(2);
if (args.length !== 2 && !(args.length === 4 && args[2] === "--coverage")) usage();
const [docPath, answersDir] = args;
const expectedTestsPath = args[3];

const doc = JSON.parse(fs.readFileSync(docPath, "utf8"));

// --- Schemas: components.schemas become the $defs of one schema resource, refs rewritten to match.
const ROOT = "https://rapport.invalid/openapi/components";
function rewriteRefs(node, prefix) {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") {
      const m = /^#\/components\/schemas\/(.+)$/.exec(v);
      if (!m) throw new Error(`unsupported $ref ${v}`);
      out[k] = `${prefix}#/$defs/${m[1]}`;
    } else {
      out[k] = rewriteRefs(v, prefix);
    }
  }
  return out;
}
// An answer may hold only the properties its schema names: every object schema with "properties"
// and no rule of its own for others is closed here (unevaluatedProperties: false), so a property the
// server sends and the document omits is a mismatch. (The document itself stays open to additions.)
function closeObjects(node) {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "enum" || k === "const" ? v : closeObjects(v);
  if (out.properties && !("additionalProperties" in out) && !("unevaluatedProperties" in out)) out.unevaluatedProperties = false;
  return out;
}
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
// idn-email (RFC 6531), which ajv-formats lacks: RFC 5322's dot-atom local part whose characters may
// also be UTF-8 beyond ASCII, "@", and a domain of letters, digits and hyphens (internationalised
// labels allowed), each label 1-63 characters not starting or ending with a hyphen.
const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|[^\\x00-\\x7F]";
const label = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const idnEmail = new RegExp(`^(?:${atext})+(?:\\.(?:${atext})+)*@${label}(?:\\.${label})+$`, "u");
ajv.addFormat("idn-email", { type: "string", validate: (s) => s.length <= 254 && idnEmail.test(s) });
// OpenAPI 3.1's own annotation keywords in a Schema Object (they assert nothing).
ajv.addVocabulary(["example", "xml", "externalDocs"]);
// Specification extensions ("x-..."), which OpenAPI allows in a Schema Object: annotations as well.
const extensions = new Set();
(function collect(node) {
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith("x-")) extensions.add(k);
    collect(v);
  }
})(doc.components?.schemas ?? {});
ajv.addVocabulary([...extensions]);
ajv.addSchema({ $id: ROOT, $defs: closeObjects(rewriteRefs(doc.components?.schemas ?? {}, "")) });
const compiled = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) compiled.set(key, ajv.compile(closeObjects(rewriteRefs(schema, ROOT))));
  return compiled.get(key);
}
const problemSchema = doc.components?.schemas?.Problem ? { $ref: "#/components/schemas/Problem" } : null;
if (!problemSchema) throw new Error("the document has no Problem schema");

// --- Routes, in the document's order (the router's: the first pattern that matches wins).
const operations = [];
for (const [pattern, item] of Object.entries(doc.paths ?? {})) {
  const segments = pattern.split("/").filter((s) => s !== "");
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(method)) continue;
    operations.push({ pattern, segments, method: method.toUpperCase(), op, successes: 0 });
  }
}
// Compiled up front, so a schema Ajv's strict mode refuses (an unknown keyword or format) fails the
// run even when no answer reaches it.
for (const o of operations)
  for (const response of Object.values(o.op.responses ?? {}))
    for (const media of Object.values(response.content ?? {})) if (media.schema) validatorFor(media.schema);
function segmentsMatch(segments, parts) {
  return segments.length === parts.length &&
    segments.every((s, i) => (s.startsWith("{") && s.endsWith("}")) || s === parts[i]);
}
function findOperation(method, parts) {
  let pathExists = false;
  for (const o of operations) {
    if (!segmentsMatch(o.segments, parts)) continue;
    pathExists = true;
    if (o.method === method) return { operation: o, pathExists };
  }
  return { operation: null, pathExists };
}

// --- Answers.
const mediaType = (ct) => (ct ?? "").split(";")[0].trim().toLowerCase();
const isJson = (mt) => mt === "application/json" || mt.endsWith("+json");
// One line per (route, status, pointer with array indices as *, reason), with a count and the first
// example (its test, request, pointer and value).
const mismatches = new Map();
function mismatch(route, status, pointer, reason, answer, got) {
  const general = pointer.replace(/\/\d+(?=\/|$)/g, "/*");
  const key = `${route} ${status} ${general} ${reason}`;
  const seen = mismatches.get(key);
  if (seen) {
    seen.count++;
    return;
  }
  let example = `${answer.test}: ${answer.method} ${answer.target}`;
  if (got !== undefined) example += `, ${pointer} = ${JSON.stringify(got).slice(0, 120)}`;
  mismatches.set(key, { route, status: String(status), pointer: general, reason, count: 1, example });
}
function validateBody(route, answer, schema) {
  let body;
  try {
    body = JSON.parse(answer.body);
  } catch {
    mismatch(route, answer.status, "", "body is not JSON", answer);
    return;
  }
  const validate = validatorFor(schema);
  if (validate(body)) return;
  for (const e of validate.errors) {
    let reason = `${e.message} (${e.keyword} at ${e.schemaPath.replace(ROOT, "")})`;
    if (e.keyword === "additionalProperties" || e.keyword === "unevaluatedProperties") reason = `property "${e.params.additionalProperty ?? e.params.unevaluatedProperty}" not in the schema (${e.schemaPath.replace(ROOT, "")})`;
    if (e.keyword === "enum") reason += `: ${JSON.stringify(e.params.allowedValues)}`;
    mismatch(route, answer.status, e.instancePath || "/", reason, answer, pointerGet(body, e.instancePath));
  }
}
function pointerGet(value, pointer) {
  for (const part of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return undefined;
    value = value[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}

const counts = { answers: 0, validated: 0, typeOnly: 0, outside: 0 };
const testsRan = new Set();
const files = fs.readdirSync(answersDir).filter((f) => f.endsWith(".jsonl")).sort();
for (const file of files) {
  const lines = fs.readFileSync(path.join(answersDir, file), "utf8").split("\n");
  for (const line of lines) {
    if (line === "") continue;
    const answer = JSON.parse(line);
    if (answer.ran !== undefined) {
      testsRan.add(answer.ran);
      continue;
    }
    counts.answers++;
    const parts = answer.target.split("?")[0].split("/").filter((s) => s !== "");
    const { operation: o, pathExists } = findOperation(answer.method.toUpperCase(), parts);
    const mt = mediaType(answer.content_type);
    if (!o) {
      // Not a route of the document (an unknown path, a method the path does not take): only a
      // problem document can be checked, against the Problem schema.
      counts.outside++;
      const route = pathExists ? "(method not allowed)" : "(no route)";
      if (mt === "application/problem+json") {
        counts.validated++;
        validateBody(route, answer, problemSchema);
      }
      continue;
    }
    const route = `${o.method} ${o.pattern}`;
    const status = String(answer.status);
    // A redirect is the success of a route whose document has no 2xx answer (a tracked link's 302).
    const redirects = !Object.keys(o.op.responses ?? {}).some((s) => s.startsWith("2"));
    if (answer.status < 300 || (redirects && answer.status < 400)) o.successes++;
    const response = o.op.responses?.[status] ?? o.op.responses?.[`${status[0]}XX`] ?? o.op.responses?.default;
    if (!response) {
      mismatch(route, status, "", "status not documented for this operation", answer);
      continue;
    }
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      if (answer.body !== "") mismatch(route, status, "", `a body (${mt || "no content type"}) where the document gives none`, answer);
      continue;
    }
    if (!Object.hasOwn(content, mt)) {
      mismatch(route, status, "", `content type "${mt}" not documented (${Object.keys(content).join(", ")})`, answer);
      continue;
    }
    const schema = content[mt].schema;
    if (isJson(mt) && schema) {
      counts.validated++;
      validateBody(route, answer, schema);
    } else {
      counts.typeOnly++;
    }
  }
}

// Every test that runs leaves a mark: none means the recording never reached the tests.
let failed = testsRan.size === 0;
if (failed) console.log(`no test recorded that it ran in ${answersDir}: is RAPPORT_RECORD_ANSWERS set for the tests?`);
console.log(`${counts.answers} answers recorded by ${testsRan.size} tests in ${files.length} files: ` +
            `${counts.validated} JSON bodies validated, ${counts.typeOnly} checked for content type only, ` +
            `${counts.outside} on paths or methods outside the document`);
if (mismatches.size > 0) {
  failed = true;
  const list = [...mismatches.values()].sort((a, b) => a.route.localeCompare(b.route) || String(a.status).localeCompare(String(b.status)));
  console.log(`\n${list.length} mismatches between answers and the document (route, status, JSON pointer, reason):`);
  for (const m of list) console.log(`  ${m.route} ${m.status} ${m.pointer}: ${m.reason}  [${m.count}x, e.g. ${m.example}]`);
}

const covered = operations.filter((o) => o.successes > 0).length;
console.log(`\n${covered} of ${operations.length} operations answered with success`);
if (expectedTestsPath) {
  const expected = fs.readFileSync(expectedTestsPath, "utf8").split("\n").filter((t) => t !== "");
  const missingTests = expected.filter((t) => !testsRan.has(t));
  for (const key of EXEMPT.keys()) {
    if (!operations.some((o) => `${o.method} ${o.pattern}` === key)) {
      failed = true;
      console.log(`exempt operation ${key} is not in the document: remove it from EXEMPT`);
    }
  }
  if (missingTests.length > 0) {
    console.log(`coverage not checked: ${missingTests.length} of ${expected.length} tests did not run (a partial run), e.g. ${missingTests[0]}`);
  } else {
    const uncovered = operations.filter((o) => o.successes === 0 && !EXEMPT.has(`${o.method} ${o.pattern}`));
    const needlessly = operations.filter((o) => o.successes > 0 && EXEMPT.has(`${o.method} ${o.pattern}`));
    if (uncovered.length > 0) {
      failed = true;
      console.log(`\n${uncovered.length} operations no test answered with success (add a functional test):`);
      for (const o of uncovered) console.log(`  ${o.method} ${o.pattern}`);
    }
    if (needlessly.length > 0) {
      failed = true;
      console.log(`\n${needlessly.length} exempt operations are answered after all: remove them from EXEMPT`);
      for (const o of needlessly) console.log(`  ${o.method} ${o.pattern}`);
    }
  }
}
console.log(failed ? "\nFAILED: the answers and the document disagree" : "\nthe answers agree with the document");
process.exit(failed ? 1 : 0);
