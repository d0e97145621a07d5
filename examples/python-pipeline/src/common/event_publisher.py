"""The seed's event publisher: ensure_connected() before publishing, reconnect on failure, retry once.

Its own RabbitMQ connection and channel (publisher confirms on, persistent messages). A flag
prevents concurrent reconnection attempts.
"""

import json
import logging
import threading
import time
from typing import Optional

import pika
import pika.exceptions

from .config import Settings, backoff_delay
from .rabbitmq import declare_exchange, open_connection

log = logging.getLogger("event_publisher")


class EventPublisher:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.connection: Optional[pika.BlockingConnection] = None
        self.channel = None
        self._reconnecting = False
        self._lock = threading.Lock()

    def connect(self) -> None:
        connection = open_connection(self.settings)
        channel = connection.channel()
        channel.confirm_delivery()
        declare_exchange(channel, self.settings)
        self.connection, self.channel = connection, channel
        log.info("Event publisher connected to RabbitMQ")

    def disconnect(self) -> None:
        if self.connection is not None:
            try:
                if self.connection.is_open:
                    self.connection.close()
            except Exception:
                pass
        self.connection, self.channel = None, None

    def _check_health(self) -> bool:
        return (
            self.connection is not None
            and self.connection.is_open
            and self.channel is not None
            and self.channel.is_open
        )

    def pump(self) -> None:
        """Lets the idle publisher connection answer heartbeats (pika's blocking connection needs it)."""
        if self._check_health():
            try:
                self.connection.process_data_events(time_limit=0)
            except Exception:
                pass

    def ensure_connected(self) -> bool:
        if self._check_health():
            return True
        return self._reconnect_with_backoff()

    def _reconnect_with_backoff(self) -> bool:
        with self._lock:
            if self._reconnecting:
                return False
            self._reconnecting = True
        try:
            self.disconnect()
            retries = self.settings.rabbitmq_reconnect_max_retries
            for attempt in range(retries):
                delay = backoff_delay(
                    attempt, self.settings.rabbitmq_reconnect_initial_delay, self.settings.rabbitmq_reconnect_max_delay
                )
                log.info("Event publisher reconnection attempt %d/%d in %.1fs", attempt + 1, retries, delay)
                time.sleep(delay)
                try:
                    self.connect()
                    log.info("Event publisher reconnection successful")
                    return True
                except Exception as error:
                    log.warning("Event publisher reconnection attempt %d/%d failed: %r", attempt + 1, retries, error)
            log.error("Event publisher reconnection failed after %d attempts", retries)
            return False
        finally:
            self._reconnecting = False

    def publish_event(self, routing_key: str, payload: dict, retry_on_failure: bool = True) -> None:
        if not self.ensure_connected():
            raise pika.exceptions.AMQPConnectionError("event publisher is not connected")
        try:
            self.channel.basic_publish(
                exchange=self.settings.exchange,
                routing_key=routing_key,
                body=json.dumps(payload),
                properties=pika.BasicProperties(delivery_mode=2, content_type="application/json"),
            )
        except pika.exceptions.AMQPError as error:
            log.error("Failed to publish event %s: %r", routing_key, error)
            if not retry_on_failure:
                raise
            log.info("Reconnecting event publisher and retrying once")
            self.disconnect()
            self.publish_event(routing_key, payload, retry_on_failure=False)
