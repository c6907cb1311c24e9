#!/usr/bin/env python3
"""Slow and hostile clients against a gateway on loopback, for the connection tests.

usage: slow_clients.py PORT STALLED EXTRA WAIT_SECONDS

Opens STALLED connections that send half a request's headers and stop, then times
/healthz on fresh connections; opens EXTRA more stalled ones (some beyond the
connection cap); then waits WAIT_SECONDS and reports how many of each group the gateway
has closed. Bounded in count and time; prints one JSON object.
"""
import json, socket, sys, time

port, stalled_count, extra_count, wait = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])

def stalled():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"POST /v1/applications HTTP/1.1\r\nHost: gateway\r\nContent-Ty")
    s.setblocking(False)
    return s

def closed(s):
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True

def healthz():
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    return time.monotonic() - start, data.split(b"\r\n", 1)[0].decode()

first = [stalled() for _ in range(stalled_count)]
time.sleep(0.2)
timings = [healthz() for _ in range(5)]
extra = [stalled() for _ in range(extra_count)]
time.sleep(0.3)
refused_at_once = sum(closed(s) for s in extra)
still_open_first = sum(not closed(s) for s in first)
time.sleep(wait)
after = healthz()
print(json.dumps({
    "healthzSeconds": max(t for t, _ in timings),
    "healthzStatus": [line for _, line in timings],
    "firstOpenBeforeTimeout": still_open_first,
    "extraRefusedAtOnce": refused_at_once,
    "firstClosedAfterTimeout": sum(closed(s) for s in first),
    "extraClosedAfterTimeout": sum(closed(s) for s in extra),
    "healthzAfter": after[1],
}))
