"""Graceful shutdown: SIGTERM and SIGINT set a stop flag that every loop and backoff wait watches."""

import logging
import signal
import threading


def install(stop: threading.Event, log: logging.Logger) -> None:
    def request_stop(signum, _frame):
        log.info("Received %s, shutting down gracefully", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
