"""What runs on a Dask worker: the pipeline loaded once per worker process, and the partition task.

Imported only by :mod:`detente.pipeline.dask_engine` once a Dask run starts (and by the workers when they
unpickle the task), never by ``import detente``: it imports ``distributed`` at the top.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

from distributed import WorkerPlugin

from detente.intake.prepare import Document
from detente.pipeline.analyse import Item, Memory, analyze_docs
from detente.pipeline.shards import ShardInfo, write_shard

__all__ = ["PipelinePlugin", "analyse_partition"]

logger = logging.getLogger(__name__)


class PipelinePlugin(WorkerPlugin):
    """Gives each worker the driver's ``DETENTE_*`` settings (a remote worker has none of them) and loads the
    pipeline when the worker starts, so that no task pays for it; ``load_pipeline`` is cached per process."""

    name = "detente-pipeline"

    def __init__(self, environment: dict[str, str]) -> None:
        self.environment = environment

    def setup(self, worker: Any) -> None:
        from detente.nlp.pipeline import load_pipeline

        for name in [n for n in os.environ if n.startswith("DETENTE_")]:
            del os.environ[name]
        os.environ.update(self.environment)
        load_pipeline.cache_clear()  # settings may have changed since this process first loaded it
        load_pipeline()
        logger.info("worker %s: pipeline loaded", getattr(worker, "address", "?"))


def analyse_partition(documents: Sequence[Document], memory: Memory, directory: str, name: str) -> ShardInfo:
    """Analyse one partition with the run's corpus memory and write its shard; returns where it is."""
    items = [Item(d.doc_id, d.text, d.published, d.url, d.source) for d in documents]
    results = list(analyze_docs(items, memory=memory))
    return write_shard(directory, name, documents, results)
