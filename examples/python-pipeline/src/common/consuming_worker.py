"""The reconnection loop the seed gives the downloader and translator (and the consumer's loop).

- `while not should_stop`: connect (Redis + RabbitMQ + publisher), consume, and on a lost
  connection tear the stale connections down and reconnect after a backoff delay
  (3, 6, 12 … s capped at the max; doubled again after 3 consecutive failures).
- During consumption, every `rabbitmq_health_check_interval` seconds, both services are checked.
- Messages are acknowledged after their work is stored and the follow-up event published; a
  failure nacks them back to the queue.
- SIGTERM / SIGINT: stop consuming, let the message in hand finish, disconnect, exit 0.

Seed limitations kept: the first connection is made before the loop and is not retried (a worker
started while a service is down exits with the exception); a message that was being processed when
its connection died is delivered again and processed again (no de-duplication).
"""

import json
import sys
import threading
import time

import pika
import pika.exceptions
import redis

from . import config, log as logsetup, shutdown
from .config import backoff_delay
from .event_publisher import EventPublisher
from .rabbitmq import declare_queue, open_connection
from .redis_client import RedisClient, RedisUnavailable

CONNECTION_ERRORS = (
    pika.exceptions.AMQPError,
    redis.ConnectionError,
    redis.TimeoutError,
    RedisUnavailable,
    ConnectionError,
    OSError,
)
PROCESSING_ERRORS = (redis.ConnectionError, redis.TimeoutError, RedisUnavailable, pika.exceptions.AMQPError)


class ConnectionLost(Exception):
    pass


class ConsumingWorker:
    name = "worker"
    consumes = ""

    def __init__(self):
        self.settings = config.load()
        self.log = logsetup.setup(self.name)
        self.stop = threading.Event()
        self.redis = RedisClient(self.settings, self.stop)
        self.publisher = EventPublisher(self.settings)
        self.connection = None
        self.channel = None
        self.queue = ""

    # -- the work ---------------------------------------------------------------------------

    def handle(self, doc_id: str) -> None:
        raise NotImplementedError

    def _on_message(self, channel, method, _properties, body) -> None:
        try:
            doc_id = json.loads(body)["id"]
        except (ValueError, KeyError, TypeError):
            self.log.error("Discarding malformed message: %r", body[:200])
            channel.basic_ack(method.delivery_tag)
            return
        if method.redelivered:
            self.log.info("Message for job %s redelivered", doc_id)
        try:
            if self.settings.work_delay > 0:
                time.sleep(self.settings.work_delay)
            self.handle(doc_id)
        except PROCESSING_ERRORS as error:
            self.log.error("Failed to process job %s: %s; requeueing", doc_id, error)
            channel.basic_nack(method.delivery_tag, requeue=True)
            return
        channel.basic_ack(method.delivery_tag)

    # -- connections ------------------------------------------------------------------------

    def connect_services(self) -> None:
        if self.redis.client is None:
            self.redis.connect()
        elif not self.redis.ensure_connected():
            raise RedisUnavailable("Redis is not available")
        self.publisher.connect()
        self.connection = open_connection(self.settings)
        self.channel = self.connection.channel()
        self.channel.basic_qos(prefetch_count=self.settings.prefetch)
        self.queue = declare_queue(self.channel, self.settings, self.name, self.consumes)
        self.channel.basic_consume(queue=self.queue, on_message_callback=self._on_message, auto_ack=False)
        self.log.info("Connected to RabbitMQ, consuming from %s", self.queue)

    def cleanup_connections(self) -> None:
        for closeable in (self.connection,):
            try:
                if closeable is not None and closeable.is_open:
                    closeable.close()
            except Exception:
                pass
        self.connection, self.channel = None, None
        self.publisher.disconnect()

    def is_healthy(self) -> bool:
        rabbit_ok = (
            self.connection is not None
            and self.connection.is_open
            and self.channel is not None
            and self.channel.is_open
        )
        if not rabbit_ok:
            self.log.warning("RabbitMQ health check failed")
            return False
        return self.redis.ensure_connected()

    def consume(self) -> None:
        last_check = time.monotonic()
        while not self.stop.is_set():
            self.connection.process_data_events(time_limit=1)
            self.publisher.pump()
            if time.monotonic() - last_check >= self.settings.rabbitmq_health_check_interval:
                last_check = time.monotonic()
                if not self.is_healthy():
                    raise ConnectionLost("health check failed")

    # -- the loop ---------------------------------------------------------------------------

    def run(self) -> int:
        shutdown.install(self.stop, self.log)
        self.log.info("Starting %s worker", self.name)
        self.connect_services()  # seed limitation 1: not retried; an exception here ends the process
        consecutive_failures = 0
        connected = True
        while not self.stop.is_set():
            try:
                if not connected:
                    self.connect_services()
                    connected = True
                    self.log.info("RabbitMQ reconnection successful, resuming message consumption")
                consecutive_failures = 0
                self.consume()
            except (ConnectionLost, *CONNECTION_ERRORS) as error:
                if self.stop.is_set():
                    break
                if connected:
                    self.log.warning("RabbitMQ connection lost, reconnecting... (%r)", error)
                else:
                    self.log.warning("Reconnection failed: %r", error)
                connected = False
                self.cleanup_connections()
                consecutive_failures += 1
                if consecutive_failures > self.settings.rabbitmq_reconnect_max_retries:
                    self.log.error("Giving up after %d consecutive reconnection failures", consecutive_failures - 1)
                    self.shutdown()
                    return 1
                delay = backoff_delay(
                    consecutive_failures - 1,
                    self.settings.rabbitmq_reconnect_initial_delay,
                    self.settings.rabbitmq_reconnect_max_delay,
                )
                if consecutive_failures >= 3:
                    delay *= 2
                self.log.info("Reconnecting in %.1fs (consecutive failures: %d)", delay, consecutive_failures)
                self.stop.wait(delay)
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        self.log.info("Stopping message consumption")
        try:
            if self.channel is not None and self.channel.is_open:
                self.channel.stop_consuming()
                self.channel.close()  # unacknowledged prefetched messages go back to the queue
        except Exception:
            pass
        self.log.info("Disconnecting from RabbitMQ")
        self.cleanup_connections()
        self.log.info("Disconnecting from Redis")
        self.redis.disconnect()
        self.log.info("Worker %s stopped", self.name)


def main(worker_class) -> None:
    sys.exit(worker_class().run())
