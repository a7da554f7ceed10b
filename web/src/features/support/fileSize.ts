import { formatNumber, t } from "../../i18n";

/** A file's size in the reader's words: "820 bytes", "14 KB", "2.5 MB". */
export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return "";
  if (bytes < 1024) return t("support.file.bytes", { n: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t("support.file.kb", { n: formatNumber(Math.round(bytes / 1024)) });
  return t("support.file.mb", { n: formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10) });
}
