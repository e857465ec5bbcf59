#!/usr/bin/env python3
"""An external Bester handler (the first daemon's kind), standard library only.

The daemon starts it (handlerBinary) with the socket path in BESTER_HANDLER_SOCKET, connects
for each message, sends one frame holding the message's data and reads one frame back.
Frames are a 4-byte LITTLE-endian length and UTF-8 JSON. Type "upper":
{"to": ["bob"], "text": "hi"} reaches bob as {"text": "HI"}.
"""
import json
import os
import socket
import struct


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError()
        data += chunk
    return data


def read_frame(conn):
    (length,) = struct.unpack("<I", read_exactly(conn, 4))
    return json.loads(read_exactly(conn, length).decode("utf-8"))


def write_frame(conn, message):
    body = json.dumps(message).encode("utf-8")
    conn.sendall(struct.pack("<I", len(body)) + body)


def handle(data):
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not isinstance(data.get("to"), list):
        return {"header": {"status": "5"}, "data": "upper needs {\"to\": [...], \"text\": \"...\"}"}
    return {"header": {"status": "0", "command": "sendClients", "commandData": data["to"]},
            "payload": {"type": "upper", "data": {"text": data["text"].upper()}}}


def main():
    path = os.environ["BESTER_HANDLER_SOCKET"]
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    while True:
        conn, _ = server.accept()
        with conn:
            try:
                write_frame(conn, handle(read_frame(conn)))
            except (EOFError, ValueError):
                pass


if __name__ == "__main__":
    main()
