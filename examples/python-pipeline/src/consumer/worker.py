"""Consumer: consumes job.translated, verifies the checksum, marks the job done and counts its completion.

Like the seed's, it has no de-duplication: a redelivered message completes its job again.
"""

from ..common.consuming_worker import ConsumingWorker, main
from ..common.documents import checksum
from ..common.redis_client import RedisUnavailable


class Consumer(ConsumingWorker):
    name = "consumer"
    consumes = "job.translated"

    def handle(self, doc_id: str) -> None:
        translation = self.redis.get_text("translation", doc_id)
        job = self.redis.get_job(doc_id)
        if translation is None or not job:
            raise RedisUnavailable(f"job {doc_id} or its translation is missing")
        if checksum(translation) != job.get("checksum"):
            self.log.error("Checksum mismatch for job %s", doc_id)
        completions = self.redis.record_completion(doc_id)
        self.log.info("Job %s completed (completions: %d)", doc_id, completions)


if __name__ == "__main__":
    main(Consumer)
