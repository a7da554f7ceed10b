// Precompresses the web UI's build for the server and writes the manifest the build embeds
// (cmake/web.cmake, cmake/embed_web.cmake).
//   node scripts/precompress.mjs DIST MANIFEST
// For every file under DIST: FILE.gz (gzip -9) and FILE.br (brotli, quality 11) beside it, each kept
// only when smaller than FILE; then MANIFEST lists every file with its URL path, size, strong ETag
// (the first 144 bits of its SHA-256, base64url, quoted: what src/platform/http/static_site.cpp's
// content_etag computes) and its variants. MANIFEST is rewritten only when it changes, so that an
// identical build does not relink the server.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [dist, manifestPath] = process.argv.slice(2);
if (!dist || !manifestPath) {
  console.error("usage: node scripts/precompress.mjs DIST MANIFEST");
  process.exit(2);
}

const variantSuffixes = [".gz", ".br"];

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && !variantSuffixes.some((s) => entry.name.endsWith(s))) yield full;
  }
}

const textLike = /\.(html|js|mjs|css|svg|json|map|txt|webmanifest)$/i;

// Writes the variant when it is smaller than the original, else removes a stale one.
function keepIfSmaller(file, suffix, original, compressed) {
  const out = file + suffix;
  if (compressed.length < original.length) {
    writeFileSync(out, compressed);
    return { name: relative(dist, out).split(sep).join("/"), size: compressed.length };
  }
  if (existsSync(out)) rmSync(out);
  return null;
}

const files = [];
for (const file of walk(dist)) {
  const bytes = readFileSync(file);
  const rel = relative(dist, file).split(sep).join("/");
  const etag = `"${createHash("sha256").update(bytes).digest().subarray(0, 18).toString("base64url")}"`;
  const gzip = keepIfSmaller(file, ".gz", bytes, gzipSync(bytes, { level: 9 }));
  const br = keepIfSmaller(
    file,
    ".br",
    bytes,
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: textLike.test(file) ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
  files.push({ path: `/${rel}`, file: rel, size: statSync(file).size, etag, gzip, br });
}
if (!files.some((f) => f.path === "/index.html")) {
  console.error(`precompress: ${dist} has no index.html: is it a Vite build?`);
  process.exit(1);
}

const text = JSON.stringify({ files }, null, 1) + "\n";
if (!existsSync(manifestPath) || readFileSync(manifestPath, "utf8") !== text) {
  writeFileSync(manifestPath + ".tmp", text);
  renameSync(manifestPath + ".tmp", manifestPath);
}
const saved = files.reduce((n, f) => n + f.size - Math.min(f.size, f.br?.size ?? f.size), 0);
console.log(`precompress: ${files.length} files, ${saved} bytes saved by brotli`);
