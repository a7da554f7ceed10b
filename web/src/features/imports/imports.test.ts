import { describe, expect, it } from "vitest";
import { canUndo, choicesFromSaved, doubledTargets, fileKindOf, initialChoices, mappingDocument, mergeNotice, percent, type Import, type ImportPreview } from "./imports";
import { fieldName, refusalLines } from "./refusals";
import { ApiError } from "../../api/problem";

const preview: ImportPreview = {
  object: "contacts",
  format: "csv",
  encoding: "utf-8",
  file_name: "people.csv",
  sheet: null,
  sheets: [],
  columns: [
    { header: "First Name", target: "first_name", samples: ["Ada"] },
    { header: "E-mail", target: "email", samples: ["ada@example.com"] },
    { header: "Create Date", target: "created_at", refused: "only an admin's import may set history", samples: ["2019-01-01"] },
    { header: "Shoe size", target: null, samples: [] },
  ],
  targets: [
    { name: "first_name", kind: "field", label: null, required: false },
    { name: "email", kind: "field", label: null, required: false },
    { name: "emails", kind: "field", label: null, required: false },
  ],
  mapping: { columns: {}, date_order: "dmy", currency: "EUR", create_companies: true, match_on: "email", on_duplicate: "skip" },
};

function anImport(patch: Partial<Import>): Import {
  return {
    id: "i1", object: "contacts", state: "running", dry_run: false, file_name: "people.csv", file_bytes: 10, encoding: "utf-8",
    format: "csv", sheet: null, mapping: {}, columns: [],
    counts: { read: 100, created: 90, updated: 0, skipped: 5, failed: 5 },
    progress: { bytes_done: 5, bytes_total: 10, rows_done: 100, fraction: 0.5, rows_per_second: 50, eta_seconds: 2 },
    error: null, created_by: "u1", created_at: "2026-01-01T00:00:00Z", started_at: null, finished_at: null, undone_at: null,
    ...patch,
  };
}

describe("the import's choices", () => {
  it("start from the preview, leaving out what the role may not fill", () => {
    const c = initialChoices(preview);
    expect(c.columns).toEqual({ "First Name": "first_name", "E-mail": "email", "Create Date": null, "Shoe size": null });
    expect(c.on_duplicate).toBe("skip");
    expect(c.create_companies).toBe(true);
  });

  it("send every column by name, the user's options and the preview's others", () => {
    const c = { ...initialChoices(preview), on_duplicate: "update" as const, create_companies: false };
    c.columns["Shoe size"] = "email";
    const doc = mappingDocument(preview, c);
    expect(doc["columns"]).toEqual({ "First Name": "first_name", "E-mail": "email", "Create Date": null, "Shoe size": "email" });
    expect(doc["on_duplicate"]).toBe("update");
    expect(doc["create_companies"]).toBe(false);
    expect(doc["currency"]).toBe("EUR");
  });

  it("take a saved mapping's columns where it names them", () => {
    const c = choicesFromSaved(preview, { columns: { "E-mail": null, "Shoe size": "first_name" }, on_duplicate: "create", date_order: "mdy" });
    expect(c.columns["E-mail"]).toBeNull();
    expect(c.columns["Shoe size"]).toBe("first_name");
    expect(c.columns["First Name"]).toBe("first_name");
    expect(c.on_duplicate).toBe("create");
    expect(c.date_order).toBe("mdy");
  });

  it("warn when two columns fill one single field, not a list", () => {
    const c = initialChoices(preview);
    expect(doubledTargets(c, preview.targets).size).toBe(0);
    c.columns["Shoe size"] = "email";
    expect([...doubledTargets(c, preview.targets)]).toEqual(["email"]);
    c.columns["Shoe size"] = "emails";
    c.columns["Create Date"] = "emails";
    expect(doubledTargets(c, preview.targets).size).toBe(0);
  });
});

describe("files", () => {
  it("are known by their extension", () => {
    expect(fileKindOf("Export.CSV")).toBe("csv");
    expect(fileKindOf("a.tsv")).toBe("csv");
    expect(fileKindOf("book.xlsx")).toBe("xlsx");
    expect(fileKindOf("cards.vcf")).toBe("vcard");
    expect(fileKindOf("old.xls")).toBeNull();
    expect(fileKindOf("noext")).toBeNull();
  });
});

describe("progress", () => {
  it("merges a live notice, never going back", () => {
    const running = anImport({});
    const later = { id: "i1", state: "running" as const, counts: { ...running.counts, read: 200 }, progress: { ...running.progress, rows_done: 200, fraction: 0.8 }, error: null };
    expect(mergeNotice(running, later)?.progress.rows_done).toBe(200);
    expect(mergeNotice(running, { ...later, id: "other" })).toBe(running);
    const done = anImport({ state: "done" });
    expect(mergeNotice(done, later)).toBe(done); // a late running notice after the end
    const stale = { ...later, progress: { ...later.progress, rows_done: 50 } };
    expect(mergeNotice(running, stale)).toBe(running);
    expect(mergeNotice(running, { ...later, state: "done" })?.state).toBe("done");
  });

  it("shows a percentage, full once done", () => {
    expect(percent(anImport({}))).toBe(50);
    expect(percent(anImport({ state: "done", progress: { ...anImport({}).progress, fraction: 0.99 } }))).toBe(100);
  });

  it("offers undo for an ended real import only", () => {
    expect(canUndo({ state: "done", dry_run: false })).toBe(true);
    expect(canUndo({ state: "failed", dry_run: false })).toBe(true);
    expect(canUndo({ state: "done", dry_run: true })).toBe(false);
    expect(canUndo({ state: "running", dry_run: false })).toBe(false);
    expect(canUndo({ state: "undone", dry_run: false })).toBe(false);
  });
});

describe("refusals", () => {
  it("name fields as the user knows them", () => {
    expect(fieldName("file")).toBe("The file");
    expect(fieldName("columns.Create Date")).toBe("Column Create Date");
    expect(fieldName("mapping.columns.Email")).toBe("Column Email");
    expect(fieldName("mapping.on_duplicate")).toBe("Option on duplicate");
  });

  it("list a 422's field errors, and say a 413 in words", () => {
    const invalid = new ApiError({ type: "about:blank", title: "Invalid", status: 422, errors: [{ field: "sheet", code: "not_found", message: "no sheet Leads" }] });
    expect(refusalLines(invalid)).toEqual(["Sheet: no sheet Leads"]);
    const big = new ApiError({ type: "about:blank", title: "Too large", status: 413 });
    expect(refusalLines(big)[0]).toMatch(/larger/);
  });
});
