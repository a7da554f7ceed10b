import { describe, expect, it } from "vitest";
import { deliveryView } from "./delivery";

describe("a reply's delivery on the ticket", () => {
  it("says nothing for a message not emailed or one sent", () => {
    expect(deliveryView(null)).toBeNull();
    expect(deliveryView(undefined)).toBeNull();
    expect(deliveryView({ state: "sent", reason: null })).toBeNull();
  });
  it("marks a bounce and a failure with the reason, a queued reply quietly", () => {
    expect(deliveryView({ state: "bounced", reason: "ann@example.org: 5.1.1 no such user" })).toEqual({
      tone: "danger",
      mark: "↩",
      text: "Bounced",
      why: "Returned by the requester's mail server: ann@example.org: 5.1.1 no such user",
    });
    expect(deliveryView({ state: "failed", reason: "connection refused" })?.why).toBe("Not sent: connection refused");
    expect(deliveryView({ state: "queued", reason: null })).toMatchObject({ tone: "neutral", text: "Sending…", why: null });
  });
});
