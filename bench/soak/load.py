#!/usr/bin/env python3
"""The client side of bench/soak.sh: a steady mixed load on a running server for a fixed time, and a
sample of the server's resources and of the load's latencies every --every seconds.

The load, paced to --rate requests a second over --workers threads (each with its own keep-alive
connection), is a CRM day's mix: a contact read by id (35 %), a page of the contacts list (20 %), a
deal read (10 %), a contact created (12 %) or renamed (10 %) or deleted (3 %), a deal created (5 %) or
moved to another stage (5 %). Beside it: --ws WebSocket clients that stay connected and count the
notices they hear, a small CSV import every 30 s (a background job), and a webhook subscribed to
contact events whose deliveries (more jobs) reach a receiver in this process.

Each sample (a CSV row) holds: seconds since the start, the server's resident memory (MB), open file
descriptors, of which sockets, threads, PostgreSQL backends (--pg-url), the database's size on disk
(MB, SQLite), and over the sample's window: requests, errors, p50/p99/max latency (ms), WebSocket
notices heard, webhook deliveries received, imports done.

At the end it judges the run (the first 20 % of the samples are the warm-up, not judged; a run shorter
than two minutes is judged on its errors, notices, deliveries and imports only):
  memory flat: the median RSS of the last third is within --rss-growth (10 %) of the middle third's;
  descriptors flat: the largest count of the second half is at most the first half's largest + 8;
  p99 steady: the median window p99 of the last third within 1.5x (+ 2 ms) of the middle third's;
  no errors: every request answered as expected, every WebSocket stayed open, every import finished.
Prints the verdicts and exits 1 when one fails. --svg writes the plot of RSS, descriptors and p99.
"""
import argparse
import base64
import csv
import http.client
import http.server
import json
import os
import random
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit


