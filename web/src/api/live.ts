// The live connection: the server's WebSocket (/api/v1/ws, authenticated by the session cookie)
// sends a notice per change the user may read. Each notice invalidates the cached queries of that
// object, so open lists, records and boards refetch quietly; after a drop the socket reconnects with
// back-off and everything is refetched, since notices may have been missed meanwhile. An import's
// progress ({"op":"import"}) goes to subscribeImports' listeners. Before each
// reconnection it asks the API whether the session still holds (see reopen).
import type { QueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { keys } from "./keys";
import { isApiError } from "./problem";

export interface LiveNotice {
  op: "event";
  id: string;
  type: string;
  object: string;
  object_id: string;
  occurred_at: string;
}

/** An import's progress ({"op":"import"}): heard by the user who started it and by admins. */
export interface ImportProgressNotice {
  op: "import";
  import: { id: string } & Record<string, unknown>;
}

type Listener = (n: LiveNotice) => void;
type ImportListener = (i: ImportProgressNotice["import"]) => void;
export type LiveState = "connecting" | "live" | "offline";

export class LiveConnection {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ping: ReturnType<typeof setInterval> | null = null;
  private listeners = new Set<Listener>();
  private importListeners = new Set<ImportListener>();
  private stateListeners = new Set<(s: LiveState) => void>();
  state: LiveState = "connecting";

  constructor(private readonly queries: QueryClient) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.ping) clearInterval(this.ping);
    this.socket?.close(1000);
    this.socket = null;
  }

  /** Every notice, for a subtle highlight of what changed. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Every import progress notice (the import pages merge them into what they show). */
  subscribeImports(fn: ImportListener): () => void {
    this.importListeners.add(fn);
    return () => this.importListeners.delete(fn);
  }

  onState(fn: (s: LiveState) => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  private setState(s: LiveState): void {
    this.state = s;
    this.stateListeners.forEach((fn) => fn(s));
  }

  private open(): void {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}/api/v1/ws`);
    this.socket = ws;
    this.setState("connecting");
    ws.onmessage = (ev) => this.receive(String(ev.data));
    ws.onclose = () => {
      if (this.ping) clearInterval(this.ping);
      this.socket = null;
      if (this.stopped) return;
      this.setState("offline");
      // 0.5 s, 1 s, 2 s ... capped at 15 s, with jitter so a restarted server is not stormed.
      const delay = Math.min(15000, 500 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
      this.attempt += 1;
      this.timer = setTimeout(() => void this.reopen(), delay);
    };
  }

  /**
   * A handshake refused because the session ended is only a console error the page cannot read; the
   * API's 401 signs the user out, which unmounts the signed-in pages and stops this connection. So
   * the session is asked first, and the socket reopened only while it holds (or the server cannot be
   * reached: then the socket's own failure schedules the next try).
   */
  private async reopen(): Promise<void> {
    try {
      await api.GET("/api/v1/auth/me");
    } catch (e) {
      if (isApiError(e) && e.status === 401) return;
    }
    if (!this.stopped) this.open();
  }

  private receive(text: string): void {
    // The server names the object `object_type` (the API's one spelling); `object` is accepted too.
    let msg: { op?: string; object?: string; object_type?: string; import?: ImportProgressNotice["import"] };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (msg.op === "ready") {
      const reconnected = this.attempt > 0;
      this.attempt = 0;
      this.setState("live");
      this.ping = setInterval(() => this.socket?.send(JSON.stringify({ op: "ping" })), 25000);
      // Changes made while the socket was down were not announced: refetch what is on screen.
      if (reconnected) void this.queries.invalidateQueries();
    } else if (msg.op === "import" && msg.import && typeof msg.import.id === "string") {
      const notice = msg.import;
      this.importListeners.forEach((fn) => fn(notice));
    } else if (msg.op === "resync") {
      void this.queries.invalidateQueries();
    } else if (msg.op === "event" && (msg.object_type ?? msg.object)) {
      const object = (msg.object_type ?? msg.object) as string;
      msg.object = object;
      void this.queries.invalidateQueries({ queryKey: keys.records(object) });
      // A deal's activities and line items show on other records' timelines too.
      if (object === "activities") void this.queries.invalidateQueries({ queryKey: ["records"] });
      this.listeners.forEach((fn) => fn(msg as unknown as LiveNotice));
    }
  }
}
