"""The Redis client of the seed: health monitoring, ensure_connected(), reconnection with backoff.

- A background thread pings Redis every `redis_health_check_interval` seconds; a failed ping logs
  "Redis health check failed" and reconnects with backoff.
- `ensure_connected()` is called before every operation: it reconnects when the connection is
  known to be lost, and does a quick check (PING) when more than 10 s passed since the last one.
- `_reconnect_with_backoff()` tries up to `redis_reconnect_max_retries` times, waiting 3, 6, 12,
  24, 30 … s (the seed's defaults); only one reconnection runs at a time, other callers wait for it.

Seed limitation 1: `connect()` (the first connection) does not retry. If Redis is not there at
startup the exception propagates and the worker exits.
"""

import logging
import threading
import time
from typing import Callable, Optional, TypeVar

import redis

from .config import Settings, backoff_delay

log = logging.getLogger("redis_client")

QUICK_CHECK_AFTER = 10.0  # seconds since the last successful check
T = TypeVar("T")


class RedisUnavailable(Exception):
    pass


class RedisClient:
    def __init__(self, settings: Settings, stop: Optional[threading.Event] = None):
        self.settings = settings
        self.client: Optional[redis.Redis] = None
        self.connected = False
        self.last_health_check = 0.0
        self._reconnect_lock = threading.Lock()
        self._stop = stop if stop is not None else threading.Event()  # set on shutdown: ends waits
        self._health_thread: Optional[threading.Thread] = None

    # -- connection -------------------------------------------------------------------------

    def _new_client(self) -> redis.Redis:
        timeout = self.settings.redis_command_timeout
        return redis.Redis.from_url(
            self.settings.redis_url,
            decode_responses=True,
            socket_timeout=timeout,
            socket_connect_timeout=timeout if timeout is not None else 5,
        )

    def connect(self) -> None:
        client = self._new_client()
        client.ping()  # raises when Redis is down: the first connection is not retried (seed limitation 1)
        self.client = client
        self.connected = True
        self.last_health_check = time.monotonic()
        log.info("Connected to Redis at %s", self.settings.redis_url)
        if self._health_thread is None:
            self._health_thread = threading.Thread(target=self._health_check_loop, name="redis-health", daemon=True)
            self._health_thread.start()

    def disconnect(self) -> None:
        self._stop.set()
        if self.client is not None:
            try:
                self.client.close()
            except Exception:
                pass
        self.connected = False
        log.info("Disconnected from Redis")

    def _health_check_loop(self) -> None:
        while not self._stop.wait(self.settings.redis_health_check_interval):
            if not self._check_health():
                log.warning("Redis health check failed")
                self.connected = False
                self._reconnect_with_backoff()

    def _check_health(self) -> bool:
        try:
            assert self.client is not None
            self.client.ping()
            self.last_health_check = time.monotonic()
            return True
        except Exception:
            return False

    def ensure_connected(self) -> bool:
        if not self.connected:
            return self._reconnect_with_backoff()
        if time.monotonic() - self.last_health_check > QUICK_CHECK_AFTER:
            if not self._check_health():
                log.warning("Redis health check failed")
                self.connected = False
                return self._reconnect_with_backoff()
        return True

    def _reconnect_with_backoff(self) -> bool:
        if not self._reconnect_lock.acquire(blocking=False):
            # Another thread is reconnecting: wait for it and share its result.
            with self._reconnect_lock:
                return self.connected
        try:
            if self.connected and self._check_health():
                return True
            log.info("Starting Redis reconnection...")
            retries = self.settings.redis_reconnect_max_retries
            for attempt in range(retries):
                delay = backoff_delay(
                    attempt, self.settings.redis_reconnect_initial_delay, self.settings.redis_reconnect_max_delay
                )
                log.info("Redis reconnection attempt %d/%d in %.1fs", attempt + 1, retries, delay)
                if self._stop.wait(delay):
                    return False
                try:
                    client = self._new_client()
                    client.ping()
                except Exception as error:
                    log.warning("Redis reconnection attempt %d/%d failed: %s", attempt + 1, retries, error)
                    continue
                old, self.client = self.client, client
                if old is not None:
                    try:
                        old.close()
                    except Exception:
                        pass
                self.connected = True
                self.last_health_check = time.monotonic()
                log.info("Redis reconnection successful")
                return True
            log.error("Redis reconnection failed after %d attempts", retries)
            return False
        finally:
            self._reconnect_lock.release()

    def _run(self, operation: Callable[[redis.Redis], T]) -> T:
        if not self.ensure_connected():
            raise RedisUnavailable("Redis is not available")
        try:
            assert self.client is not None
            return operation(self.client)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            log.error("Redis operation failed: %s", error)
            self.connected = False
            raise

    # -- operations -------------------------------------------------------------------------

    def pop_document(self) -> Optional[str]:
        return self._run(lambda r: r.lpop(self.settings.prefix + "inbox"))

    def return_document(self, doc_id: str) -> None:
        self._run(lambda r: r.lpush(self.settings.prefix + "inbox", doc_id))

    def save_job(self, doc_id: str, fields: dict) -> None:
        self._run(lambda r: r.hset(self.settings.prefix + "job:" + doc_id, mapping=fields))

    def get_job(self, doc_id: str) -> dict:
        return self._run(lambda r: r.hgetall(self.settings.prefix + "job:" + doc_id))

    def update_phase(self, doc_id: str, phase: str) -> None:
        self._run(
            lambda r: r.hset(self.settings.prefix + "job:" + doc_id, mapping={"phase": phase, "updated_at": time.time()})
        )

    def save_text(self, kind: str, doc_id: str, text: str) -> None:
        self._run(lambda r: r.set(self.settings.prefix + kind + ":" + doc_id, text))

    def get_text(self, kind: str, doc_id: str) -> Optional[str]:
        return self._run(lambda r: r.get(self.settings.prefix + kind + ":" + doc_id))

    def record_completion(self, doc_id: str) -> int:
        """Counts one completion of the job (the seed does not de-duplicate redeliveries)."""

        def complete(r: redis.Redis) -> int:
            pipe = r.pipeline(transaction=True)
            pipe.hincrby(self.settings.prefix + "completions", doc_id, 1)
            pipe.hset(self.settings.prefix + "job:" + doc_id, mapping={"phase": "done", "updated_at": time.time()})
            return int(pipe.execute()[0])

        return self._run(complete)
