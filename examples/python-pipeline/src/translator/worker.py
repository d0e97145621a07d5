"""Translator: consumes job.downloaded, translates the text, stores it, publishes job.translated."""

from ..common.consuming_worker import ConsumingWorker, main
from ..common.documents import translate
from ..common.redis_client import RedisUnavailable


class Translator(ConsumingWorker):
    name = "translator"
    consumes = "job.downloaded"

    def handle(self, doc_id: str) -> None:
        text = self.redis.get_text("content", doc_id)
        if text is None:
            raise RedisUnavailable(f"no content stored for job {doc_id}")
        self.redis.save_text("translation", doc_id, translate(text))
        self.redis.update_phase(doc_id, "translated")
        self.publisher.publish_event("job.translated", {"id": doc_id})
        self.log.info("Job %s translated", doc_id)


if __name__ == "__main__":
    main(Translator)
