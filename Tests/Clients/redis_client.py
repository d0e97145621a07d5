"""A Redis client as applications use it today (redis-py from PyPI, or Debian's python3-redis):
SET/GET/INCR every 0.05 s through REDIS_URL (the proxy), a pub/sub message to itself and, in RESP3,
client-side caching invalidations (pushes). PROTOCOL=2|3 (redis-py >= 5), PARSER=python|hiredis.
On a failure it reconnects with its own backoff (0.1 s doubling to 0.8 s). Logs plain text."""
import os
import signal
import sys
import time

import redis

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
url = os.environ["REDIS_URL"]
name = os.environ.get("NAME", "client")
options = {"socket_timeout": 2, "socket_connect_timeout": 2}
major = int(redis.__version__.split(".")[0])
if major >= 5:
    from redis import _parsers

    options["protocol"] = int(os.environ.get("PROTOCOL", "2"))
    wanted = os.environ.get("PARSER", "python")
    if wanted == "hiredis":
        import hiredis  # noqa: F401  (fails loudly when the parser package is missing)

        options["parser_class"] = _parsers._HiredisParser
    else:
        resp3 = options["protocol"] == 3
        options["parser_class"] = _parsers._RESP3Parser if resp3 else _parsers._RESP2Parser
print(f"{name}: redis-py {redis.__version__} {options.get('protocol', 2)} "
      f"{options.get('parser_class', type(None)).__name__}", flush=True)


def session():
    client = redis.Redis.from_url(url, **options)
    client.ping()
    pubsub = client.pubsub()
    pubsub.subscribe(f"{name}-channel")
    print(f"{name} ready", flush=True)
    count = 0
    while True:
        count += 1
        client.set(f"{name}:key", count)
        assert int(client.get(f"{name}:key")) == count
        client.incr(f"{name}:counter")
        if count % 10 == 1:
            client.publish(f"{name}-channel", f"hello {count}")
            pubsub.get_message(timeout=0.5)
            client.hgetall(f"{name}:hash")
            client.hset(f"{name}:hash", "field", count)
        time.sleep(0.05)


delay = 0.1
while True:
    try:
        session()
    except (redis.ConnectionError, redis.TimeoutError, ConnectionError, OSError) as error:
        print(f"{name}: redis connection lost: {error}; retrying in {delay}s", flush=True)
        time.sleep(delay)
        delay = min(delay * 2, 0.8)
