#!/usr/bin/python3
"""Verdict command: one JSON line {"expected", "done", "lost", "duplicates", "rerun"}; exit 0 when
every task task-0001 … task-N has applied its effect.

usage: check.py N        env: REDIS_URL, KEY_PREFIX

done: ids in `{prefix}applied`; lost: the others; duplicates: ids whose effect was applied more
than once (`{prefix}effects` > 1: the idempotence broke); rerun (extra field, for the report): ids
whose task was executed more than once (`{prefix}runs` > 1), which is allowed.
"""

import json
import os
import sys

import redis


def main() -> int:
    expected = int(sys.argv[1])
    prefix = os.environ.get("KEY_PREFIX", "")
    url = os.environ.get("REDIS_URL", os.environ.get("RESULT_BACKEND", "redis://localhost:6379/0"))
    ids = [f"task-{i:04d}" for i in range(1, expected + 1)]
    try:
        r = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        applied = r.smembers(prefix + "applied")
        effects = r.hgetall(prefix + "effects")
        runs = r.hgetall(prefix + "runs")
    except redis.RedisError as error:
        print(f"check: cannot read Redis at {url}: {error}", file=sys.stderr)
        print(json.dumps({"expected": expected}))
        return 1
    lost = [i for i in ids if i not in applied]
    duplicates = [i for i in ids if int(effects.get(i, 0)) > 1]
    rerun = [i for i in ids if int(runs.get(i, 0)) > 1]
    verdict = {"expected": expected, "done": expected - len(lost), "lost": lost, "duplicates": duplicates, "rerun": rerun}
    print(json.dumps(verdict))
    return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
