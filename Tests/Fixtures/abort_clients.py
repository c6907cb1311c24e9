#!/usr/bin/env python3
"""Clients that give up mid-request, for the client-abort test.

usage: abort_clients.py PORT PATH COUNT

Sends COUNT requests to PATH that announce a 5,000-byte body, send part of it and then
close (half of them) or reset (the other half) the connection. Prints how many were sent.
"""
import socket, struct, sys, time

port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for n in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(("POST %s HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
               "Content-Length: 5000\r\n\r\n" % path).encode() + b'{"eventId":"' + b"x" * 200)
    time.sleep(0.05)
    if n % 2:
        # RST instead of FIN.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
print(count)
