import { describe, expect, it } from "vitest";
import { blankForm, originLines, originsError, webFormBody } from "./webForm";

describe("a web form's editor", () => {
  it("sends origins one per line, blank lines and spaces dropped, and empty settings as null", () => {
    const body = webFormBody({ ...blankForm, name: "  Contact us ", origins: " https://a.example \n\n https://b.example\n" });
    expect(body).toEqual({ name: "Contact us", team_id: null, priority: "normal", allowed_origins: ["https://a.example", "https://b.example"], redirect_url: null, enabled: true, confirm_email: true });
    expect(webFormBody({ ...blankForm, name: "Quiet", confirm_email: false }).confirm_email).toBe(false);
    expect(originLines("\n \n")).toEqual([]);
  });

  it("names the origin a field error is about", () => {
    const sent = ["https://a.example", "ftp://b"];
    expect(originsError({ "allowed_origins[1]": "must be a scheme and a host", name: "is required" }, sent)).toBe("ftp://b: must be a scheme and a host");
    expect(originsError({ allowed_origins: "at most 20" }, sent)).toBe("at most 20");
    expect(originsError({ name: "is required" }, sent)).toBeUndefined();
  });
});
