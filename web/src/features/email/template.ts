// A template's text as the server reads it ({{object.field}}, spaces allowed inside the braces), for
// the editor: the pieces of a preview with the merge fields marked (known ones and the ones the
// server will refuse), the records a template reads, and where a 422's "line 3, column 7" points.
// The server compiles the template at save time; this only helps the person writing it.

export type Piece = { kind: "text"; text: string } | { kind: "field"; name: string; known: boolean } | { kind: "broken"; text: string };

const FIELD = /\{\{([^{}]*)\}\}/g;
const NAME = /^[a-z][a-z0-9_]*\.(custom\.)?[a-z][a-z0-9_]*$/i;

/** The text cut into literal text and merge fields; `known` says which names the picker offers. */
export function templatePieces(text: string, known: (name: string) => boolean): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(FIELD)) {
    const i = m.index;
    if (i > at) out.push({ kind: "text", text: text.slice(at, i) });
    const name = (m[1] ?? "").trim();
    out.push(NAME.test(name) ? { kind: "field", name, known: known(name) } : { kind: "broken", text: m[0] });
    at = i + m[0].length;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

/** The objects whose fields the parts use, each once: ["contact", "company"]. */
export function usedObjects(...parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts)
    for (const p of templatePieces(part, () => true)) {
      if (p.kind !== "field") continue;
      const object = p.name.slice(0, p.name.indexOf("."));
      if (!out.includes(object)) out.push(object);
    }
  return out;
}

/** "…at line 3, column 7" in a server message, or null. */
export function errorPlace(message: string): { line: number; column: number } | null {
  const m = /line (\d+), column (\d+)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

/**
 * The string index of a line and column as the server counts them (from 1, columns in characters,
 * so an emoji is one column though two UTF-16 units here).
 */
export function offsetOf(text: string, line: number, column: number): number {
  let l = 1;
  let c = 1;
  let i = 0;
  for (const ch of text) {
    if (l === line && c === column) return i;
    if (ch === "\n") {
      if (l === line) return i; // past the end of that line
      l++;
      c = 1;
    } else c++;
    i += ch.length;
  }
  return text.length;
}

/** "{{contact.first_name}}" for a field name. */
export function placeholder(name: string): string {
  return `{{${name}}}`;
}

/** Text with `insert` put at the selection [start, end), and where the caret goes after it. */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}
