#!/usr/bin/env python3
"""A slow Bester external handler for the shutdown tests, standard library only.

Listens on the UNIX socket named by $BESTER_HANDLER_SOCKET (the daemon starts it as a
handlerBinary, in the daemon's working directory). For each request R (a JSON object) it appends
R["n"] as a line to ./slow-handler.log at once, so that a test can see that the daemon has read
the message and handed it on; then waits R["delay"] seconds (default 1) and answers sendClients
to R["to"] (default: nobody) with R as the data.
"""
import json
import os
import socket
import struct
import threading
import time

LOG = "slow-handler.log"
_log_lock = threading.Lock()


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(conn):
    with conn:
        while True:
            prefix = read_exact(conn, 4)
            if prefix is None:
                return
            body = read_exact(conn, struct.unpack("<I", prefix)[0])
            if body is None:
                return
            request = json.loads(body.decode("utf-8"))
            with _log_lock, open(LOG, "a") as log:
                log.write(json.dumps(request.get("n")) + "\n")
            time.sleep(request.get("delay", 1))
            answer = {"header": {"status": "0", "command": {"type": "sendClients", "data": request.get("to", [])}},
                      "data": request}
            frame = json.dumps(answer).encode("utf-8")
            try:
                conn.sendall(struct.pack("<I", len(frame)) + frame)
            except (BrokenPipeError, ConnectionResetError):
                return


def main():
    path = os.environ["BESTER_HANDLER_SOCKET"]
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(128)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
