"""Plain-text logging to stdout, one line per event (Python `logging`, no JSON)."""

import logging
import sys


def setup(worker: str) -> logging.Logger:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    return logging.getLogger(worker)
