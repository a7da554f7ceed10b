"""A local SMTP server for the email tests (Debian's python3-aiosmtpd), on 127.0.0.1.

Every message it accepts is written to DIR/messages/NNNN.eml (the bytes received, CRLF as sent)
with DIR/messages/NNNN.json beside it: the envelope (mail_from, rcpt_tos) and the user who
authenticated. Modes (--mode):
  accept   accept every message
  refuse   answer 451 (a temporary failure) to every RCPT TO: nothing is ever accepted
With --user U --password P the server offers AUTH (PLAIN, LOGIN, without TLS: loopback only) and
refuses MAIL FROM before authentication.
With --tls starttls|implicit --cert C --key K (PEM files, e.g. from scripts/test-ca.sh) the server
requires STARTTLS before MAIL FROM, or speaks TLS from the first byte (SMTPS).
Each envelope also names the connection it came on ("peer": the client's address and port), so that
a test can count connections. With --drop-after N the server closes a connection (without QUIT,
as a server dropping an idle client does) once N messages came on it.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, directory, mode, drop_after=0):
        self.directory = directory
        self.mode = mode
        self.drop_after = drop_after
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "451 4.3.0 Try again later (the test server refuses every recipient)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                       "auth_user": getattr(session, "auth_user", None),
                       "peer": "%s:%s" % tuple(session.peer[:2])}, f)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".eml.tmp", base + ".eml")
        session.messages = getattr(session, "messages", 0) + 1
        if self.drop_after and session.messages >= self.drop_after:
            # After the reply has gone out: the client sees the connection drop while idle.
            asyncio.get_event_loop().call_later(0.1, server.transport.close)
        return "250 Message accepted"


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password:
            session.auth_user = self.user.decode()
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("directory")
    p.add_argument("--mode", choices=["accept", "refuse"], default="accept")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--drop-after", type=int, default=0)
    args = p.parse_args()
    messages = os.path.join(args.directory, "messages")
    os.makedirs(messages, exist_ok=True)
    port = free_port()
    kwargs = {}
    if args.user:
        kwargs = dict(authenticator=Authenticator(args.user, args.password or ""), auth_required=True,
                      auth_require_tls=False)
    tls = None
    if args.tls != "none":
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
    handler = Handler(messages, args.mode, args.drop_after)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    controller = server = None
    if args.tls == "implicit":
        # Served on this loop: aiosmtpd's Controller checks that it started with a plain connection.
        server = loop.run_until_complete(loop.create_server(
            lambda: SMTP(handler, hostname="127.0.0.1", decode_data=False, loop=loop, **kwargs),
            host="127.0.0.1", port=port, ssl=tls))
    else:
        if tls:
            kwargs.update(tls_context=tls, require_starttls=True)
        controller = Controller(handler, hostname="127.0.0.1", port=port, decode_data=False, **kwargs)
        controller.start()
    with open(os.path.join(args.directory, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.directory, "port.tmp"), os.path.join(args.directory, "port"))
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.run_until_complete(stop.wait())
    if controller:
        controller.stop()
    if server:
        server.close()


if __name__ == "__main__":
    main()
