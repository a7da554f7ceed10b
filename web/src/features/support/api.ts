// The support pages' reads and writes beyond the generic record ones (records/record/recordApi):
// a ticket's conversation, follow-ups, and what this server offers — SLA fields, macros — read from
// its OpenAPI document, so the SLA badges and the macro picker appear the moment the server has
// them and nothing shows (and nothing is asked) before.
import { useMemo } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must, raw } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError, type FieldError } from "../../api/problem";
import type { Schemas, Ticket, TicketMessage } from "../../api/types";
import { useOpenApiDoc } from "../records/list/data";

export type { Ticket, TicketMessage };

/** A message's file (an inbound email's attachment, or one sent with a reply), when the server lists them. */
export interface MessageFile {
  id: string;
  file_name: string;
  content_type?: string;
  size?: number;
}

/** A message as the server may send it: customer messages (inbound email) and files come with later servers. */
export type Message = Omit<TicketMessage, "kind"> & { kind: TicketMessage["kind"] | "customer"; attachments?: MessageFile[] };

export interface SupportFeatures {
  /** Tickets carry `sla` (SLA policies exist on this server). */
  sla: boolean;
  /** Tickets sort by sla_due_at. */
  slaSort: boolean;
  /** Tickets filter by sla_due_at (is_null among its operators). */
  slaFilter: boolean;
  /** GET /api/v1/macros and POST /api/v1/tickets/{id}/apply-macro. */
  macros: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});

export function featuresOf(doc: unknown): SupportFeatures {
  const root = obj(doc);
  const paths = obj(root.paths);
  const ticket = obj(obj(obj(obj(root.components).schemas).Ticket).properties);
  const list = obj(obj(paths["/api/v1/tickets"]).get);
  const params = (Array.isArray(list.parameters) ? list.parameters : []).map(obj);
  const sortable = JSON.stringify(obj(params.find((p) => p.name === "sort")).schema ?? {});
  const filterable = obj(obj(obj(params.find((p) => p.name === "filter")).schema).properties).sla_due_at;
  return {
    sla: "sla" in ticket,
    slaSort: sortable.includes('"sla_due_at"'),
    slaFilter: JSON.stringify(filterable ?? {}).includes('"is_null"'),
    macros: "/api/v1/macros" in paths && "/api/v1/tickets/{id}/apply-macro" in paths,
  };
}

export function useSupportFeatures(): SupportFeatures {
  const doc = useOpenApiDoc();
  return useMemo(() => featuresOf(doc.data), [doc.data]);
}

const MESSAGES_PAGE = 100;

/** The conversation, oldest first, a page of 100 at a time. */
export function useMessages(ticketId: string) {
  return useInfiniteQuery({
    queryKey: keys.related("tickets", ticketId, "messages"),
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/tickets/{id}/messages", {
          params: { path: { id: ticketId }, query: { limit: MESSAGES_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ) as { data: Message[]; next_cursor: string | null },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export interface PostOptions {
  /** The newest message the writer saw (null: none): a newer one makes the server answer 409. Absent: no check. */
  afterMessageId?: string | null;
  /** Uploaded files (uploadFile) to email with a reply. */
  attachmentIds?: string[];
}

export async function postMessage(ticketId: string, kind: "reply" | "note", body: string, options: PostOptions = {}): Promise<Message> {
  const input: Schemas["TicketMessageInput"] = { kind, body };
  if (options.afterMessageId !== undefined) input.after_message_id = options.afterMessageId;
  if (options.attachmentIds?.length) input.attachment_ids = options.attachmentIds;
  return must(await api.POST("/api/v1/tickets/{id}/messages", { params: { path: { id: ticketId } }, body: input })) as Message;
}

/** The message a 409 collision notice names (someone added it after the one the writer saw), or null for another refusal. */
export function newerMessage(e: unknown): NewerMessage | null {
  if (!isApiError(e) || e.status !== 409) return null;
  const first = (e.problem.errors ?? [])[0] as (FieldError & { newer_message?: NewerMessage }) | undefined;
  return first?.code === "newer_message" && first.newer_message ? first.newer_message : null;
}

export interface NewerMessage {
  id: string;
  kind: Message["kind"];
  author_id: string | null;
  created_at: string;
}

/** Uploads a file to go with a reply (POST /api/v1/attachments, the body is the file). */
export async function uploadFile(file: File): Promise<MessageFile> {
  const r = await raw(`/api/v1/attachments?file_name=${encodeURIComponent(file.name)}`, {
    method: "POST",
    headers: { "content-type": file.type || "application/octet-stream" },
    body: file,
  });
  return (await r.json()) as MessageFile;
}

export async function followUp(ticketId: string): Promise<Ticket> {
  return must(await api.POST("/api/v1/tickets/{id}/follow-up", { params: { path: { id: ticketId } }, body: {} as never })) as Ticket;
}

export type Macro = Schemas["Macro"];

/** The macros the caller may apply (GET /api/v1/macros: all of them in one answer, at most 1000 a workspace), by name. */
export function useMacros(enabled: boolean) {
  return useQuery({
    queryKey: keys.settings("macros"),
    enabled,
    staleTime: 60_000,
    queryFn: async () => must(await api.GET("/api/v1/macros")).data.sort((a, b) => a.name.localeCompare(b.name)),
  });
}

/** Applies a macro to the ticket as it was seen (If-Match: its version); the changed ticket. */
export async function applyMacro(ticketId: string, version: number, macroId: string): Promise<Json> {
  const r = await raw(`/api/v1/tickets/${encodeURIComponent(ticketId)}/apply-macro`, {
    method: "POST",
    headers: { "content-type": "application/json", "If-Match": `"${version}"` },
    body: JSON.stringify({ macro_id: macroId }),
  });
  return r.status === 204 ? {} : ((await r.json()) as Json);
}
