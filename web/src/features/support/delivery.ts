// How an emailed reply's delivery reads on the ticket (the message's `delivery`, as its email stands):
// nothing to say once sent (the kind already reads "Reply · emailed"), a quiet badge while it waits
// in the queue, and a loud one with the reason when it failed or came back (a bounce).
import { t } from "../../i18n";
import type { Tone } from "../settings/shared/Badge";
import type { Message } from "./api";

export interface DeliveryView {
  tone: Tone;
  mark: string;
  text: string;
  /** Why, said under the message (failed, bounced); null otherwise. */
  why: string | null;
}

export function deliveryView(delivery: Message["delivery"] | undefined): DeliveryView | null {
  if (!delivery) return null;
  const reason = delivery.reason ?? "";
  switch (delivery.state) {
    case "queued":
      return { tone: "neutral", mark: "…", text: t("support.delivery.queued"), why: null };
    case "failed":
      return { tone: "danger", mark: "✕", text: t("support.delivery.failed"), why: t("support.delivery.failedWhy", { reason }) };
    case "bounced":
      return { tone: "danger", mark: "↩", text: t("support.delivery.bounced"), why: t("support.delivery.bouncedWhy", { reason }) };
    default:
      return null;
  }
}
