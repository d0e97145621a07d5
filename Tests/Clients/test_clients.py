"""Clients as they speak their protocols today, through `chaos run` and its proxies' taps, against
real redis-server and rabbitmq-server: current redis-py from PyPI in RESP2 and RESP3, with its pure
Python parser and with hiredis, next to Debian's python3-redis 4.3.4; pika 1.3 and kombu/py-amqp
from PyPI next to Debian's python3-pika 1.2.0. Each run's JSON must show the tap's counts and no
decode error; the Redis run restarts Redis and `recovery:` must judge every client ✔.

Run: CHAOS=.build/debug/chaos VENV_PYTHON=.build/clients-venv/bin/python python -m unittest -v
test_clients (scripts/clients.sh).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

CHAOS = os.path.abspath(os.environ.get("CHAOS", ".build/debug/chaos"))
VENV_PYTHON = os.path.abspath(os.environ.get("VENV_PYTHON", sys.executable))
DEBIAN_PYTHON = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))


def worker(python, script, env):
    return {"command": [python, os.path.join(HERE, script)], "env": env, "ready": "/ready/"}


def run_scenario(scenario):
    """Writes `scenario` (JSON is YAML), runs it with `chaos run --json`; returns (exit, journal, out)."""
    with tempfile.TemporaryDirectory(prefix="chaos-clients-") as temp:
        path = os.path.join(temp, "clients.scn")
        with open(path, "w") as handle:
            json.dump(scenario, handle)
        report = os.path.join(temp, "run.json")
        out = subprocess.run([CHAOS, "run", path, "--json", report], capture_output=True, text=True,
                             timeout=300)
        with open(report) as handle:
            document = json.load(handle)
    return out.returncode, document["scenarios"][0]["journal"], out.stdout + out.stderr


class ClientsTests(unittest.TestCase):
    def check_taps(self, journal, proxy, output):
        tap = journal["taps"][proxy]
        self.assertEqual(tap["stopped"], [], output)
        links = [link for link in journal.get("links") or [] if link["kind"] == "tap-stopped"]
        self.assertEqual(links, [], output)
        return tap

    def test_redis_clients_resp2_resp3_hiredis_and_debian_through_a_restart(self):
        url = {"REDIS_URL": "redis://{proxy.redis}/0"}
        workers = {
            "resp3": worker(VENV_PYTHON, "redis_client.py", {**url, "NAME": "resp3", "PROTOCOL": "3"}),
            "resp3hiredis": worker(VENV_PYTHON, "redis_client.py",
                                   {**url, "NAME": "resp3hiredis", "PROTOCOL": "3", "PARSER": "hiredis"}),
            "resp2": worker(VENV_PYTHON, "redis_client.py", {**url, "NAME": "resp2", "PROTOCOL": "2"}),
            "resp2hiredis": worker(VENV_PYTHON, "redis_client.py",
                                   {**url, "NAME": "resp2hiredis", "PROTOCOL": "2", "PARSER": "hiredis"}),
            "debian": worker(DEBIAN_PYTHON, "redis_client.py", {**url, "NAME": "debian"}),
        }
        status, journal, output = run_scenario({
            "name": "clients-redis", "seed": 1, "deadline": "40s",
            "services": {"redis": "redis"}, "proxies": {"redis": {"to": "redis"}},
            "workers": workers, "workload": {"command": "sleep 6"},
            "timeline": [{"at": "2s", "restart": "redis"}],
            "expect": [{"recovery": "redis", "within": "3s"}, "no crash"],
        })
        self.assertEqual(status, 0, output)
        tap = self.check_taps(journal, "redis", output)
        events = tap["events"]
        self.assertGreater(events.get("HELLO", 0), 0, events)  # RESP3 clients said HELLO 3
        for command in ("SET", "GET", "INCRBY", "PUBLISH", "SUBSCRIBE", "HGETALL", "HSET"):
            self.assertGreater(events.get(command, 0), 0, (command, events))
        self.assertGreater(events.get("push", 0), 0, events)  # RESP3 pub/sub messages
        # Error replies: redis-py 8's CLIENT SETINFO, which Redis 7.0 does not know, and at most one
        # per client while the restarted server loads (`-LOADING`).
        self.assertLessEqual(events.get("error", 0), events.get("CLIENT", 0) + len(workers), events)
        recovery = [r for r in journal["results"] if r["expectation"].startswith("recovery")][0]
        self.assertEqual(recovery["outcome"], "pass", recovery)
        self.assertNotIn("no successful exchange", json.dumps(recovery))
        for name in workers:
            self.assertTrue(any("wire " + name + ".1: first reply" in line for line in recovery["evidence"]), recovery["evidence"])

    def test_amqp_clients_pika_kombu_and_debian(self):
        url = {"AMQP_URL": "amqp://guest:guest@{proxy.rabbitmq}/%2F"}
        status, journal, output = run_scenario({
            "name": "clients-amqp", "seed": 1, "deadline": "60s",
            "services": {"rabbitmq": "rabbitmq"}, "proxies": {"rabbitmq": {"to": "rabbitmq"}},
            "workers": {
                "pika": worker(VENV_PYTHON, "amqp_client.py", {**url, "NAME": "pika", "CLIENT": "pika"}),
                "kombu": worker(VENV_PYTHON, "amqp_client.py", {**url, "NAME": "kombu", "CLIENT": "kombu"}),
                "debian": worker(DEBIAN_PYTHON, "amqp_client.py", {**url, "NAME": "debian", "CLIENT": "pika"}),
            },
            "workload": {"command": "sleep 3"},
            "expect": ["no crash"],
        })
        self.assertEqual(status, 0, output)
        tap = self.check_taps(journal, "rabbitmq", output)
        self.assertGreater(tap["publishes"], 0, tap)
        self.assertGreater(tap["deliveries"], 0, tap)
        self.assertGreater(tap["acks"], 0, tap)
        self.assertGreater(tap["events"].get("confirm.ack", 0), 0, tap)
        self.assertEqual(tap["ackedUnknown"], 0, tap)
        self.assertEqual(tap["ackedTwice"], 0, tap)


if __name__ == "__main__":
    unittest.main()
