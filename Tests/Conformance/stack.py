"""The servers the conformance suite talks to: real redis-server upstreams and `chaos proxy`,
started as child processes on free loopback ports, stopped (and their temp dir removed) at the end."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("process exited with %s before listening on %d" % (process.returncode, port))
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listens on %d after %.0f s" % (port, timeout))


def resp_command(*args):
    """One Redis command in RESP."""
    out = b"*%d\r\n" % len(args)
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out


def redis_call(port, *args, timeout=5.0):
    """Sends one command to 127.0.0.1:port and returns the first reply line (b'+PONG')."""
    with socket.create_connection(("127.0.0.1", port), timeout) as sock:
        sock.sendall(resp_command(*args))
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
        return reply.rstrip(b"\r\n")


class Stack:
    """Two redis-server upstreams and one `chaos proxy` with Toxiproxy's flags."""

    def __init__(self, chaos, proxy_args=(), config=None):
        self.temp = tempfile.mkdtemp(prefix="chaos-conformance-")
        self.children = []
        self.redis_ports = []
        try:
            for _ in range(2):
                port = free_port()
                process = self._spawn(
                    ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--dir", self.temp], "redis-%d" % port)
                wait_for_port(port, process)
                self.redis_ports.append(port)
            self.api_port = free_port()
            args = [chaos, "proxy", "-host", "127.0.0.1", "-port", str(self.api_port)]
            if config is not None:
                path = os.path.join(self.temp, "proxies.json")
                with open(path, "w") as handle:
                    json.dump(config(self), handle)
                args += ["-config", path]
            self.proxy = self._spawn(args + list(proxy_args), "chaos-proxy")
            wait_for_port(self.api_port, self.proxy)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, args, name):
        log = open(os.path.join(self.temp, name + ".log"), "wb")
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.children.append((process, log))
        return process

    @property
    def base(self):
        return "http://127.0.0.1:%d" % self.api_port

    def stop(self):
        for process, log in reversed(self.children):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        self.children = []
        shutil.rmtree(self.temp, ignore_errors=True)
