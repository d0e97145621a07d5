"""Opening a pika connection to RabbitMQ and declaring the pipeline's topology.

A durable topic exchange `{prefix}jobs`; one durable queue `{prefix}<worker>` per consuming
worker, bound to the event it consumes.
"""

import pika

from .config import Settings


def open_connection(settings: Settings) -> pika.BlockingConnection:
    params = pika.URLParameters(settings.rabbitmq_url)
    if settings.rabbitmq_heartbeat is not None:
        params.heartbeat = settings.rabbitmq_heartbeat
    params.connection_attempts = 1
    params.socket_timeout = 5
    params.blocked_connection_timeout = 30
    return pika.BlockingConnection(params)


def declare_exchange(channel, settings: Settings) -> None:
    channel.exchange_declare(exchange=settings.exchange, exchange_type="topic", durable=True)


def declare_queue(channel, settings: Settings, worker: str, routing_key: str) -> str:
    declare_exchange(channel, settings)
    queue = settings.queue(worker)
    channel.queue_declare(queue=queue, durable=True)
    channel.queue_bind(queue=queue, exchange=settings.exchange, routing_key=routing_key)
    return queue
