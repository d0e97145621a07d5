"""Settings of the document pipeline, read from the environment.

The reconnection settings and their defaults are the seed's (RECONNECTION_IMPLEMENTATION_SUMMARY):
health check every 30 s, 10 attempts, backoff from 3.0 s doubling up to 30.0 s, for Redis and for
RabbitMQ alike. The others say where the services are and name the keys and queues.
"""

import os
from dataclasses import dataclass
from typing import Optional


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(float(value)) if value not in (None, "") else default


def _optional_float(name: str) -> Optional[float]:
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else None


@dataclass(frozen=True)
class Settings:
    redis_url: str
    rabbitmq_url: str
    prefix: str

    # Redis reconnection (the seed's settings and defaults)
    redis_health_check_interval: float
    redis_reconnect_max_retries: int
    redis_reconnect_initial_delay: float
    redis_reconnect_max_delay: float

    # RabbitMQ reconnection (the seed's settings and defaults)
    rabbitmq_health_check_interval: float
    rabbitmq_reconnect_max_retries: int
    rabbitmq_reconnect_initial_delay: float
    rabbitmq_reconnect_max_delay: float

    # Not in the seed: left unset, the libraries' defaults apply (no Redis socket timeout,
    # the heartbeat the broker proposes).
    redis_command_timeout: Optional[float]
    rabbitmq_heartbeat: Optional[int]
    prefetch: int
    work_delay: float

    @property
    def exchange(self) -> str:
        return self.prefix + "jobs"

    def queue(self, worker: str) -> str:
        return self.prefix + worker


def load() -> Settings:
    heartbeat = _optional_float("RABBITMQ_HEARTBEAT")
    return Settings(
        redis_url=os.environ.get("REDIS_URL", "redis://localhost:6379/0"),
        rabbitmq_url=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@localhost:5672/%2F"),
        prefix=os.environ.get("PIPELINE_PREFIX", "pipeline:"),
        redis_health_check_interval=_float("REDIS_HEALTH_CHECK_INTERVAL", 30),
        redis_reconnect_max_retries=_int("REDIS_RECONNECT_MAX_RETRIES", 10),
        redis_reconnect_initial_delay=_float("REDIS_RECONNECT_INITIAL_DELAY", 3.0),
        redis_reconnect_max_delay=_float("REDIS_RECONNECT_MAX_DELAY", 30.0),
        rabbitmq_health_check_interval=_float("RABBITMQ_HEALTH_CHECK_INTERVAL", 30),
        rabbitmq_reconnect_max_retries=_int("RABBITMQ_RECONNECT_MAX_RETRIES", 10),
        rabbitmq_reconnect_initial_delay=_float("RABBITMQ_RECONNECT_INITIAL_DELAY", 3.0),
        rabbitmq_reconnect_max_delay=_float("RABBITMQ_RECONNECT_MAX_DELAY", 30.0),
        redis_command_timeout=_optional_float("REDIS_COMMAND_TIMEOUT"),
        rabbitmq_heartbeat=int(heartbeat) if heartbeat is not None else None,
        prefetch=_int("PREFETCH", 10),
        work_delay=_float("WORK_DELAY_MS", 0) / 1000.0,
    )


def backoff_delay(attempt: int, initial: float, maximum: float) -> float:
    """The seed's schedule: attempt 0 waits `initial`, then doubling, capped at `maximum`."""
    return min(initial * (2 ** attempt), maximum)
