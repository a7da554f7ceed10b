// Files the user downloads: a Blob offered as a download (nothing leaves the browser), and a file
// the server makes (an export, a vCard) handed to the browser's download manager as a plain link
// with the session cookie, so it streams to disk instead of filling the tab's memory. An export is
// checked first (check=true: the server's refusal as a problem document, and the file's name) so a
// refusal is said on the page instead of a failed download.
import { raw } from "./client";

/** Clicks a hidden download link: the browser saves what `href` answers (under `filename`, if the server names none). */
export function saveUrl(href: string, filename: string): void {
  const a = document.createElement("a");
  a.href = href;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** Offers the blob as a file download under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  saveUrl(url, filename);
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
 * Downloads the export at `path` (a GET the server streams, Content-Disposition naming the file):
 * asks the server with check=true first, which answers the export's 400/403 (thrown as the
 * ApiError) or its file name without reading a row, then lets the browser fetch and save the file.
 */
export async function downloadExport(path: string, fallback: string): Promise<string> {
  const probe = await raw(`${path}${path.includes("?") ? "&" : "?"}check=true`);
  const name = dispositionName(probe.headers.get("Content-Disposition"), fallback);
  saveUrl(path, name);
  return name;
}
