#!/usr/bin/env python3
"""The client side of bench/crash.sh: a mixed write load that remembers what the server acknowledged,
and the check, after the server was killed and started again, that every acknowledged write is there
with the acknowledged content and that nothing unacknowledged is half there.

One run of `load.py cycle` is one crash cycle's client:
  1. check: the records of the state file written in the last cycle, those in doubt and a sample of the
     others (--full: all of them) are read back (GET) and compared with the state: a write the
     server acknowledged (2xx) must be present exactly; a write in doubt (the connection died before
     the answer) must be either wholly present or wholly absent, never a mix; creates in doubt are
     looked up by their unique key (0 or 1 records, never 2) and replayed with their Idempotency-Key,
     which must answer the same record when it was written. The state then takes what was found.
  2. load: WORKERS threads, each on its own connection and its own records (so that a record's expected
     content never depends on another thread's timing), write until the server stops answering
     (killed by the script) or SECONDS pass: contacts created (with an Idempotency-Key), renamed and
     deleted; deals created, moved between stages (a won stage closes them) and given line items (the
     deal's amount is then the lines' sum); deals deleted; support tickets created, given another
     status, priority and description, and deleted. With --population N, a worker holding more
     than its share of N live records deletes one where it would have created one, so that a long run
     keeps a steady set (and its state file and full checks stay the same size) instead of growing.
  3. the state file is written back atomically (the script never kills this process).
`load.py setup` makes the pipeline the load uses and writes a fresh state file.
Exit status 0 when every check held; 1 with one line per violation on stderr otherwise.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit, quote


class Died(Exception):
    """The connection failed before an answer: the write is in doubt."""


class Api:
    def __init__(self, url, token, timeout=30):
        u = urlsplit(url)
        self.host, self.port, self.token, self.timeout = u.hostname, u.port, token, timeout
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        h = {"Authorization": "Bearer " + self.token}
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request(method, path, None if body is None else json.dumps(body), h)
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as e:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            raise Died(str(e))
        if r.status >= 500:
            # 503 while the database is away (or killed mid-commit): not acknowledged, in doubt.
            raise Died(f"{method} {path}: {r.status}")
        try:
            return r.status, json.loads(data) if data else None
        except ValueError:
            return r.status, None


CONTACT_FIELDS = ("first_name", "last_name", "email", "job_title")
DEAL_FIELDS = ("name", "stage_id", "amount", "currency")
TICKET_FIELDS = ("subject", "status", "priority", "description")
# Not "solved" or "closed": those are one-way for some transitions, and the load writes at random.
TICKET_STATUSES = ("new", "open", "pending", "on_hold")
TICKET_PRIORITIES = ("low", "normal", "high", "urgent")
# Each created record's key, by which a create in doubt is looked up.
KEY_FIELDS = {"contacts": "email", "deals": "name", "tickets": "subject"}


def deal_view(rec, lines):
    v = {k: rec.get(k) for k in DEAL_FIELDS}
    v["lines"] = sorted(lines)
    return v


def record_view(obj, rec):
    """What the check compares of a record; a deal's line items are read apart (a new deal has none)."""
    if obj == "deals":
        return deal_view(rec, [])
    return {k: rec.get(k) for k in (CONTACT_FIELDS if obj == "contacts" else TICKET_FIELDS)}


class Patient:
    """An Api for the check: the server may still be reconnecting to a database that was killed, so a
    call that fails is tried again for up to a minute (the server must recover by itself)."""

    def __init__(self, api):
        self.api = api

    def call(self, *args, **kwargs):
        for _ in range(600):
            try:
                return self.api.call(*args, **kwargs)
            except Died:
                time.sleep(0.1)
        return self.api.call(*args, **kwargs)


