import { describe, expect, it } from "vitest";
import { common } from "./catalog/common";
import { records } from "./catalog/records";
import { sales } from "./catalog/sales";
import { home } from "./catalog/home";
import { reports } from "./catalog/reports";
import { settings } from "./catalog/settings";
import { search } from "./catalog/search";
import { lists } from "./catalog/lists";
import { ops } from "./catalog/ops";
import { automation } from "./catalog/automation";
import { data } from "./catalog/data";
import { imports } from "./catalog/imports";
import { mail } from "./catalog/mail";
import { settingsSupport } from "./catalog/settingsSupport";
import { support } from "./catalog/support";
import { settingsSla } from "./catalog/settingsSla";
import { settingsMacros } from "./catalog/settingsMacros";
import { marketingForms } from "./catalog/marketingForms";
import { messages } from "./messages";

const sections = { common, records, sales, home, reports, settings, search, lists, ops, automation, data, imports, support, settingsSla, settingsMacros, mail, settingsSupport, marketingForms };

describe("the message catalogue", () => {
  // The sections are spread into one object, so a key defined twice silently takes the later text
  // (a contact's history once read "Created in {stage}", the deal board's wording).
  it("defines each key in one section only", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, section] of Object.entries(sections))
      for (const key of Object.keys(section)) {
        const first = seen.get(key);
        if (first) twice.push(`${key} (${first} and ${name})`);
        else seen.set(key, name);
      }
    expect(twice).toEqual([]);
  });

  it("assembles every section", () => {
    const total = Object.values(sections).reduce((n, s) => n + Object.keys(s).length, 0);
    expect(Object.keys(messages).length).toBe(total);
  });
});
