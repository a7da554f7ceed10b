import { describe, expect, it } from "vitest";
import type { Email } from "./queries";
import { emailState, groupThreads, replySubject, replyTo } from "./threads";

function mail(id: string, thread: string, at: string, over: Partial<Email> = {}): Email {
  return {
    id,
    thread_id: thread,
    created_at: at,
    subject: "Offer",
    from: "sales@us.example",
    to: ["ann@client.example"],
    cc: [],
    direction: "outbound",
    status: "sent",
    text: "",
    html: "",
    attachments: [],
    in_reply_to: null,
    template_id: null,
    message_id: `${id}@us.example`,
    attempts: 0,
    error: null,
    job_id: null,
    created_by: null,
    sent_at: null,
    contact_id: null,
    company_id: null,
    lead_id: null,
    deal_id: null,
    ...over,
  } as Email;
}

describe("threads", () => {
  it("gathers a newest-first list into threads, newest thread first, messages oldest first", () => {
    const list = [
      mail("m4", "t2", "2026-12-04T12:00:00Z", { subject: "Other" }),
      mail("m3", "t1", "2026-12-04T11:00:00Z", { subject: "Re: Offer" }),
      mail("m2", "t1", "2026-12-04T10:00:00Z", { subject: "Re: Offer", direction: "inbound", from: "ann@client.example", to: ["sales@us.example"] }),
      mail("m1", "t1", "2026-12-04T09:00:00Z"),
      mail("m3", "t1", "2026-12-04T11:00:00Z", { subject: "Re: Offer" }), // listed on two pages
    ];
    const threads = groupThreads(list);
    expect(threads.map((t) => t.id)).toEqual(["t2", "t1"]);
    expect(threads[1]!.messages.map((m) => m.id)).toEqual(["m1", "m2", "m3"]);
    expect(threads[1]!.subject).toBe("Offer");
    expect(threads[1]!.last.id).toBe("m3");
    expect(threads[1]!.people).toEqual(["sales@us.example", "ann@client.example"]);
  });

  it("says Re: once", () => {
    expect(replySubject("Offer")).toBe("Re: Offer");
    expect(replySubject("RE: re:Offer")).toBe("Re: Offer");
    expect(replySubject("AW: Fwd: Offer")).toBe("Re: Offer");
  });

  it("replies to the sender of mail that came in, and follows up on mail that went out", () => {
    const inbound = groupThreads([
      mail("m1", "t1", "2026-12-04T09:00:00Z"),
      mail("m2", "t1", "2026-12-04T10:00:00Z", {
        direction: "inbound",
        from: "ann@client.example",
        to: ["sales@us.example", "bob@client.example"],
        cc: ["Ann@client.example", "carol@client.example"],
      }),
    ])[0]!;
    expect(replyTo(inbound, ["sales@us.example"])).toEqual({
      inReplyTo: "m2",
      subject: "Re: Offer",
      to: ["ann@client.example"],
      cc: ["carol@client.example"],
    });
    const outbound = groupThreads([mail("m1", "t1", "2026-12-04T09:00:00Z", { cc: ["dan@client.example"] })])[0]!;
    expect(replyTo(outbound)).toEqual({ inReplyTo: "m1", subject: "Re: Offer", to: ["ann@client.example"], cc: ["dan@client.example"] });
  });
});

describe("a message's state", () => {
  it("reads a bounce as bounced, not sent", () => {
    expect(emailState({ direction: "outbound", status: "bounced" })).toEqual({ tone: "danger", mark: "↩", text: "Bounced" });
    expect(emailState({ direction: "outbound", status: "sent" }).text).toBe("Sent");
    expect(emailState({ direction: "outbound", status: "failed" }).text).toBe("Not sent");
    expect(emailState({ direction: "inbound", status: "received" }).tone).toBe("accent");
  });
});