class Checker:
    def __init__(self, api, state):
        self.api, self.state, self.errors = Patient(api), state, []

    def fail(self, msg):
        self.errors.append(msg)

    def read(self, obj, rid):
        """(alive, view) of a record as the server has it now."""
        status, body = self.api.call("GET", f"/api/v1/{obj}/{rid}")
        if status == 404:
            return False, None
        if status != 200:
            raise RuntimeError(f"GET {obj}/{rid}: {status} {body}")
        if obj != "deals":
            return True, record_view(obj, body)
        status, page = self.api.call("GET", f"/api/v1/deals/{rid}/line-items")
        if status != 200:
            raise RuntimeError(f"GET deals/{rid}/line-items: {status} {page}")
        lines = [[ln["name"], ln["unit_price"], ln["total"]] for ln in page["data"]]
        view = deal_view(body, lines)
        if lines and view["amount"] != sum(t for _, _, t in lines):
            self.fail(f"deal {rid}: amount {view['amount']} is not the sum of its lines {lines}")
        return True, view

    def find_by_key(self, obj, key_field, key):
        status, page = self.api.call("GET", f"/api/v1/{obj}?filter[{key_field}][eq]={quote(key)}&limit=5")
        if status != 200:
            raise RuntimeError(f"GET {obj} by {key_field}: {status} {page}")
        return [r["id"] for r in page["data"]]

    def check_record(self, rec):
        """A known record: its acknowledged state, or one of the states in doubt."""
        alive, view = self.read(rec["object"], rec["id"])
        found = view if alive else "deleted"
        allowed = [rec["expect"]] + rec.get("doubt", [])
        if found not in allowed:
            self.fail(f"{rec['object']} {rec['id']}: found {json.dumps(found)}, acknowledged {json.dumps(rec['expect'])}"
                      + (f", in doubt {json.dumps(rec['doubt'])}" if rec.get("doubt") else ""))
        rec["expect"], rec["doubt"] = found, []
        return found

    def check_pending_create(self, p):
        """A create in doubt: absent, or present once with all its content; its key's replay agrees."""
        obj, key_field = p["object"], KEY_FIELDS[p["object"]]
        ids = self.find_by_key(obj, key_field, p["body"][key_field])
        if len(ids) > 1:
            self.fail(f"{obj} created in doubt {p['body'][key_field]}: {len(ids)} records")
        status, body = self.api.call("POST", f"/api/v1/{obj}", p["body"], {"Idempotency-Key": p["key"]})
        if status not in (200, 201):
            self.fail(f"{obj} in doubt {p['body'][key_field]}: replay answered {status} {body}")
            return None
        if ids and body["id"] != ids[0]:
            self.fail(f"{obj} in doubt {p['body'][key_field]}: replay answered {body['id']}, stored {ids[0]}")
        rid = body["id"]
        expect = record_view(obj, {**p["body"], "stage_id": p["stage_id"]})
        rec = {"object": obj, "id": rid, "expect": expect, "doubt": []}
        self.check_record(rec)
        return rec

    def run(self, full):
        """Checks the records written in the last cycle, those in doubt and a sample of 200 others, or
        (full) every record: a check of all at every cycle would grow with the run's length."""
        last = self.state["cycles"] - 1
        others = [r for r in self.state["records"] if r.get("at") != last and not r.get("doubt")]
        sample = {id(r) for r in random.sample(others, min(200, len(others)))}
        for rec in self.state["records"]:
            if full or rec.get("at") == last or rec.get("doubt") or id(rec) in sample:
                self.check_record(rec)
        adopted = [self.check_pending_create(p) for p in self.state["pending_creates"]]
        self.state["records"] = [r for r in self.state["records"] if r["expect"] != "deleted"]
        self.state["records"] += [r for r in adopted if r is not None and r["expect"] != "deleted"]
        self.state["pending_creates"] = []