class Window:
    """What the load did since the last sample (the sampler swaps it for a fresh one)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.notices, self.deliveries, self.imports = [], [], 0, 0, 0

    def took(self, ms):
        with self.lock:
            self.latencies.append(ms)

    def failed(self, what):
        with self.lock:
            self.errors.append(what)

    def count(self, name, n=1):
        with self.lock:
            setattr(self, name, getattr(self, name) + n)


class Shared:
    def __init__(self):
        self.window = Window()
        self.lock = threading.Lock()
        self.contacts, self.deals = [], []  # ids the load may read and change
        self.errors_total = []

    def swap(self):
        with self.lock:
            w, self.window = self.window, Window()
        return w


def percentile(values, q):
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))]


class Worker(threading.Thread):
    def __init__(self, args, shared, pipeline, deadline, interval, seed):
        super().__init__(daemon=True)
        u = urlsplit(args.url)
        self.host, self.port, self.token = u.hostname, u.port, args.token
        self.shared, self.pipeline, self.deadline, self.interval = shared, pipeline, deadline, interval
        self.rng = random.Random(seed)
        self.conn = None

    def call(self, method, path, body=None):
        h = {"Authorization": "Bearer " + self.token}
        if body is not None:
            h["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request(method, path, None if body is None else json.dumps(body), h)
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            self.shared.window.failed(f"{method} {path.split('?')[0]}: {e}")
            return None, None
        self.shared.window.took((time.perf_counter() - started) * 1000)
        return r.status, (json.loads(data) if data else None)

    def expect(self, what, status, wanted):
        if status is not None and status not in wanted:
            self.shared.window.failed(f"{what}: {status}")

    def pick(self, ids):
        with self.shared.lock:
            return self.rng.choice(ids) if ids else None

    def step(self):
        op = self.rng.random()
        contact, deal = self.pick(self.shared.contacts), self.pick(self.shared.deals)
        if op < 0.35 and contact:
            # A contact deleted by another worker meanwhile answers 404: that is the expected answer.
            status, _ = self.call("GET", f"/api/v1/contacts/{contact}")
            return self.expect("GET contact", status, (200, 404))
        if op < 0.55:
            status, _ = self.call("GET", "/api/v1/contacts?limit=50&sort=-updated_at")
            return self.expect("GET contacts", status, (200,))
        if op < 0.65 and deal:
            status, _ = self.call("GET", f"/api/v1/deals/{deal}")
            return self.expect("GET deal", status, (200, 404))
        if op < 0.77 or not contact:
            tag = uuid.uuid4().hex[:12]
            status, rec = self.call("POST", "/api/v1/contacts", {"first_name": "Soak", "last_name": tag, "email": f"{tag}@soak.example"})
            self.expect("POST contact", status, (201,))
            if status == 201:
                with self.shared.lock:
                    self.shared.contacts.append(rec["id"])
            return None
        if op < 0.87:
            status, _ = self.call("PATCH", f"/api/v1/contacts/{contact}", {"job_title": uuid.uuid4().hex[:8]})
            return self.expect("PATCH contact", status, (200, 404))
        if op < 0.90:
            with self.shared.lock:
                if contact in self.shared.contacts:
                    self.shared.contacts.remove(contact)
            status, _ = self.call("DELETE", f"/api/v1/contacts/{contact}")
            return self.expect("DELETE contact", status, (204, 404))
        if op < 0.95 or not deal:
            status, rec = self.call("POST", "/api/v1/deals", {"name": "Soak " + uuid.uuid4().hex[:8], "pipeline_id": self.pipeline["id"],
                                                             "amount": self.rng.randrange(1, 10**7), "currency": "EUR"})
            self.expect("POST deal", status, (201,))
            if status == 201:
                with self.shared.lock:
                    self.shared.deals.append(rec["id"])
            return None
        status, _ = self.call("POST", f"/api/v1/deals/{deal}/move", {"stage_id": self.rng.choice(self.pipeline["stages"])})
        return self.expect("move deal", status, (200,))

    def run(self):
        next_at = time.monotonic() + self.rng.random() * self.interval
        while True:
            now = time.monotonic()
            if now >= self.deadline:
                return
            if next_at > now:
                time.sleep(next_at - now)
            self.step()
            # Paced, not closed-loop: a slow answer does not lower the offered load for long.
            next_at = max(next_at + self.interval, time.monotonic() - self.interval)


class WsClient(threading.Thread):
    """One WebSocket kept open (RFC 6455 by hand: the handshake, unmasked server frames, pongs)."""

    def __init__(self, args, shared, deadline):
        super().__init__(daemon=True)
        u = urlsplit(args.url)
        self.host, self.port, self.token, self.shared, self.deadline = u.hostname, u.port, args.token, shared, deadline

    def send(self, sock, opcode, payload):
        mask = os.urandom(4)
        head = bytes([0x80 | opcode, 0x80 | len(payload)]) + mask
        sock.sendall(head + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def recv_exact(self, sock, n):
        out = b""
        while len(out) < n:
            chunk = sock.recv(n - len(out))
            if not chunk:
                raise OSError("closed by the server")
            out += chunk
        return out

    def run(self):
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall((f"GET /api/v1/ws HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nUpgrade: websocket\r\n"
                          f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                          f"Authorization: Bearer {self.token}\r\n\r\n").encode())
            head = b""
            while b"\r\n\r\n" not in head:
                head += self.recv_exact(sock, 1)
            if b" 101 " not in head.split(b"\r\n")[0]:
                raise OSError(head.split(b"\r\n")[0].decode())
            sock.settimeout(1)
            while time.monotonic() < self.deadline:
                try:
                    b0, b1 = self.recv_exact(sock, 2)
                except socket.timeout:
                    continue
                sock.settimeout(10)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack(">H", self.recv_exact(sock, 2))[0]
                elif n == 127:
                    n = struct.unpack(">Q", self.recv_exact(sock, 8))[0]
                payload = self.recv_exact(sock, n)
                sock.settimeout(1)
                opcode = b0 & 0x0F
                if opcode == 0x9:
                    self.send(sock, 0xA, payload)
                elif opcode == 0x8:
                    raise OSError("close frame from the server")
                elif opcode == 0x1 and b'"event"' in payload:
                    self.shared.window.count("notices")
            self.send(sock, 0x8, struct.pack(">H", 1000))
            sock.close()
        except (OSError, ValueError) as e:
            if time.monotonic() < self.deadline:
                self.shared.window.failed(f"websocket: {e}")


def start_receiver(shared):
    """The webhook receiver: counts each delivery and answers 204."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            shared.window.count("deliveries")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def importer(args, shared, deadline):
    """A 100-row CSV import every 30 s, waited for: the job queue under the steady load."""
    u = urlsplit(args.url)
    n = 0
    while time.monotonic() + 30 < deadline:
        time.sleep(30)
        n += 1
        rows = ["First Name,Last Name,Email"] + [f"Imp{i},Batch{n},imp{n}x{i}-{uuid.uuid4().hex[:6]}@soak.example" for i in range(100)]
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.request("POST", "/api/v1/imports?object=contacts", "\r\n".join(rows).encode(),
                         {"Authorization": "Bearer " + args.token, "Content-Type": "text/csv"})
            r = conn.getresponse()
            started = json.loads(r.read())
            if r.status != 202:
                shared.window.failed(f"import: {r.status}")
                continue
            for _ in range(120):
                time.sleep(0.5)
                conn.request("GET", f"/api/v1/imports/{started['id']}", headers={"Authorization": "Bearer " + args.token})
                state = json.loads(conn.getresponse().read())["state"]
                if state in ("done", "failed"):
                    break
            if state != "done":
                shared.window.failed(f"import {started['id']}: {state}")
            else:
                shared.window.count("imports")
            conn.close()
        except (OSError, http.client.HTTPException, ValueError, KeyError) as e:
            shared.window.failed(f"import: {e}")


