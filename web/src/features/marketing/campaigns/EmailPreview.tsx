// The message as a recipient's mail client shows it, on a desktop's width or a phone's: the
// sender, the subject and the HTML part (or the text part) with the merge fields filled from a
// chosen contact. The HTML goes into a sandboxed frame that runs no script; the UI's
// Content-Security-Policy (no inline styles) also holds inside it, so the message's own style
// attributes and <style> blocks are applied through the CSSOM (which the policy allows) instead of
// as markup. Images from other sites are not loaded here (the policy's img-src), which the note says.
import { useEffect, useRef } from "react";
import { t } from "../../../i18n";
import styles from "./campaigns.module.css";

export type Device = "desktop" | "phone";

/** Elements a message may not bring into the preview (they could run, load or submit something). */
const DROP = "script, iframe, frame, object, embed, form, link, meta, base";

/** Puts the message into the frame's document: sanitised, its styles applied through the CSSOM. */
export function renderInto(doc: Document, html: string) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  parsed.querySelectorAll(DROP).forEach((n) => n.remove());
  const sheets: string[] = [];
  parsed.querySelectorAll("style").forEach((s) => {
    sheets.push(s.textContent ?? "");
    s.remove();
  });
  const inline: [string, string][] = [];
  let n = 0;
  parsed.querySelectorAll("*").forEach((el) => {
    for (const a of [...el.attributes]) if (a.name.toLowerCase().startsWith("on")) el.removeAttribute(a.name);
    const style = el.getAttribute("style");
    if (style !== null) {
      const mark = `s${n++}`;
      el.removeAttribute("style");
      el.setAttribute("data-preview-style", mark);
      inline.push([mark, style]);
    }
  });
  doc.body.replaceChildren(...[...parsed.body.childNodes].map((c) => doc.importNode(c, true)));
  for (const [mark, style] of inline) {
    const el = doc.querySelector<HTMLElement>(`[data-preview-style="${mark}"]`);
    if (el) el.style.cssText = style;
  }
  try {
    const view = doc.defaultView as (Window & typeof globalThis) | null;
    if (view) {
      const base = new view.CSSStyleSheet();
      base.replaceSync("body{margin:16px;font-family:system-ui,sans-serif;line-height:1.5;color:#1f2328;background:#fff;word-wrap:break-word} img{max-width:100%;height:auto}");
      const own = sheets.map((text) => {
        const s = new view.CSSStyleSheet();
        s.replaceSync(text);
        return s;
      });
      doc.adoptedStyleSheets = [base, ...own];
    }
  } catch {
    // A style block the CSSOM cannot parse: the message shows without it.
  }
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
