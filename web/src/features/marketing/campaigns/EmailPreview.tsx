// The message as a recipient's mail client shows it, on a desktop's width or a phone's: the
// sender, the subject and the HTML part (or the text part) with the merge fields filled from a
// chosen contact. The HTML goes into a sandboxed frame that runs no script; the UI's
// Content-Security-Policy (no inline styles) also holds inside it, so the message's own style
// attributes are applied through the CSSOM (which the policy allows) instead of as markup; <style>
// blocks cannot be (a constructed stylesheet is refused too) and are left out, which the note under
// the preview says, as it says that images from other sites are not loaded (the policy's img-src).
import { useEffect, useRef } from "react";
import { t } from "../../../i18n";
import styles from "./campaigns.module.css";

export type Device = "desktop" | "phone";

/** Elements a message may not bring into the preview (they could run, load or submit something). */
const DROP = "script, iframe, frame, object, embed, form, link, meta, base";

/** Puts the message into the frame's document: sanitised, its inline styles applied through the CSSOM. */
export function renderInto(doc: Document, html: string): { droppedStyleBlocks: number } {
  // A style attribute would be refused (and reported) as the markup is parsed, even in an inert
  // document: it is renamed first and applied through the CSSOM once the element is in the frame.
  const parsed = new DOMParser().parseFromString(html.replace(/(<[a-zA-Z][^>]*?\s)style(\s*=)/g, "$1data-preview-style$2"), "text/html");
  parsed.querySelectorAll(DROP).forEach((n) => n.remove());
  const styleBlocks = parsed.querySelectorAll("style");
  styleBlocks.forEach((s) => s.remove());
  // An image from another site would be refused by the policy: its alternative text shows instead.
  parsed.querySelectorAll("img").forEach((img) => {
    if (!/^data:/i.test(img.getAttribute("src") ?? "")) img.removeAttribute("src");
  });
  parsed.querySelectorAll("*").forEach((el) => {
    for (const a of [...el.attributes]) if (a.name.toLowerCase().startsWith("on")) el.removeAttribute(a.name);
  });
  doc.body.replaceChildren(...[...parsed.body.childNodes].map((c) => doc.importNode(c, true)));
  doc.querySelectorAll<HTMLElement>("[data-preview-style]").forEach((el) => {
    el.style.cssText = el.getAttribute("data-preview-style") ?? "";
    el.removeAttribute("data-preview-style");
  });
  doc.body.style.cssText = "margin:16px;font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328;background:#fff;overflow-wrap:break-word";
  doc.querySelectorAll<HTMLImageElement>("img").forEach((img) => {
    img.style.maxWidth = "100%";
    img.style.height = "auto";
  });
  return { droppedStyleBlocks: styleBlocks.length };
}

export function EmailPreview({ from, subject, html, text, device }: { from: string; subject: string; html: string; text: string; device: Device }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const showHtml = html.trim() !== "";
  useEffect(() => {
    const doc = frame.current?.contentDocument;
    if (doc && showHtml) renderInto(doc, html);
  }, [html, showHtml]);
  return (
    <div className={`${styles.device} ${device === "phone" ? styles.phone : styles.desktop}`} data-testid="campaign-preview">
      <dl className={styles.envelope}>
        <dt>{t("marketingCampaigns.from")}</dt>
        <dd>{from || t("marketingCampaigns.fromDefault")}</dd>
        <dt>{t("marketingCampaigns.subject")}</dt>
        <dd className={styles.previewSubject}>{subject || <span className={styles.placeholder}>{t("marketingCampaigns.noSubject")}</span>}</dd>
      </dl>
      {showHtml ? (
        <iframe ref={frame} className={styles.frame} title={t("marketingCampaigns.previewFrame", { device: t(`marketingCampaigns.device.${device}`) })} sandbox="allow-same-origin" />
      ) : text.trim() ? (
        <pre className={styles.textPart}>{text}</pre>
      ) : (
        <p className={styles.placeholder}>{t("marketingCampaigns.previewEmpty")}</p>
      )}
    </div>
  );
}
