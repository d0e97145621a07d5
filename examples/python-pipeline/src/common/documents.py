"""The pipeline's deterministic "work": what a document contains and how it is translated."""

import hashlib


def download(doc_id: str) -> str:
    return f"document {doc_id}: " + " ".join(f"word{(i * 7 + len(doc_id)) % 13}" for i in range(20))


def translate(text: str) -> str:
    return text.upper()


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
