#!/usr/bin/env python3
"""A Bester external handler for the daemon's tests (wire-contract §4 item 2), standard library only.

Listens on the UNIX socket named by argv[1], else by $BESTER_HANDLER_SOCKET. Every connection may
carry many requests, one after another: frames of a 4-byte little-endian length and UTF-8 JSON.
Prints "ready <pid>" on standard output once it listens.

For a request R (any JSON value; an envelope {"from","id","type","server","data"} is recognised
and its "data" read as the message) the answer is chosen by the message's "mode" field:
  (none)     shape 1 of §4.2: sendClients, data = R exactly as received
  shape2     shape 2 of §4.2, same recipients and data
  error      header.status = the message's "status" (default "7")
  garbage    a well-framed answer that is not JSON
  rawgarbage bytes that are not even a frame, then close
  hang       no answer at all (the connection stays open)
  late       the normal answer after "delay" seconds (default 1.5)
  close      close the connection without answering
  crash      the whole process exits at once, status 3
  info       data = {pid, cwd, socket ($BESTER_HANDLER_SOCKET), argv, conn (connection serial), request R}
  forward    sendHandler to the message's "next", data = the message
Recipients are the message's "to" when it is a list, else the envelope's "from", else
$ECHO_TO (default "alice").

Environment: HANDLER_DELAY=<seconds> waits before listening; CLOSE_ON_SECOND=1 closes a
connection without answering when its second request arrives (a handler's idle close racing
the daemon's next request).
"""
import json
import os
import socket
import struct
import sys
import threading
import time

ENVELOPE_KEYS = {"from", "id", "type", "server", "data"}
_serial = 0
_serial_lock = threading.Lock()


def next_serial():
    global _serial
    with _serial_lock:
        _serial += 1
        return _serial


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def send_frame(conn, body):
    conn.sendall(struct.pack("<I", len(body)) + body)


def send_json(conn, value):
    send_frame(conn, json.dumps(value).encode("utf-8"))


def answer_for(request, conn_id):
    """Returns (kind, value): kind is "json", "raw", "none", "close" or "crash"."""
    envelope = isinstance(request, dict) and set(request.keys()) == ENVELOPE_KEYS
    message = request["data"] if envelope else request
    fields = message if isinstance(message, dict) else {}
    mode = fields.get("mode")
    if isinstance(fields.get("to"), list):
        to = fields["to"]
    elif envelope:
        to = [request["from"]]
    else:
        to = [os.environ.get("ECHO_TO", "alice")]

    def send_clients(data):
        return {"header": {"status": "0", "command": {"type": "sendClients", "data": to}}, "data": data}

    if mode == "shape2":
        return "json", {"header": {"status": "0", "command": "sendClients", "commandData": to},
                        "payload": {"type": "ignored", "data": request}}
    if mode == "error":
        return "json", {"header": {"status": fields.get("status", "7")}, "data": None}
    if mode == "garbage":
        return "raw", b"this is not json {"
    if mode == "rawgarbage":
        return "close", b"\x01\x02garbage"
    if mode == "hang":
        return "none", None
    if mode == "late":
        time.sleep(fields.get("delay", 1.5))
        return "json", send_clients(request)
    if mode == "close":
        return "close", b""
    if mode == "crash":
        return "crash", None
    if mode == "info":
        return "json", send_clients({"pid": os.getpid(), "cwd": os.getcwd(),
                                     "socket": os.environ.get("BESTER_HANDLER_SOCKET"),
                                     "argv": sys.argv[1:], "conn": conn_id, "request": request})
    if mode == "forward":
        return "json", {"header": {"status": "0", "command": {"type": "sendHandler", "data": fields["next"]}},
                        "data": message}
    return "json", send_clients(request)


def serve(conn):
    try:
        serve_requests(conn)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the daemon gave up on this request (a late answer) and closed the connection


def serve_requests(conn):
    conn_id = next_serial()
    served = 0
    with conn:
        while True:
            prefix = read_exact(conn, 4)
            if prefix is None:
                return
            (length,) = struct.unpack("<I", prefix)
            body = read_exact(conn, length)
            if body is None:
                return
            served += 1
            if served == 2 and os.environ.get("CLOSE_ON_SECOND") == "1":
                return
            kind, value = answer_for(json.loads(body.decode("utf-8")), conn_id)
            if kind == "json":
                send_json(conn, value)
            elif kind == "raw":
                send_frame(conn, value)
            elif kind == "close":
                conn.sendall(value)
                return
            elif kind == "crash":
                os._exit(3)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.environ["BESTER_HANDLER_SOCKET"]
    time.sleep(float(os.environ.get("HANDLER_DELAY", "0")))
    if os.path.exists(path):
        os.unlink(path)  # the handler owns its socket; a stale one from an earlier run goes
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(128)
    print("ready", os.getpid(), flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
