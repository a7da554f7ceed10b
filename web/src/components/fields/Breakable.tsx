// An e-mail address or a URL that breaks where a reader expects it to when the column is narrow:
// after "@", "/" and "-" (browsers break after a hyphen anyway), before ".", "_", "?" and "&", rather
// than after whichever letter reached the edge. The CSS's overflow-wrap: anywhere stays the last
// resort for a single part longer than the line.
import { Fragment } from "react";

/** The text cut at its break opportunities; joined, the parts are the text again. */
export function addressParts(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i < text.length; i++) {
    const c = text.charAt(i);
    const prev = text.charAt(i - 1);
    const before = "._?&".includes(c) && prev !== c;
    const after = "@/-".includes(prev) && c !== prev;
    if (before || after) {
      parts.push(text.slice(start, i));
      start = i;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function Breakable({ text }: { text: string }) {
  const parts = addressParts(text);
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </>
  );
}
