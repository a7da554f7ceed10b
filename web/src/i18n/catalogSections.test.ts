import { describe, expect, it } from "vitest";
import { sections } from "./allSections";
import { eagerSections } from "./messages";
import { walkCatalogUse, type Sources } from "./catalogUsage";

const sources = import.meta.glob(["/src/**/*.ts", "/src/**/*.tsx", "!/src/**/*.test.ts", "!/src/**/*.test.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Sources;

describe("the catalogue's lazy sections", () => {
  it("finds the sources", () => {
    expect(Object.keys(sources)).toContain("/src/main.tsx");
    expect(Object.keys(sources)).toContain("/src/app/App.tsx");
  });

  // A key whose section is not loaded when its module renders would show as the key itself.
  it("loads every section a module uses before the module runs", () => {
    const missing = walkCatalogUse(sources, sections, "/src/main.tsx", Object.keys(eagerSections)).map(
      (m) => `${m.module} uses ${m.key} of "${m.section}" (via ${m.via})`,
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it("notices a key used where its section is not loaded", () => {
    const fake: Sources = {
      "/src/main.tsx": 'import { A } from "./a";\nconst P = lazy(() => withCatalog(["home"], () => import("./p")));\nconst Q = lazy(() => import("./q"));',
      "/src/a.tsx": 't("common.ok")',
      "/src/p.tsx": 't("home.hello"); t(`home.kind.${k}`)',
      "/src/q.tsx": 't("home.hello")',
    };
    const catalog = { common: { "common.ok": "OK" }, home: { "home.hello": "Hello", "home.kind.a": "A" } };
    expect(walkCatalogUse(fake, catalog, "/src/main.tsx", ["common"]).map((m) => `${m.module}:${m.key}`)).toEqual(["/src/q.tsx:home.hello"]);
    expect(walkCatalogUse({ ...fake, "/src/a.tsx": "t(`home.kind.${k}`)" }, catalog, "/src/main.tsx", ["common"]).map((m) => m.key)).toContain("home.kind.");
  });
});