def proc_sample(pid):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    rss_mb = int(status["VmRSS"].split()[0]) / 1024
    threads = int(status["Threads"])
    fds = os.listdir(f"/proc/{pid}/fd")
    sockets = 0
    for fd in fds:
        try:
            sockets += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return rss_mb, len(fds), sockets, threads


def pg_backends(url):
    if not url:
        return ""
    out = subprocess.run(["psql", "-qAt", url, "-c", "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"],
                         capture_output=True, text=True)
    return int(out.stdout.strip()) - 1 if out.returncode == 0 else ""  # less psql's own


def db_size(path):
    if not path:
        return ""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        try:
            total += os.path.getsize(path + suffix)
        except OSError:
            pass
    return round(total / 1048576, 1)


def setup(args):
    u = urlsplit(args.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    h = {"Authorization": "Bearer " + args.token, "Content-Type": "application/json"}

    def post(path, body):
        conn.request("POST", path, json.dumps(body), h)
        r = conn.getresponse()
        data = json.loads(r.read())
        if r.status != 201:
            sys.exit(f"POST {path}: {r.status} {data}")
        return data

    p = post("/api/v1/pipelines", {"name": "Soak " + uuid.uuid4().hex[:6], "stages": [
        {"name": "New", "type": "open", "probability": 10}, {"name": "Talks", "type": "open", "probability": 50},
        {"name": "Offer", "type": "open", "probability": 80}]})
    return {"id": p["id"], "stages": [s["id"] for s in p["stages"]]}, post


def judge(rows, args):
    judged = rows[len(rows) // 5:]
    verdicts = []
    if args.seconds >= 120 and len(judged) >= 6:
        third = len(judged) // 3
        middle = statistics.median(r["rss_mb"] for r in judged[third:2 * third])
        last = statistics.median(r["rss_mb"] for r in judged[2 * third:])
        growth = (last - middle) / middle
        verdicts.append((growth <= args.rss_growth, f"memory: median RSS {middle:.1f} MB (middle third) -> {last:.1f} MB (last third), {growth * 100:+.1f} %"))
        half = len(judged) // 2
        first_fds, second_fds = max(r["fds"] for r in judged[:half]), max(r["fds"] for r in judged[half:])
        verdicts.append((second_fds <= first_fds + 8, f"descriptors: at most {first_fds} (first half) -> {second_fds} (second half)"))
        # Steady is about the trend, not one window: on two shared cores a single 10-s window can
        # catch another process's burst. The last third's typical window against the middle third's.
        p99_middle = statistics.median(r["p99_ms"] for r in judged[third:2 * third])
        p99_last = statistics.median(r["p99_ms"] for r in judged[2 * third:])
        worst = max(r["p99_ms"] for r in judged)
        verdicts.append((p99_last <= 1.5 * p99_middle + 2, f"p99: median window {p99_middle:.1f} ms (middle third) -> {p99_last:.1f} ms (last third); worst window {worst:.1f} ms"))
    else:
        verdicts.append((True, f"{len(rows)} samples in {args.seconds:.0f} s: too short to judge memory, descriptors and p99"))
    errors = sum(r["errors"] for r in rows)
    verdicts.append((errors == 0, f"errors: {errors} in {sum(r['requests'] for r in rows)} requests"))
    return verdicts


def svg(rows, path, title):
    """Three stacked line charts over time: RSS (MB), open descriptors, p99 (ms)."""
    w, h, pad = 720, 150, 46
    series = [("Resident memory (MB)", "rss_mb", "#3b6fd4"), ("Open file descriptors", "fds", "#2a9d6f"), ("p99 latency (ms)", "p99_ms", "#c8553d")]
    end = max(r["t"] for r in rows) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h * 3 + 30}" font-family="sans-serif" font-size="11">',
             f'<rect width="100%" height="100%" fill="#fff"/><text x="{pad}" y="16" font-size="13" font-weight="bold">{title}</text>']
    for i, (label, key, colour) in enumerate(series):
        top = 30 + i * h
        values = [r[key] for r in rows]
        high = max(values) * 1.15 or 1
        pts = " ".join(f"{pad + (r['t'] / end) * (w - pad - 10):.1f},{top + h - 24 - (r[key] / high) * (h - 44):.1f}" for r in rows)
        parts.append(f'<text x="{pad}" y="{top + 12}">{label}</text>')
        parts.append(f'<line x1="{pad}" y1="{top + h - 24}" x2="{w - 10}" y2="{top + h - 24}" stroke="#bbb"/>')
        parts.append(f'<text x="4" y="{top + h - 24}">0</text><text x="4" y="{top + 24}">{high:.0f}</text>')
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{pts}"/>')
    parts.append(f'<text x="{w - 150}" y="{h * 3 + 24}">time: 0 to {end / 60:.0f} min</text></svg>')
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--pid", type=int, required=True, help="the server's process")
    ap.add_argument("--seconds", type=float, default=1800)
    ap.add_argument("--every", type=float, default=10)
    ap.add_argument("--rate", type=float, default=200, help="requests a second, all workers together")
    ap.add_argument("--workers", type=int, default=8)
    ap.add_argument("--ws", type=int, default=8)
    ap.add_argument("--pg-url", default="")
    ap.add_argument("--sqlite-file", default="")
    ap.add_argument("--rss-growth", type=float, default=0.10)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--svg", default="")
    ap.add_argument("--title", default="Soak")
    ap.add_argument("--judge-only", action="store_true", help="judge the samples already in --csv (no load)")
    args = ap.parse_args()
    if args.judge_only:
        with open(args.csv) as f:
            rows = [{k: int(v) if v.isdigit() else float(v) if v else 0 for k, v in r.items()} for r in csv.DictReader(f)]
        args.seconds = rows[-1]["t"] if rows else 0
        verdicts = judge(rows, args)
        for ok, text in verdicts:
            print(("PASS " if ok else "FAIL ") + text)
        sys.exit(0 if all(ok for ok, _ in verdicts) else 1)

    shared = Shared()
    pipeline, post = setup(args)
    receiver = start_receiver(shared)
    post("/api/v1/webhooks", {"url": f"http://127.0.0.1:{receiver.server_address[1]}/soak", "event_types": ["contact.created", "contact.updated"]})
    started = time.monotonic()
    deadline = started + args.seconds
    interval = args.workers / args.rate
    threads = [Worker(args, shared, pipeline, deadline, interval, seed) for seed in range(args.workers)]
    threads += [WsClient(args, shared, deadline) for _ in range(args.ws)]
    threads.append(threading.Thread(target=importer, args=(args, shared, deadline), daemon=True))
    for t in threads:
        t.start()

    rows = []
    fields = ["t", "rss_mb", "fds", "sockets", "threads", "pg_backends", "db_mb", "requests", "errors", "p50_ms", "p99_ms",
              "max_ms", "notices", "deliveries", "imports"]
    with open(args.csv, "w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=fields)
        out.writeheader()
        next_sample = started + args.every
        while True:
            time.sleep(max(0, next_sample - time.monotonic()))
            next_sample += args.every
            w = shared.swap()
            rss, fds, sockets, nthreads = proc_sample(args.pid)
            row = {"t": round(time.monotonic() - started), "rss_mb": round(rss, 1), "fds": fds, "sockets": sockets, "threads": nthreads,
                   "pg_backends": pg_backends(args.pg_url), "db_mb": db_size(args.sqlite_file), "requests": len(w.latencies),
                   "errors": len(w.errors), "p50_ms": round(percentile(w.latencies, 0.5), 2), "p99_ms": round(percentile(w.latencies, 0.99), 2),
                   "max_ms": round(max(w.latencies, default=0), 2), "notices": w.notices, "deliveries": w.deliveries, "imports": w.imports}
            shared.errors_total += w.errors
            rows.append(row)
            out.writerow(row)
            f.flush()
            print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
            if time.monotonic() >= deadline:
                break
    for t in threads:
        t.join(timeout=15)
    for e in sorted(set(shared.errors_total))[:20]:
        print("error:", e, file=sys.stderr)
    if args.svg:
        svg(rows, args.svg, args.title)
    verdicts = judge(rows, args)
    notices, deliveries, imports = (sum(r[k] for r in rows) for k in ("notices", "deliveries", "imports"))
    print(f"heard {notices} WebSocket notices on {args.ws} sockets, {deliveries} webhook deliveries, {imports} imports done")
    if args.ws and notices == 0:
        verdicts.append((False, "no WebSocket client heard a notice"))
    if deliveries == 0:
        verdicts.append((False, "no webhook delivery arrived"))
    if args.seconds >= 45 and imports == 0:
        verdicts.append((False, "no import finished"))
    for ok, text in verdicts:
        print(("PASS " if ok else "FAIL ") + text)
    sys.exit(0 if all(ok for ok, _ in verdicts) else 1)


if __name__ == "__main__":
    main()
