"""A worker that is not ours: it PINGs Redis every 0.1 s (REDIS_URL, through the proxy) and, when
the connection fails, waits and tries again — RETRY=exponential: 0.2, 0.4, 0.8, 1, 1 … s;
RETRY=fixed: 1 s every time (the bug the negative suite must catch). It logs plain text only:
`recovery:` and `backoff:` judge it from the proxy's view."""
import os
import signal
import socket
import sys
import time

url = os.environ["REDIS_URL"]  # redis://host:port/0
host, port = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
fixed = os.environ.get("RETRY", "exponential") == "fixed"
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def wait(failures):
    return 1.0 if fixed else min(0.2 * 2 ** failures, 1.0)


print(f"worker ready, retry {'fixed' if fixed else 'exponential'}", flush=True)
connection = None
failures = 0
while True:
    try:
        if connection is None:
            connection = socket.create_connection((host, int(port)), timeout=1)
        connection.sendall(b"*1\r\n$4\r\nPING\r\n")
        if not connection.recv(64).startswith(b"+PONG"):
            raise OSError("no PONG")
        if failures:
            print(f"redis back after {failures} failed attempts", flush=True)
        failures = 0
        time.sleep(0.1)
    except OSError as error:
        if connection is not None:
            connection.close()
            print(f"redis connection lost: {error}", flush=True)
        connection = None
        time.sleep(wait(failures))
        failures += 1
