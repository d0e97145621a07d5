#!/usr/bin/python3
"""Workload command: sends N `record` tasks (ids task-0001 … task-N) at a rate.

usage: feed.py N [--rate PER_SECOND]      env: as app.py (BROKER_URL, QUEUE, …)

Every id is also added to `{prefix}sent` in Redis (REDIS_URL). Publishes are confirmed by the
broker; one that fails (the broker restarting) is retried for up to 60 s, so the feed outlives the
faults it runs with.
"""

import argparse
import sys
import time

import redis

from app import KEY_PREFIX, QUEUE, REDIS_URL, app, record

# The workload is not the system under test: it publishes with confirms, whatever the profile, so
# that a task the broker never took is not charged to the worker. (Stock Celery publishes without
# them: in a hand run, 1 of 200 tasks sent as RabbitMQ shut down was lost that way.)
app.conf.broker_transport_options = {"confirm_publish": True}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args()
    r = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    started = time.monotonic()
    for index in range(1, args.count + 1):
        doc_id = f"task-{index:04d}"
        wait = started + (index - 1) / args.rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        deadline = time.monotonic() + 60
        while True:
            try:
                r.sadd(KEY_PREFIX + "sent", doc_id)
                record.apply_async(args=[doc_id], queue=QUEUE, retry=True)
                break
            except Exception as error:  # kombu/amqp/redis errors while a service is away
                if time.monotonic() > deadline:
                    raise
                print(f"feed: sending {doc_id} failed ({error!r}); retrying", file=sys.stderr, flush=True)
                time.sleep(0.5)
    print(f"feed: {args.count} tasks sent in {time.monotonic() - started:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
