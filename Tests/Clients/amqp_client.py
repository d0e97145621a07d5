"""An AMQP client as applications use it today: CLIENT=pika (pika from PyPI or Debian's
python3-pika) or CLIENT=kombu (kombu on py-amqp). Publishes a message every 0.05 s with publisher
confirms (pika) and consumes it with a manual ack, through AMQP_URL (the proxy). Logs plain text."""
import os
import signal
import sys
import time

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
url = os.environ["AMQP_URL"]
name = os.environ.get("NAME", "client")
queue = f"clients-{name}"


def with_pika():
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.queue_declare(queue=queue, durable=False, auto_delete=True)
    print(f"{name}: pika {pika.__version__} ready", flush=True)
    count = 0
    while True:
        count += 1
        channel.basic_publish("", queue, f"job {count}".encode())
        method, _, _ = channel.basic_get(queue)
        if method is not None:
            channel.basic_ack(method.delivery_tag)
        connection.process_data_events(0.05)


def with_kombu():
    import kombu

    with kombu.Connection(url) as connection:
        channel = connection.channel()
        target = kombu.Queue(queue, auto_delete=True, durable=False, channel=channel)
        target.declare()
        producer = kombu.Producer(channel, routing_key=queue)
        received = []
        consumer = kombu.Consumer(channel, [target], callbacks=[lambda body, message: (message.ack(),
                                                                                  received.append(body))])
        consumer.consume()
        print(f"{name}: kombu {kombu.__version__} ready", flush=True)
        count = 0
        while True:
            count += 1
            producer.publish(f"job {count}", serializer="json")
            try:
                connection.drain_events(timeout=0.1)
            except TimeoutError:
                pass
            time.sleep(0.05)


(with_kombu if os.environ.get("CLIENT") == "kombu" else with_pika)()
