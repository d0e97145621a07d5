#!/usr/bin/python3
"""Workload command: puts N documents into the pipeline, ids doc-0001 … doc-N.

usage: feed.py N [--rate PER_SECOND] [--via redis|amqp]

--via redis (default): RPUSH each id on the scanner's inbox `{prefix}inbox`.
--via amqp: create the job in Redis and publish job.created on `{prefix}jobs` (bypassing the scanner).
Every id fed is also added to the set `{prefix}fed`. A connection error is retried (for up to
60 s per document), so the feed survives the faults it is run with. Env: REDIS_URL, RABBITMQ_URL,
PIPELINE_PREFIX. Exit 0 once all N are in.
"""

import argparse
import json
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0] if "/" in __file__ else ".")

import pika  # noqa: E402
import redis  # noqa: E402

from src.common import config  # noqa: E402
from src.common.documents import checksum, download, translate  # noqa: E402
from src.common.rabbitmq import declare_exchange, open_connection  # noqa: E402


def doc_ids(n: int):
    return [f"doc-{i:04d}" for i in range(1, n + 1)]


def retrying(action, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return action()
        except (redis.ConnectionError, redis.TimeoutError, pika.exceptions.AMQPError, OSError) as error:
            if time.monotonic() > deadline:
                raise
            print(f"feed: {what} failed ({error!r}); retrying", file=sys.stderr, flush=True)
            time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--via", choices=["redis", "amqp"], default="redis")
    args = parser.parse_args()
    settings = config.load()
    r = redis.Redis.from_url(settings.redis_url, decode_responses=True, socket_timeout=5)
    channel = None

    def amqp_channel():
        nonlocal channel
        if channel is None or not channel.is_open:
            connection = open_connection(settings)
            channel = connection.channel()
            channel.confirm_delivery()
            declare_exchange(channel, settings)
        return channel

    started = time.monotonic()
    for index, doc_id in enumerate(doc_ids(args.count)):
        wait = started + index / args.rate - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        retrying(lambda: r.sadd(settings.prefix + "fed", doc_id), "SADD")
        if args.via == "redis":
            retrying(lambda: r.rpush(settings.prefix + "inbox", doc_id), "RPUSH")
        else:
            fields = {"id": doc_id, "phase": "created", "attempts": 0, "checksum": checksum(translate(download(doc_id)))}
            retrying(lambda: r.hset(settings.prefix + "job:" + doc_id, mapping=fields), "HSET")

            def publish():
                amqp_channel().basic_publish(
                    exchange=settings.exchange,
                    routing_key="job.created",
                    body=json.dumps({"id": doc_id}),
                    properties=pika.BasicProperties(delivery_mode=2),
                )

            retrying(publish, "publish")
    print(f"feed: {args.count} documents fed via {args.via} in {time.monotonic() - started:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
