#!/usr/bin/python3
"""Verdict command: prints one JSON line {"expected", "done", "lost", "duplicates"} and exits 0
when every one of the N documents (doc-0001 … doc-N) has been completed.

usage: check.py N        env: REDIS_URL, PIPELINE_PREFIX

done: jobs with at least one completion; lost: the ids without one (yet); duplicates: the ids
completed more than once (the consumer counts each completion in the hash `{prefix}completions`).
Exit 1 while some are not done (or Redis cannot be read).
"""

import json
import os
import sys

import redis


def main() -> int:
    expected = int(sys.argv[1])
    prefix = os.environ.get("PIPELINE_PREFIX", "pipeline:")
    url = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
    ids = [f"doc-{i:04d}" for i in range(1, expected + 1)]
    try:
        r = redis.Redis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5)
        completions = r.hgetall(prefix + "completions")
    except redis.RedisError as error:
        print(f"check: cannot read Redis at {url}: {error}", file=sys.stderr)
        print(json.dumps({"expected": expected}))
        return 1
    counts = {doc_id: int(completions.get(doc_id, 0)) for doc_id in ids}
    lost = [doc_id for doc_id, n in counts.items() if n == 0]
    duplicates = [doc_id for doc_id, n in counts.items() if n > 1]
    print(json.dumps({"expected": expected, "done": expected - len(lost), "lost": lost, "duplicates": duplicates}))
    return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
