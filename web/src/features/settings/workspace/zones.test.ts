import { describe, expect, it } from "vitest";
import { offsetMinutes, offsetText, zoneIds, zoneLabel, zoneList, zoneMatches } from "./zones";

const WINTER = new Date("2026-01-15T12:00:00Z");
const SUMMER = new Date("2026-07-15T12:00:00Z");

describe("the zones offered", () => {
  it("puts UTC first (V8 leaves it out), then the browser's names sorted", () => {
    expect(zoneIds("UTC", ["Europe/Paris", "America/New_York", "Asia/Tokyo"])).toEqual(["UTC", "America/New_York", "Asia/Tokyo", "Europe/Paris"]);
    expect(zoneIds("UTC", ["UTC", "Europe/Paris"])).toEqual(["UTC", "Europe/Paris"]);
  });

  it("keeps the saved zone when the browser does not list it, once", () => {
    expect(zoneIds("Europe/Kyiv", ["Europe/Kiev", "Europe/Paris"])).toEqual(["UTC", "Europe/Kiev", "Europe/Kyiv", "Europe/Paris"]);
    expect(zoneIds("Europe/Paris", ["Europe/Paris"])).toEqual(["UTC", "Europe/Paris"]);
  });

  it("comes from the browser's Intl list, which has hundreds of Area/Location names", () => {
    const ids = zoneIds("UTC");
    expect(ids.length).toBeGreaterThan(300);
    expect(ids[0]).toBe("UTC");
    expect(ids.slice(1).every((z) => z.includes("/"))).toBe(true);
  });
});

describe("offsets", () => {
  it("reads the offset at the moment, daylight saving included", () => {
    expect(offsetMinutes("Europe/Paris", WINTER)).toBe(60);
    expect(offsetMinutes("Europe/Paris", SUMMER)).toBe(120);
    expect(offsetMinutes("America/New_York", WINTER)).toBe(-300);
    expect(offsetMinutes("America/New_York", SUMMER)).toBe(-240);
    expect(offsetMinutes("Asia/Kolkata", WINTER)).toBe(330);
    expect(offsetMinutes("Asia/Kathmandu", WINTER)).toBe(345);
    expect(offsetMinutes("America/St_Johns", WINTER)).toBe(-210);
    expect(offsetMinutes("UTC", WINTER)).toBe(0);
    expect(offsetMinutes("Africa/Abidjan", SUMMER)).toBe(0);
  });

  it("gives null for a zone the browser does not know", () => {
    expect(offsetMinutes("Mars/Olympus_Mons", WINTER)).toBeNull();
  });

  it("says an offset as UTC±hh:mm", () => {
    expect(offsetText(0)).toBe("UTC");
    expect(offsetText(60)).toBe("UTC+01:00");
    expect(offsetText(330)).toBe("UTC+05:30");
    expect(offsetText(-210)).toBe("UTC-03:30");
    expect(offsetText(-600)).toBe("UTC-10:00");
    expect(offsetText(840)).toBe("UTC+14:00");
  });

  it("lists each zone with its offset then, and an unknown one without", () => {
    expect(zoneList(["UTC", "Europe/Paris", "Mars/Olympus_Mons"], SUMMER)).toEqual([
      { id: "UTC", label: "UTC", minutes: 0, offset: "UTC" },
      { id: "Europe/Paris", label: "Europe/Paris", minutes: 120, offset: "UTC+02:00" },
      { id: "Mars/Olympus_Mons", label: "Mars/Olympus Mons", minutes: 0, offset: "" },
    ]);
  });
});

describe("names and search", () => {
  it("reads underscores as spaces and says a renamed city's new name", () => {
    expect(zoneLabel("America/Argentina/Buenos_Aires")).toBe("America/Argentina/Buenos Aires");
    expect(zoneLabel("Asia/Calcutta")).toBe("Asia/Calcutta (Kolkata)");
    expect(zoneLabel("Europe/Kiev")).toBe("Europe/Kiev (Kyiv)");
  });

  const zones = zoneList(["UTC", "Europe/Paris", "America/New_York", "Asia/Calcutta", "Asia/Kathmandu", "America/St_Johns"], WINTER);
  const find = (typed: string) => zones.filter((z) => zoneMatches(z, typed)).map((z) => z.id);

  it("finds a zone by any part of its name, in any case, with spaces or underscores", () => {
    expect(find("paris")).toEqual(["Europe/Paris"]);
    expect(find("New York")).toEqual(["America/New_York"]);
    expect(find("new_york")).toEqual(["America/New_York"]);
    expect(find("america york")).toEqual(["America/New_York"]);
    expect(find("kolkata")).toEqual(["Asia/Calcutta"]);
    expect(find("")).toHaveLength(zones.length);
    expect(find("atlantis")).toEqual([]);
  });

  it("finds a zone by its offset as people type it", () => {
    expect(find("utc+1")).toEqual(["Europe/Paris"]);
    expect(find("UTC+01:00")).toEqual(["Europe/Paris"]);
    expect(find("gmt-5")).toEqual(["America/New_York"]);
    expect(find("utc−5")).toEqual(["America/New_York"]); // a typographic minus
    expect(find("+5:30")).toEqual(["Asia/Calcutta"]);
    expect(find("+05:45")).toEqual(["Asia/Kathmandu"]);
    expect(find("-3:30")).toEqual(["America/St_Johns"]);
    expect(find("utc+0")).toEqual(["UTC"]);
    expect(find("gmt")).toEqual(["UTC"]);
    expect(find("utc+10")).toEqual([]); // not Paris (+1) by a shared prefix
    expect(find("america -5")).toEqual(["America/New_York"]);
  });
});
