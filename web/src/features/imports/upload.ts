// Sending a file to the import routes: the file and the mapping document as multipart/form-data
// (the part named file, its name and type as the browser knows them, and the part named mapping), so
// a file of any size goes as it is; the answers are typed as the OpenAPI document says.
import { raw } from "../../api/client";
import type { Import, ImportObject, ImportPreview } from "./imports";

interface Send {
  object: ImportObject;
  file: File;
  sheet?: string | null | undefined;
  mapping?: Record<string, unknown> | null | undefined;
  mappingId?: string | null | undefined;
}

function form(file: File, mapping: Record<string, unknown> | null | undefined): FormData {
  const body = new FormData();
  body.append("file", file, file.name);
  if (mapping) body.append("mapping", JSON.stringify(mapping));
  return body;
}

function query(s: Send, dryRun?: boolean): string {
  const q = new URLSearchParams({ object: s.object });
  if (dryRun) q.set("dry_run", "true");
  if (s.sheet) q.set("sheet", s.sheet);
  if (s.mappingId && !s.mapping) q.set("mapping_id", s.mappingId);
  return q.toString();
}

/** POST /api/v1/imports/preview: the columns matched with samples; nothing stored. */
export async function previewFile(s: Send): Promise<ImportPreview> {
  const res = await raw(`/api/v1/imports/preview?${query(s)}`, { method: "POST", body: form(s.file, s.mapping) });
  return (await res.json()) as ImportPreview;
}

/** POST /api/v1/imports: the import, queued (202). */
export async function startImport(s: Send, dryRun: boolean): Promise<Import> {
  const res = await raw(`/api/v1/imports?${query(s, dryRun)}`, { method: "POST", body: form(s.file, s.mapping) });
  return (await res.json()) as Import;
}
