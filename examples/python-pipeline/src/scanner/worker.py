"""Scanner: takes new documents from the inbox (Redis list `{prefix}inbox`), creates their jobs and
publishes job.created. Periodic health checks of both services in its main loop.

Seed limitation 1: Redis and RabbitMQ must be there when it starts; otherwise it exits.
"""

import sys
import threading
import time

import pika.exceptions
import redis

from ..common import config, log as logsetup, shutdown
from ..common.documents import checksum, download, translate
from ..common.event_publisher import EventPublisher
from ..common.redis_client import RedisClient, RedisUnavailable

ERRORS = (redis.ConnectionError, redis.TimeoutError, RedisUnavailable, pika.exceptions.AMQPError)


class Scanner:
    name = "scanner"

    def __init__(self):
        self.settings = config.load()
        self.log = logsetup.setup(self.name)
        self.stop = threading.Event()
        self.redis = RedisClient(self.settings, self.stop)
        self.publisher = EventPublisher(self.settings)

    def health_check(self) -> None:
        if not self.redis.ensure_connected():
            self.log.warning("Scanner health check: Redis unavailable")
        if not self.publisher._check_health():
            self.log.warning("RabbitMQ health check failed")
        if not self.publisher.ensure_connected():
            self.log.warning("Scanner health check: RabbitMQ unavailable")

    def create_job(self, doc_id: str) -> None:
        expected = checksum(translate(download(doc_id)))
        self.redis.save_job(
            doc_id, {"id": doc_id, "phase": "created", "attempts": 0, "checksum": expected, "created_at": time.time()}
        )
        self.publisher.publish_event("job.created", {"id": doc_id})
        self.log.info("Job %s created", doc_id)

    def run(self) -> int:
        shutdown.install(self.stop, self.log)
        self.log.info("Starting scanner worker")
        self.redis.connect()  # seed limitation 1: not retried
        self.publisher.connect()
        interval = min(self.settings.redis_health_check_interval, self.settings.rabbitmq_health_check_interval)
        last_check = time.monotonic()
        while not self.stop.is_set():
            if time.monotonic() - last_check >= interval:
                last_check = time.monotonic()
                self.health_check()
            try:
                doc_id = self.redis.pop_document()
            except ERRORS as error:
                self.log.error("Could not read the inbox: %s", error)
                self.stop.wait(0.5)
                continue
            if doc_id is None:
                self.publisher.pump()
                self.stop.wait(0.1)
                continue
            try:
                self.create_job(doc_id)
            except ERRORS as error:
                self.log.error("Failed to create job %s: %s", doc_id, error)
                try:
                    self.redis.return_document(doc_id)
                    self.log.info("Document %s returned to the inbox", doc_id)
                except ERRORS as again:
                    self.log.error("Document %s could not be returned to the inbox: %s", doc_id, again)
        self.log.info("Stopping scanner")
        self.log.info("Disconnecting from RabbitMQ")
        self.publisher.disconnect()
        self.log.info("Disconnecting from Redis")
        self.redis.disconnect()
        self.log.info("Worker scanner stopped")
        return 0


if __name__ == "__main__":
    sys.exit(Scanner().run())