class Worker(threading.Thread):
    def __init__(self, api, state, mine, deadline, seed, cap):
        super().__init__(daemon=True)
        self.api, self.state, self.mine, self.deadline, self.cap = api, state, mine, deadline, cap
        self.rng = random.Random(seed)
        self.pending, self.acked, self.died, self.errors = [], 0, False, []

    def word(self):
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))

    def create(self, obj):
        key = str(uuid.uuid4())
        tag = self.word() + str(self.rng.randrange(10**9))
        if obj == "contacts":
            body = {"first_name": "Crash", "last_name": self.word(), "email": f"{tag}@crash.example",
                    "job_title": self.word()}
        elif obj == "tickets":
            body = {"subject": "Crash ticket " + tag, "status": self.rng.choice(TICKET_STATUSES),
                    "priority": self.rng.choice(TICKET_PRIORITIES), "description": self.word()}
        else:
            body = {"name": "Crash deal " + tag, "pipeline_id": self.state["pipeline_id"],
                    "amount": self.rng.randrange(1, 10**7), "currency": "EUR"}
        pending = {"object": obj, "key": key, "body": body, "stage_id": self.state["stages"][0]}
        try:
            status, rec = self.api.call("POST", f"/api/v1/{obj}", body, {"Idempotency-Key": key})
        except Died:
            self.pending.append(pending)
            raise
        if status != 201:
            raise RuntimeError(f"POST {obj}: {status} {rec}")
        expect = record_view(obj, rec)
        self.mine.append({"object": obj, "id": rec["id"], "expect": expect, "doubt": [], "at": self.state["cycles"]})

    def change(self, rec, method, path, body, after):
        """A write to a known record: `after` is its content once written ("deleted" for a delete)."""
        rec["at"] = self.state["cycles"]
        try:
            status, answer = self.api.call(method, path, body)
        except Died:
            rec["doubt"] = [after]
            raise
        if status not in (200, 201, 204):
            raise RuntimeError(f"{method} {path}: {status} {answer}")
        rec["expect"] = after
        if after == "deleted":
            self.mine.remove(rec)

    def ticket_step(self):
        """One write of a ticket: a fifth of the load."""
        tickets = [r for r in self.mine if r["object"] == "tickets"]
        op = self.rng.random()
        if self.cap and len(self.mine) > self.cap and op < 0.4 and tickets:
            op = 0.9  # at the population's cap: a delete instead of a create
        if op < 0.4 or not tickets:
            return self.create("tickets")
        rec = self.rng.choice(tickets)
        if op < 0.85:
            body = {"status": self.rng.choice(TICKET_STATUSES), "priority": self.rng.choice(TICKET_PRIORITIES),
                    "description": self.word()}
            return self.change(rec, "PATCH", f"/api/v1/tickets/{rec['id']}", body, {**rec["expect"], **body})
        return self.change(rec, "DELETE", f"/api/v1/tickets/{rec['id']}", None, "deleted")

    def step(self):
        if self.rng.random() < 0.2:
            return self.ticket_step()
        contacts = [r for r in self.mine if r["object"] == "contacts"]
        deals = [r for r in self.mine if r["object"] == "deals"]
        op = self.rng.random()
        if self.cap and len(self.mine) > self.cap and (op < 0.25 or 0.47 <= op < 0.62):
            rec = self.rng.choice(self.mine)  # at the population's cap: a delete instead of a create
            return self.change(rec, "DELETE", f"/api/v1/{rec['object']}/{rec['id']}", None, "deleted")
        if op < 0.25 or not contacts:
            return self.create("contacts")
        if op < 0.40:
            rec = self.rng.choice(contacts)
            body = {"last_name": self.word(), "job_title": self.word()}
            return self.change(rec, "PATCH", f"/api/v1/contacts/{rec['id']}", body, {**rec["expect"], **body})
        if op < 0.47:
            rec = self.rng.choice(contacts)
            return self.change(rec, "DELETE", f"/api/v1/contacts/{rec['id']}", None, "deleted")
        if op < 0.62 or not deals:
            return self.create("deals")
        rec = self.rng.choice(deals)
        if op < 0.78:
            stage = self.rng.choice(self.state["stages"])
            body = {"stage_id": stage, "expected_close_date": "2026-12-31"}
            return self.change(rec, "POST", f"/api/v1/deals/{rec['id']}/move", body, {**rec["expect"], "stage_id": stage})
        if op < 0.95:
            if len(rec["expect"]["lines"]) >= 20:
                return None
            name, price = "Line " + self.word(), self.rng.randrange(1, 10**6)
            lines = rec["expect"]["lines"] + [[name, price, price]]
            after = {**rec["expect"], "lines": sorted(lines), "amount": sum(t for _, _, t in lines)}
            body = {"name": name, "quantity": 1, "unit_price": price}
            return self.change(rec, "POST", f"/api/v1/deals/{rec['id']}/line-items", body, after)
        return self.change(rec, "DELETE", f"/api/v1/deals/{rec['id']}", None, "deleted")

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                self.step()
                self.acked += 1
            except Died:
                self.died = True
                return
            except RuntimeError as e:  # an answer no write should get (a 4xx to a valid request)
                self.errors.append(str(e))
                return


