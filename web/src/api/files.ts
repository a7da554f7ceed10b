// Files the user downloads: a Blob offered as a download (nothing leaves the browser), and a file
// the server makes (an export, a vCard) read through the session like every request, so a refusal
// comes back as the server's problem document instead of a saved error page.
import { raw } from "./client";

/** Offers the blob as a file download under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Chromium reads the URL after click() returns: revoke it once the download has surely started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name of a Content-Disposition header (`attachment; filename="x.csv"`), else the fallback. */
export function dispositionName(header: string | null, fallback: string): string {
  const m = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  const name = m?.[1] ? decodeURIComponent(m[1]).replace(/[/\\]/g, "_").trim() : "";
  return name || fallback;
}

/**
 * GETs `path` and saves what it answers under the server's file name; `progress` hears the bytes
 * received so far (a large export streams for a while). Throws the ApiError of a refusal.
 */
export async function downloadFile(path: string, fallback: string, progress?: (bytes: number) => void): Promise<{ name: string; bytes: number }> {
  const res = await raw(path);
  const name = dispositionName(res.headers.get("Content-Disposition"), fallback);
  const type = res.headers.get("Content-Type") ?? "application/octet-stream";
  const parts: Uint8Array[] = [];
  let bytes = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.byteLength;
      progress?.(bytes);
    }
  }
  saveBlob(new Blob(parts as BlobPart[], { type }), name);
  return { name, bytes };
}
