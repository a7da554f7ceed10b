// Vitest: the whole catalogue is loaded before the unit tests run (the app loads its sections with
// the pages that use them; catalogSections.test.ts checks that part).
import { loadSections, type SectionName } from "./index";
import { lazySections } from "./messages";

await loadSections(Object.keys(lazySections) as SectionName[]);