def write_state(path, state):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def setup(args):
    api = Api(args.url, args.token)
    status, p = api.call("POST", "/api/v1/pipelines", {"name": "Crash pipeline " + uuid.uuid4().hex[:8], "stages": [
        {"name": "Qualify", "probability": 10, "type": "open"},
        {"name": "Propose", "probability": 50, "type": "open"},
        {"name": "Negotiate", "probability": 80, "type": "open"},
        {"name": "Won", "probability": 100, "type": "won"}]})
    if status != 201:
        sys.exit(f"setup: POST /api/v1/pipelines answered {status} {p}")
    write_state(args.state, {"pipeline_id": p["id"], "stages": [s["id"] for s in p["stages"]],
                             "records": [], "pending_creates": [], "acked_total": 0, "cycles": 0})


def cycle(args):
    with open(args.state) as f:
        state = json.load(f)
    api = Api(args.url.split(",")[0], args.token)
    checker = Checker(api, state)
    checker.run(args.full)
    started = time.monotonic()
    if args.ready:
        open(args.ready, "w").close()
    # Each worker owns the records whose position falls to it, so no two threads write one record.
    shares = [[r for i, r in enumerate(state["records"]) if i % args.workers == w] for w in range(args.workers)]
    urls = args.url.split(",")  # several nodes: the workers are spread over them
    cap = args.population // args.workers if args.population else 0
    workers = [Worker(Api(urls[w % len(urls)], args.token), state, shares[w], started + args.seconds, random.randrange(2**32),
                      cap) for w in range(args.workers)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    state["records"] = [r for share in shares for r in share]
    state["pending_creates"] = [p for w in workers for p in w.pending]
    acked = sum(w.acked for w in workers)
    state["acked_total"] += acked
    state["cycles"] += 1
    write_state(args.state, state)
    print(json.dumps({"acknowledged": acked, "in_doubt": sum(1 for r in state["records"] if r.get("doubt")) +
                      len(state["pending_creates"]), "records": len(state["records"]),
                      "died": sum(1 for w in workers if w.died),
                      "violations": len(checker.errors) + sum(len(w.errors) for w in workers)}))
    for e in checker.errors + [e for w in workers for e in w.errors]:
        print("VIOLATION " + e, file=sys.stderr)
    return 1 if checker.errors or any(w.errors for w in workers) else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["setup", "cycle", "check"])
    ap.add_argument("--url", required=True, help="the server's URL, or several nodes' separated by commas")
    ap.add_argument("--token", required=True)
    ap.add_argument("--state", required=True)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--population", type=int, default=0,
                    help="live records the load keeps at most (about): deletes replace creates above it (0: no cap)")
    ap.add_argument("--ready", help="a file created once the check is done and the load starts")
    ap.add_argument("--full", action="store_true", help="check every record, not only the last cycle's and a sample")
    args = ap.parse_args()
    if args.command == "setup":
        return setup(args)
    if args.command == "check":
        args.seconds, args.full = 0, True
    return cycle(args)


if __name__ == "__main__":
    sys.exit(main())
