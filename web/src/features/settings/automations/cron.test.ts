import { describe, expect, it } from "vitest";
import { cronWords } from "./cron";

describe("a cron expression in words", () => {
  it("says the common shapes as sentences", () => {
    expect(cronWords("0 9 * * MON-FRI")).toBe("At 09:00, on Monday to Friday");
    expect(cronWords("*/15 * * * *")).toBe("Every 15 minutes, every day");
    expect(cronWords("30 * * * *")).toBe("Every hour at :30, every day");
    expect(cronWords("0 9,17 * * *")).toBe("At 09:00 and 17:00, every day");
    expect(cronWords("30 6 1 * *")).toBe("At 06:30, on day 1 of the month");
    expect(cronWords("0 8 * * 1,3")).toBe("At 08:00, on Monday and Wednesday");
    expect(cronWords("0 0 1 JAN *")).toBe("At 00:00, on day 1 of the month, in January");
  });

  it("says any other field as it is, and refuses what has not five fields", () => {
    expect(cronWords("5-10 9 * * *")).toBe("minute 5-10, hour 9, every day");
    expect(cronWords("0 9 * *")).toBeNull();
    expect(cronWords("")).toBeNull();
  });
});
