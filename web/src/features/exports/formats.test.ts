import { describe, expect, it } from "vitest";
import { exportFileName, exportFormats, exportPath } from "./formats";
import { dispositionName } from "../../api/files";

describe("export formats", () => {
  it("adds vCard to contacts and iCalendar to activities only", () => {
    expect(exportFormats("contacts")).toEqual(["csv", "xlsx", "ndjson", "vcf"]);
    expect(exportFormats("activities")).toEqual(["csv", "xlsx", "ndjson", "ics"]);
    expect(exportFormats("deals")).toEqual(["csv", "xlsx", "ndjson"]);
  });

  it("asks for the view's filters and sort, as the list does, with a BOM for CSV only", () => {
    const filters = [
      { field: "owner_id", op: "eq" as const, value: "u1" },
      { field: "email", op: "contains" as const, value: "a&b" },
    ];
    const csv = new URL(exportPath("contacts", filters, "-last_name", "csv"), "http://x");
    expect(csv.pathname).toBe("/api/v1/contacts/export");
    expect(csv.searchParams.get("format")).toBe("csv");
    expect(csv.searchParams.get("bom")).toBe("true");
    expect(csv.searchParams.get("sort")).toBe("-last_name");
    expect(csv.searchParams.get("filter[owner_id][eq]")).toBe("u1");
    expect(csv.searchParams.get("filter[email][contains]")).toBe("a&b");
    const xlsx = new URL(exportPath("deals", [], null, "xlsx"), "http://x");
    expect(xlsx.searchParams.has("bom")).toBe(false);
    expect(xlsx.searchParams.has("sort")).toBe(false);
  });

  it("names the file after the server, else after the object and the day", () => {
    expect(dispositionName('attachment; filename="contacts-20261204T1300Z.csv"', "x")).toBe("contacts-20261204T1300Z.csv");
    expect(dispositionName("attachment; filename*=UTF-8''caf%C3%A9.vcf", "x")).toBe("café.vcf");
    expect(dispositionName('attachment; filename="../../etc/passwd"', "x")).toBe(".._.._etc_passwd");
    expect(dispositionName(null, "deals-2026-12-04.xlsx")).toBe("deals-2026-12-04.xlsx");
    expect(exportFileName("activities", "ics", "2026-12-04")).toBe("activities-2026-12-04.ics");
  });
});
