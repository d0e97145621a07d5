"""A stock Celery app: RabbitMQ broker, Redis result backend, one idempotent task.

Environment:
  BROKER_URL      amqp://guest:guest@host:port/%2F      (through the chaos proxy in scenarios)
  RESULT_BACKEND  redis://host:port/0                    (through the chaos proxy in scenarios)
  REDIS_URL       where the task records its effect (default: RESULT_BACKEND)
  QUEUE           the task queue (default "tasks"); KEY_PREFIX the Redis key prefix (default "")
  TASK_SECONDS    how long a task works (default 0.05)
  CELERY_PROFILE  "stock" (default: Celery's defaults, nothing tuned) or "hardened" (see below)

The task `record(doc_id)` applies its effect once: a Lua script adds the id to `{prefix}applied`
and counts the effect in `{prefix}effects` only if the id was not there yet; every execution is
counted in `{prefix}runs`. So a re-executed task is harmless, and check.py can tell a lost task
(never applied) from a re-executed one.
"""

import os
import time

import redis
from celery import Celery

BROKER_URL = os.environ.get("BROKER_URL", "amqp://guest:guest@localhost:5672/%2F")
RESULT_BACKEND = os.environ.get("RESULT_BACKEND", "redis://localhost:6379/0")
REDIS_URL = os.environ.get("REDIS_URL", RESULT_BACKEND)
QUEUE = os.environ.get("QUEUE", "tasks")
KEY_PREFIX = os.environ.get("KEY_PREFIX", "")
TASK_SECONDS = float(os.environ.get("TASK_SECONDS", "0.05"))
PROFILE = os.environ.get("CELERY_PROFILE", "stock")

app = Celery("chaos_example", broker=BROKER_URL, backend=RESULT_BACKEND)
app.conf.task_default_queue = QUEUE
app.conf.result_expires = 3600

if PROFILE == "hardened":
    # What survives the faults (see docs/examples.md): ack after the task ran, so a worker that
    # dies (or loses its broker connection) mid-task leaves the message to be redelivered; reject
    # (requeue) when a pool process is lost; take one message at a time; retry the broker forever;
    # publisher confirms for the producer; and the task retries when its own Redis is away
    # (redis_call below).
    app.conf.task_acks_late = True
    app.conf.task_reject_on_worker_lost = True
    app.conf.worker_prefetch_multiplier = 1
    app.conf.broker_connection_retry = True
    app.conf.broker_connection_max_retries = None
    app.conf.broker_heartbeat = 10
    app.conf.broker_transport_options = {"confirm_publish": True}  # the producer waits for the broker's confirm
elif PROFILE != "stock":
    raise SystemExit(f"CELERY_PROFILE must be stock or hardened, not {PROFILE!r}")

APPLY_ONCE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  return 1
end
return 0
"""

_effects = None


def effects() -> redis.Redis:
    global _effects
    if _effects is None:
        _effects = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=5)
    return _effects


def redis_call(operation):
    """Stock: one try (a Redis error fails the task). Hardened: retry for up to 60 s, in the task.

    Celery's own `autoretry_for` is no help here: a retry records the RETRY state in the result
    backend, which is the same Redis, so the retry itself fails and the message is acknowledged
    (measured with Celery 5.2.6, whose Redis backend does not honour result_backend_always_retry).
    """
    if PROFILE != "hardened":
        return operation()
    deadline = time.monotonic() + 60
    delay = 0.2
    while True:
        try:
            return operation()
        except (redis.ConnectionError, redis.TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@app.task(name="record", bind=True)
def record(self, doc_id: str) -> str:
    """Idempotent: the effect of doc_id is applied at most once however often the task runs."""
    r = effects()
    redis_call(lambda: r.hincrby(KEY_PREFIX + "runs", doc_id, 1))
    time.sleep(TASK_SECONDS)
    applied = redis_call(lambda: r.eval(APPLY_ONCE, 2, KEY_PREFIX + "applied", KEY_PREFIX + "effects", doc_id))
    return f"{doc_id} {'applied' if applied else 'already applied'}"
