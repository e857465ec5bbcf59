#!/usr/bin/env python3
"""A Bester handler in Python, over Vert.x's TCP event-bus bridge, standard library only.

It handles type "pyshout": {"to": ["bob"], "text": "hi"} reaches bob as
{"text": "HI", "by": "alice", "server": "<daemon name>"}.

Enable the bridge in the daemon's config, for example:
    "bridge": {"enabled": true, "address": "127.0.0.1", "port": 7000}
or  "bridge": {"enabled": true, "unixSocket": "bester-bridge.sock"}
then run:
    examples/python/shout_handler.py --port 7000           (TCP on 127.0.0.1)
    examples/python/shout_handler.py --unix bester-bridge.sock
Add --secret S when the bridge has a secret. The bridge frames are a 4-byte BIG-endian
length and JSON (the bridge's own framing, not Bester's little-endian one).
"""
import argparse
import json
import socket
import struct
import sys

TYPE = "pyshout"
ADDRESS = "bester.handler." + TYPE


def send_frame(sock, message):
    body = json.dumps(message).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def read_exactly(sock, n):
    chunks = b""
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            raise EOFError("the bridge closed the connection")
        chunks += chunk
    return chunks


def read_frame(sock):
    (length,) = struct.unpack(">I", read_exactly(sock, 4))
    return json.loads(read_exactly(sock, length).decode("utf-8"))


def handle(headers, data):
    """Returns a Bester handler response (wire contract 4.2, shape 1)."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(data.get("to"), list):
        return {"header": {"status": "2"}, "data": "pyshout needs {\"to\": [...], \"text\": \"...\"}"}
    loud = {"text": data["text"].upper(), "by": headers.get("bester-user"), "server": headers.get("bester-server")}
    return {"header": {"status": "0", "command": {"type": "sendClients", "data": data["to"]}}, "data": loud}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7000)
    parser.add_argument("--unix", help="the bridge's UNIX socket instead of TCP")
    parser.add_argument("--secret", help="the bridge's secret, if it has one")
    args = parser.parse_args()

    if args.unix:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(args.unix)
    else:
        sock = socket.create_connection((args.host, args.port))
    auth = {"bester-secret": args.secret} if args.secret else {}

    send_frame(sock, {"type": "register", "address": ADDRESS, "headers": auth})
    print("registered " + ADDRESS, flush=True)
    while True:
        frame = read_frame(sock)
        if frame.get("type") == "err":
            print("bridge error: " + json.dumps(frame), file=sys.stderr, flush=True)
            continue
        if frame.get("type") != "message" or not frame.get("replyAddress"):
            continue
        response = handle(frame.get("headers", {}), frame.get("body"))
        send_frame(sock, {"type": "send", "address": frame["replyAddress"], "headers": auth, "body": response})


if __name__ == "__main__":
    try:
        main()
    except (EOFError, KeyboardInterrupt):
        pass
