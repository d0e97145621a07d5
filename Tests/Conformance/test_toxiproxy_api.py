"""Conformance of `chaos proxy` with Toxiproxy's HTTP API, driven through a real Toxiproxy
client (toxiproxy-python from PyPI) and, where that client does not reach (status codes, headers,
/populate, toxic updates, /metrics), through plain HTTP with `requests`. Upstreams are real
redis-server processes. Each test names the difference of issue 14 (or 13.5) it closes.

Run: CHAOS=.build/debug/chaos python -m unittest -v test_toxiproxy_api (scripts/conformance.sh).
"""

import json
import os
import re
import socket
import subprocess
import time
import unittest

import requests
from toxiproxy import Toxiproxy
from toxiproxy.api import APIConsumer
from toxiproxy.exceptions import NotFound, ProxyExists

from stack import Stack, free_port, redis_call, resp_command, wait_for_port

CHAOS = os.environ.get("CHAOS", ".build/debug/chaos")
ERROR_TYPE = "text/plain; charset=utf-8"


def error_body(response_or_content):
    content = getattr(response_or_content, "content", response_or_content)
    return json.loads(content.decode())


class ToxiproxyConformanceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Started as toxiproxy-server is: single-dash flags, a -config file, a negative -seed.
        cls.stack = Stack(
            CHAOS, ["-seed", "-42", "-proxy-metrics"],
            config=lambda stack: [{"name": "from_config", "listen": "127.0.0.1:%d" % free_port(),
                                   "upstream": "127.0.0.1:%d" % stack.redis_ports[0]}])
        cls.redis, cls.redis2 = cls.stack.redis_ports
        cls.server = Toxiproxy()
        cls.server.update_api_consumer("127.0.0.1", cls.stack.api_port)

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def setUp(self):
        self.server.destroy_all()

    def http(self, method, path, **kwargs):
        return requests.request(method, self.stack.base + path, timeout=10, **kwargs)

    def create(self, name, upstream_port=None, listen=None, enabled=None):
        return self.server.create(
            upstream="127.0.0.1:%d" % (upstream_port or self.redis), name=name,
            listen=listen or "127.0.0.1:%d" % free_port(), enabled=enabled)

    @staticmethod
    def port_of(proxy):
        return int(proxy.listen.rsplit(":", 1)[1])

    # -- flags (issue 14, item 2) -------------------------------------------------------------

    def test_toxiproxy_server_flags_config_proxy_exists(self):
        # setUp destroyed it; restart is too slow, so a fresh stack checks -config alone.
        stack = Stack(CHAOS, ["-seed", "7"], config=lambda s: [
            {"name": "configured", "listen": "127.0.0.1:%d" % free_port(),
             "upstream": "127.0.0.1:%d" % s.redis_ports[0]}])
        try:
            proxies = requests.get(stack.base + "/proxies", timeout=10).json()
            self.assertEqual(list(proxies), ["configured"])
            self.assertEqual(redis_call(int(proxies["configured"]["listen"].rsplit(":", 1)[1]), "PING"), b"+PONG")
        finally:
            stack.stop()

    def test_version_flag_prints_and_exits(self):
        out = subprocess.run([CHAOS, "proxy", "-version"], capture_output=True, timeout=30, text=True)
        self.assertEqual(out.returncode, 0)
        self.assertRegex(out.stdout, r"^chaos proxy version \S+\n$")

    def test_threads_flag_spreads_links_and_refuses_bad_values(self):
        # issue 15 item 4: `-threads 2` (beyond Toxiproxy): links on both loops, counted apart.
        stack = Stack(CHAOS, ["-threads", "2"], config=lambda s: [
            {"name": "spread", "listen": "127.0.0.1:%d" % free_port(),
             "upstream": "127.0.0.1:%d" % s.redis_ports[0]}])
        try:
            proxy = requests.get(stack.base + "/proxies/spread", timeout=10).json()
            port = int(proxy["listen"].rsplit(":", 1)[1])
            held = [socket.create_connection(("127.0.0.1", port), 5) for _ in range(4)]
            for sock in held:
                sock.sendall(b"PING\r\n")
                self.assertEqual(sock.recv(64), b"+PONG\r\n")
            page = requests.get(stack.base + "/metrics", timeout=10).text
            for loop in ("0", "1"):
                self.assertIn('chaos_proxy_links_open_per_loop{proxy="spread",loop="%s"} 2' % loop, page)
            for sock in held:
                sock.close()
        finally:
            stack.stop()
        for value in ("0", "abc", "1.5"):
            out = subprocess.run([CHAOS, "proxy", "--threads", value], capture_output=True, timeout=30, text=True)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn("--threads must be a whole number of 1 or more, got '%s'" % value, out.stderr)

    def test_runtime_metrics_flag_adds_process_metrics(self):
        stack = Stack(CHAOS, ["-runtime-metrics", "-proxy-metrics"])
        try:
            page = requests.get(stack.base + "/metrics", timeout=10).text
            resident = re.search(r"^process_resident_memory_bytes (\d+)$", page, re.M)
            self.assertIsNotNone(resident, page)
            self.assertGreater(int(resident.group(1)), 1 << 20)
            self.assertRegex(page, r"(?m)^process_open_fds \d+$")
        finally:
            stack.stop()
        self.assertNotIn("process_resident_memory_bytes", self.http("GET", "/metrics").text)

    # -- request id (issue 14: "Every response carries an X-Toxiproxy-Request-Id") ------------

    def test_every_response_carries_a_request_id(self):
        seen = set()
        for method, path, body in [("GET", "/version", None), ("GET", "/proxies", None),
                                   ("GET", "/proxies/nope", None), ("POST", "/proxies", "{bad"),
                                   ("POST", "/reset", None), ("GET", "/metrics", None)]:
            response = self.http(method, path, data=body)
            ident = response.headers.get("X-Toxiproxy-Request-Id")
            self.assertIsNotNone(ident, "%s %s: %s" % (method, path, dict(response.headers)))
            self.assertRegex(ident, r"^[0-9a-v]{20}$")
            seen.add(ident)
        self.assertEqual(len(seen), 6)
        refused = self.http("GET", "/proxies", headers={"User-Agent": "Mozilla/5.0"})
        self.assertIn("X-Toxiproxy-Request-Id", refused.headers)

    # -- browsers (issue 14 and issue 13 item 5) -----------------------------------------------

    def test_browser_user_agent_gets_403_text(self):
        agent = ("Mozilla/5.0 (Linux; Android 4.4.2); Nexus 5 Build/KOT49H) AppleWebKit/537.36"
                 "(KHTML, like Gecko) Chrome/33.0.1750.117 Mobile Safari/537.36 OPR/20.0.1396.72047")
        response = self.http("GET", "/proxies", headers={"User-Agent": agent})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.headers["Content-Type"], ERROR_TYPE)
        self.assertEqual(response.content, b"User agent not allowed\n")
        self.assertEqual(self.http("GET", "/proxies", headers={"User-Agent": "Wget/2.1"}).status_code, 200)

    def test_a_web_page_cannot_create_a_proxy(self):
        body = json.dumps({"name": "evil", "listen": "0.0.0.0:%d" % free_port(),
                           "upstream": "127.0.0.1:%d" % self.redis})
        attempts = [
            {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)", "Content-Type": "text/plain"},
            {"User-Agent": "curl/8", "Origin": "http://evil.example"},
            {"User-Agent": "curl/8", "Origin": "null"},
            {"User-Agent": "curl/8", "Sec-Fetch-Site": "cross-site"},
            {"User-Agent": "curl/8", "Sec-Fetch-Site": "same-site"},
        ]
        for headers in attempts:
            response = self.http("POST", "/proxies", data=body, headers=headers)
            self.assertEqual(response.status_code, 403, headers)
            self.assertEqual(response.headers["Content-Type"], ERROR_TYPE)
        self.assertEqual(self.server.proxies(), {})
        ok = self.http("POST", "/proxies", data=body.replace("0.0.0.0", "127.0.0.1"),
                       headers={"Sec-Fetch-Site": "none"})
        self.assertEqual(ok.status_code, 201)

    # -- exact error texts, text/plain errors (issue 14) ----------------------------------------

    def test_error_texts_are_toxiproxys_exactly(self):
        proxy = self.create("mysql_master")
        with self.assertRaises(ProxyExists) as exists:
            APIConsumer.post("/proxies", json={"name": "mysql_master", "upstream": "127.0.0.1:1",
                                               "listen": "127.0.0.1:0"})
        self.assertEqual(exists.exception.args[0], b'{"error":"proxy already exists","status":409}\n')
        proxy.add_toxic(type="latency", name="foobar")
        with self.assertRaises(ProxyExists) as toxic_exists:
            proxy.add_toxic(type="slow_close", name="foobar")
        self.assertEqual(error_body(toxic_exists.exception.args[0])["error"], "toxic already exists")
        with self.assertRaises(NotFound) as toxic_missing:
            proxy.destroy_toxic("nope")
        self.assertEqual(error_body(toxic_missing.exception.args[0]),
                         {"error": "toxic not found", "status": 404})
        proxy.destroy()
        with self.assertRaises(NotFound) as missing:
            proxy.destroy()
        self.assertEqual(error_body(missing.exception.args[0]), {"error": "proxy not found", "status": 404})
        for path in ["/proxies/nope", "/proxies/nope/toxics", "/proxies/nope/toxics/x"]:
            self.assertEqual(error_body(self.http("GET", path))["error"], "proxy not found", path)

    def test_error_answers_are_text_plain_json(self):
        self.create("one")
        for method, path, body, status in [
                ("GET", "/proxies/nope", None, 404),
                ("POST", "/proxies", json.dumps({"name": "one", "upstream": "x:1"}), 409),
                ("POST", "/proxies", "{not json", 400),
                ("POST", "/proxies/one/toxics", json.dumps({"type": "walrus"}), 400),
                ("GET", "/proxies/one/toxics/nope", None, 404)]:
            response = self.http(method, path, data=body)
            self.assertEqual(response.status_code, status, path)
            self.assertEqual(response.headers["Content-Type"], ERROR_TYPE, path)
            self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
            self.assertTrue(response.content.endswith(b"}\n"))
            self.assertEqual(error_body(response)["status"], status)

    def test_bad_toxics_answer_toxiproxys_400s(self):
        self.create("one")
        cases = [({"type": "walrus"}, "invalid toxic type"),
                 ({"name": "x"}, "invalid toxic type"),
                 ({"type": "latency", "stream": "walrustream"},
                  "stream was invalid, can be either upstream or downstream")]
        for body, text in cases:
            response = self.http("POST", "/proxies/one/toxics", json=body)
            self.assertEqual((response.status_code, error_body(response)["error"]), (400, text), body)
        blank = self.http("POST", "/proxies", json={"name": "", "listen": "", "upstream": ""})
        self.assertEqual(error_body(blank), {"error": "missing required field: name", "status": 400})
        blank = self.http("POST", "/proxies", json={"name": "test", "listen": "", "upstream": ""})
        self.assertEqual(error_body(blank), {"error": "missing required field: upstream", "status": 400})
        self.assertTrue(error_body(self.http("POST", "/proxies", data="{"))["error"].startswith("bad request body"))

    # -- port in use (issue 14) -----------------------------------------------------------------

    def test_listen_port_in_use_is_500_with_gos_text(self):
        port = free_port()
        self.create("first", listen="localhost:%d" % port)
        response = self.http("POST", "/proxies", json={"name": "second", "listen": "localhost:%d" % port,
                                                       "upstream": "127.0.0.1:%d" % self.redis})
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.headers["Content-Type"], ERROR_TYPE)
        self.assertEqual(error_body(response),
                         {"error": "listen tcp 127.0.0.1:%d: bind: address already in use" % port, "status": 500})
        self.assertNotIn("second", self.server.proxies())

    # -- /populate (issue 14) -----------------------------------------------------------------

    def test_populate_names_the_entry_without_a_name_and_creates_nothing(self):
        body = [{"name": "one", "listen": "localhost:%d" % free_port(), "upstream": "localhost:7171"},
                {"name": "", "listen": "", "enabled": True}]
        response = self.http("POST", "/populate", json=body)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(error_body(response)["error"], "missing required field: name at proxy 2")
        self.assertEqual(self.server.proxies(), {})
        body = [{"name": "one", "listen": "localhost:%d" % free_port()}]
        self.assertEqual(error_body(self.http("POST", "/populate", json=body))["error"],
                         "missing required field: upstream at proxy 1")

    def test_populate_keeps_what_it_created_before_a_bad_entry(self):
        one = free_port()
        body = [{"name": "one", "listen": "localhost:%d" % one, "upstream": "127.0.0.1:%d" % self.redis},
                {"name": "two", "listen": "local373", "upstream": "localhost:7474"},
                {"name": "three", "listen": "localhost:%d" % free_port(), "upstream": "localhost:7676"}]
        response = self.http("POST", "/populate", json=body)
        self.assertGreaterEqual(response.status_code, 400)
        answer = response.json()
        self.assertEqual([p["name"] for p in answer["proxies"]], ["one"])
        self.assertEqual(answer["status"], response.status_code)
        self.assertEqual(sorted(self.server.proxies()), ["one"])
        self.assertEqual(redis_call(one, "PING"), b"+PONG")

    def test_populate_creates_replaces_and_keeps(self):
        first, second = free_port(), free_port()
        body = [{"name": "one", "listen": "localhost:%d" % first, "upstream": "127.0.0.1:%d" % self.redis},
                {"name": "two", "listen": "localhost:%d" % second, "upstream": "127.0.0.1:%d" % self.redis2,
                 "enabled": False}]
        response = self.http("POST", "/populate", json=body)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        proxies = response.json()["proxies"]
        self.assertEqual([(p["name"], p["listen"], p["enabled"]) for p in proxies],
                         [("one", "127.0.0.1:%d" % first, True), ("two", "localhost:%d" % second, False)])
        self.server.get_proxy("one").add_toxic(type="latency")
        again = self.http("POST", "/populate", json=body[:1]).json()["proxies"]
        self.assertEqual(len(again[0]["toxics"]), 1, "an unchanged proxy keeps its toxics")
        self.assertEqual(redis_call(first, "PING"), b"+PONG")

    # -- noop (issue 14) ------------------------------------------------------------------------

    def test_noop_toxic_is_accepted_and_passes_data(self):
        proxy = self.create("one")
        proxy.add_toxic(type="noop", name="foobar", stream="")
        toxic = proxy.get_toxic("foobar")
        self.assertEqual((toxic.type, toxic.stream, toxic.toxicity, toxic.attributes),
                         ("noop", "downstream", 1.0, {}))
        self.assertEqual(redis_call(self.port_of(proxy), "PING"), b"+PONG")

    # -- /version (issue 14) ---------------------------------------------------------------------

    def test_version_bytes_and_content_type(self):
        response = self.http("GET", "/version")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/json;charset=utf-8")
        self.assertRegex(response.content, rb'^\{"version": "[^"]+"\}\n$')
        self.assertEqual(self.server.version(), response.content)

    # -- toxic order (issue 14) ------------------------------------------------------------------

    def test_toxics_are_listed_upstream_first(self):
        proxy = self.create("one")
        proxy.add_toxic(type="latency", name="a_down", stream="downstream")
        proxy.add_toxic(type="slicer", name="b_up", stream="upstream")
        proxy.add_toxic(type="noop", name="c_down", stream="downstream")
        proxy.add_toxic(type="bandwidth", name="d_up", stream="upstream", attributes={"rate": 1000})
        listed = [t["name"] for t in self.http("GET", "/proxies/one/toxics").json()]
        self.assertEqual(listed, ["b_up", "d_up", "a_down", "c_down"])
        self.assertEqual([t["name"] for t in self.http("GET", "/proxies/one").json()["toxics"]], listed)
        self.assertEqual(list(proxy.toxics()), listed)

    # -- every endpoint through the client, data through real Redis ----------------------------

    def test_proxy_lifecycle_through_the_client_and_redis(self):
        proxy = self.create("redis")
        port = self.port_of(proxy)
        self.assertEqual(redis_call(port, "PING"), b"+PONG")
        self.assertIn("redis", self.server.proxies())
        proxy.add_toxic(type="latency", attributes={"latency": 250})
        started = time.monotonic()
        self.assertEqual(redis_call(port, "PING"), b"+PONG")
        self.assertGreaterEqual(time.monotonic() - started, 0.25)
        self.assertEqual(list(proxy.toxics()), ["latency_downstream"])
        with proxy.down():
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", port), 1).close()
            self.assertFalse(self.http("GET", "/proxies/redis").json()["enabled"])
        self.assertEqual(redis_call(port, "PING"), b"+PONG")
        self.assertTrue(self.server.reset())
        self.assertEqual(proxy.toxics(), {})
        proxy.disable()
        self.assertTrue(self.server.reset())
        self.assertTrue(self.http("GET", "/proxies/redis").json()["enabled"])
        self.assertTrue(proxy.destroy())
        self.assertIsNone(self.server.get_proxy("redis"))

    def test_toxic_show_update_delete_statuses(self):
        self.create("one")
        created = self.http("POST", "/proxies/one/toxics", json={
            "type": "latency", "toxicity": 1, "attributes": {"latency": 100, "jitter": 10}})
        self.assertEqual((created.status_code, created.headers["Content-Type"]), (200, "application/json"))
        self.assertEqual(created.json(), {"name": "latency_downstream", "type": "latency", "stream": "downstream",
                                          "toxicity": 1, "attributes": {"latency": 100, "jitter": 10}})
        shown = self.http("GET", "/proxies/one/toxics/latency_downstream")
        self.assertEqual((shown.status_code, shown.json()["attributes"]["latency"]), (200, 100))
        for method in ["PATCH", "POST"]:
            updated = self.http(method, "/proxies/one/toxics/latency_downstream",
                                json={"toxicity": 0.5, "attributes": {"latency": 1000}})
            self.assertEqual(updated.status_code, 200)
            self.assertEqual((updated.json()["toxicity"], updated.json()["attributes"]),
                             (0.5, {"latency": 1000, "jitter": 10}))
        kept = self.http("PATCH", "/proxies/one/toxics/latency_downstream", json={"attributes": {"latency": 500}})
        self.assertEqual(kept.json()["toxicity"], 0.5)
        self.assertEqual(self.http("PATCH", "/proxies/one/toxics/nope", json={}).status_code, 404)
        self.assertEqual(self.http("DELETE", "/proxies/one/toxics/latency_downstream").status_code, 204)
        self.assertEqual(self.http("DELETE", "/proxies/one/toxics/latency_downstream").status_code, 404)
        self.assertEqual(self.http("GET", "/proxies/one/toxics").json(), [])

    def test_proxy_update_statuses(self):
        proxy = self.create("one")
        moved = free_port()
        for method in ["POST", "PATCH"]:
            response = self.http(method, "/proxies/one", json={"enabled": False})
            self.assertEqual((response.status_code, response.json()["enabled"]), (200, False))
            self.http(method, "/proxies/one", json={"enabled": True})
        response = self.http("PATCH", "/proxies/one", json={"listen": "127.0.0.1:%d" % moved,
                                                             "upstream": "127.0.0.1:%d" % self.redis2})
        self.assertEqual(response.json()["listen"], "127.0.0.1:%d" % moved)
        redis_call(self.redis2, "SET", "which", "second")
        self.assertEqual(redis_call(moved, "GET", "which"), b"$6\r\nsecond")
        self.assertEqual(self.http("PATCH", "/proxies/nope", json={}).status_code, 404)
        self.assertEqual(self.http("DELETE", "/proxies/one").status_code, 204)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", moved), 1).close()
        del proxy

    # -- /metrics (issue 14, item 2) -------------------------------------------------------------

    def metric(self, name, **labels):
        page = self.http("GET", "/metrics").text
        for line in page.splitlines():
            if not line.startswith(name + "{") and line.split(" ")[0] != name:
                continue
            found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', line))
            if all(found.get(key) == value for key, value in labels.items()):
                return float(line.rsplit(" ", 1)[1])
        return None

    def test_metrics_count_bytes_per_direction_as_toxiproxy_names_them(self):
        proxy = self.create("redis")
        port = self.port_of(proxy)
        command = resp_command("SET", "k", "v" * 5000)
        labels = {"proxy": "redis", "listener": proxy.listen, "upstream": "127.0.0.1:%d" % self.redis}
        with socket.create_connection(("127.0.0.1", port), 5) as sock:
            sock.sendall(command)
            self.assertEqual(sock.recv(100), b"+OK\r\n")
            self.assertEqual(self.metric("chaos_proxy_links_open", proxy="redis"), 1)
            for family in ["received", "sent"]:
                name = "toxiproxy_proxy_%s_bytes_total" % family
                self.assertEqual(self.metric(name, direction="upstream", **labels), len(command))
                self.assertEqual(self.metric(name, direction="downstream", **labels), 5)
        deadline = time.monotonic() + 5
        while self.metric("chaos_proxy_links_open", proxy="redis") != 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.metric("chaos_proxy_links_open", proxy="redis"), 0)
        self.assertEqual(self.metric("toxiproxy_proxy_received_bytes_total", direction="upstream", **labels),
                         len(command), "closed links still count")
        self.assertEqual(self.metric("chaos_proxy_links_accepted_total", proxy="redis"), 1)
        self.assertEqual(self.metric("chaos_proxy_enabled", proxy="redis"), 1)
        page = self.http("GET", "/metrics")
        self.assertEqual(page.headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        self.assertIn("# TYPE toxiproxy_proxy_received_bytes_total counter", page.text)

    def test_metrics_sent_bytes_follow_toxics(self):
        proxy = self.create("redis")
        proxy.add_toxic(type="limit_data", stream="upstream", attributes={"bytes": 10})
        command = resp_command("SET", "k", "v" * 100)
        with socket.create_connection(("127.0.0.1", self.port_of(proxy)), 5) as sock:
            sock.sendall(command)
            self.assertEqual(sock.recv(100), b"", "limit_data closes the link")
        self.assertEqual(self.metric("toxiproxy_proxy_received_bytes_total", direction="upstream", proxy="redis"),
                         len(command))
        self.assertEqual(self.metric("toxiproxy_proxy_sent_bytes_total", direction="upstream", proxy="redis"), 10)

    def test_metrics_count_failed_upstream_connects_and_tap_events(self):
        dead = free_port()
        self.create("dead", upstream_port=dead)
        with socket.create_connection(("127.0.0.1", self.port_of(self.server.get_proxy("dead"))), 5) as sock:
            sock.settimeout(5)
            self.assertEqual(sock.recv(10), b"")
        self.assertEqual(self.metric("chaos_proxy_upstream_connect_failures_total", proxy="dead"), 1)
        self.http("POST", "/proxies", json={"name": "tapped", "listen": "127.0.0.1:0",
                                            "upstream": "127.0.0.1:%d" % self.redis, "tap": "resp"})
        port = self.http("GET", "/proxies/tapped").json()["listenPort"]
        for _ in range(3):
            self.assertEqual(redis_call(port, "PING"), b"+PONG")
        self.assertEqual(self.metric("chaos_proxy_tap_events_total", proxy="tapped", event="PING"), 3)
        self.assertEqual(self.metric("chaos_proxy_tap_replies_total", proxy="tapped"), 3)
        self.assertIsNone(self.metric("chaos_proxy_tap_events_total", proxy="dead"))


if __name__ == "__main__":
    unittest.main()
