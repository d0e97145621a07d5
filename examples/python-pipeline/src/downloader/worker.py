"""Downloader: consumes job.created, "downloads" the document, stores it, publishes job.downloaded."""

from ..common.consuming_worker import ConsumingWorker, main
from ..common.documents import download


class Downloader(ConsumingWorker):
    name = "downloader"
    consumes = "job.created"

    def handle(self, doc_id: str) -> None:
        text = download(doc_id)
        self.redis.save_text("content", doc_id, text)
        self.redis.update_phase(doc_id, "downloaded")
        self.publisher.publish_event("job.downloaded", {"id": doc_id})
        self.log.info("Job %s downloaded", doc_id)


if __name__ == "__main__":
    main(Downloader)
