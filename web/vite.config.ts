import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the UI with hot reload and proxies the API (and its WebSocket) to a running
// `rapport serve` (RAPPORT_DEV_SERVER, default http://127.0.0.1:8080). The production build is
// embedded in the rapport binary by the CMake build (cmake/web.cmake).
const server = process.env.RAPPORT_DEV_SERVER ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    target: "es2022",
    sourcemap: false,
    // No inline <script> or data: module preloads: the Content-Security-Policy forbids inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The shell chunk (React, the router, TanStack Query, the catalogue's common section) is ~393 kB
    // raw, ~109 kB brotli; the budget that matters is 250 kB compressed for the first page
    // (bench/web.sh; docs/benchmarks.md "Web UI").
    chunkSizeWarningLimit: 500,
  },
  server: {
    proxy: {
      "/api": { target: server, changeOrigin: false, ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
    setupFiles: ["src/i18n/testSetup.ts"],
  },
});
