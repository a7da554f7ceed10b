import { describe, expect, it } from "vitest";
import { addHoliday, blankCalendar, calendarBody, calendarForm, calendarPatch, copyDay, overnight, weeklyMinutes, type BusinessHours } from "./calendar";

const stored: BusinessHours = {
  id: "01900000-0000-7000-8000-000000000001",
  name: "Berlin office",
  time_zone: "Europe/Berlin",
  week: { mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }], sat: [{ open: "22:00", close: "06:00" }] },
  holidays: ["2026-12-26", "2026-12-25"],
  team_id: null,
  is_default: true,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 3,
};

describe("business-hours calendars in the editor", () => {
  it("starts a new calendar on weekdays 9 to 5 in the zone given", () => {
    const f = blankCalendar("Asia/Tokyo");
    expect(f.time_zone).toBe("Asia/Tokyo");
    expect(f.week.mon.map(({ open, close }) => [open, close])).toEqual([["09:00", "17:00"]]);
    expect(f.week.sat).toEqual([]);
    expect(weeklyMinutes(f.week)).toBe(5 * 8 * 60);
  });

  it("reads a stored calendar: every day present, holidays sorted", () => {
    const f = calendarForm(stored);
    expect(f.week.mon).toHaveLength(2);
    expect(f.week.tue).toEqual([]);
    expect(f.holidays).toEqual(["2026-12-25", "2026-12-26"]);
    expect(calendarBody(f)).toMatchObject({ team_id: null, is_default: true, week: { mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:00" }], sun: [] } });
  });

  it("patches only the parts changed, week and holidays whole", () => {
    const from = calendarForm(stored);
    expect(calendarPatch(from, from)).toEqual({});
    const f = { ...from, week: copyDay(from.week, "mon", ["tue"]), holidays: addHoliday(from.holidays, "2026-01-01") };
    const patch = calendarPatch(from, f);
    expect(Object.keys(patch).sort()).toEqual(["holidays", "week"]);
    expect(patch.week?.tue).toEqual(patch.week?.mon);
    expect(patch.holidays).toEqual(["2026-01-01", "2026-12-25", "2026-12-26"]);
    expect(addHoliday(patch.holidays!, "2026-01-01")).toHaveLength(3);
  });

  it("says which hours run overnight and counts them to the morning", () => {
    expect(overnight({ open: "22:00", close: "06:00" })).toBe(true);
    expect(overnight({ open: "09:00", close: "17:00" })).toBe(false);
    expect(overnight({ open: "09:00", close: "" })).toBe(false);
    expect(weeklyMinutes(calendarForm(stored).week)).toBe(3 * 60 + 4 * 60 + 8 * 60);
  });
});
