"""The Dask engine: partitions of each ingest batch analysed on a Dask cluster, results through Parquet shards.

An :data:`~detente.pipeline.ingest.Analyser` like the local pool, so the ingest job (reading, cleaning, the
duplicate rules, failures, batches, the one writer) is the same for every engine. Each batch's documents are cut
into partitions; a worker analyses a partition with the run's corpus memory and writes its shard
(:mod:`detente.pipeline.shards`) under the run's shard directory; this process reads each shard back, in input
order, and the ingest job writes the results through the store's sink. The store therefore holds exactly what
the shards hold, and the shards stay behind as a Parquet dataset of the run. Workers and this process must
reach the shard directory at the same path (one machine, a shared filesystem, or an fsspec URL).

Corpus memory is read once at the start of the run (as for the local pool) and sent to the workers once, so
what a document teaches never depends on the partition or worker that saw it. Dask is imported only here, and
only when a run starts.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from detente.core.errors import QueryError, WorkerError
from detente.intake.prepare import Document
from detente.pipeline.analyse import Memory
from detente.pipeline.results import DocResult
from detente.pipeline.shards import ShardInfo, read_shard

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["PARTITION_SIZE", "DaskAnalyser", "require_dask"]

logger = logging.getLogger(__name__)

#: Documents per partition (one task, one shard): enough for spaCy's batching, small enough to balance the load.
PARTITION_SIZE = 8
#: Seconds to wait for a scheduler given by address.
CONNECT_TIMEOUT = 30


def require_dask() -> None:
    """Fail with the install command when ``dask[distributed]`` is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise QueryError("engine", "the dask engine needs dask[distributed]: pip install 'detente[dask]'") from None


class DaskAnalyser:
    """An ingest analyser over a Dask cluster: the scheduler at ``scheduler``, else a ``LocalCluster`` of
    ``workers`` processes with one thread each. Use it as a context manager; the cluster is reached at the
    first batch that has documents to analyse (a re-run of stored input starts nothing)."""

    def __init__(self, *, shards: str, workers: int = 1, scheduler: str | None = None,
                 partition_size: int = PARTITION_SIZE) -> None:
        self.shards = shards
        self.workers = workers
        self.scheduler = scheduler
        self.partition_size = partition_size
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._memory: tuple[Memory, Any] | None = None
        self._batches = 0

    def __enter__(self) -> DaskAnalyser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        self._memory = None

    def _connect(self) -> Client:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        from detente.pipeline.dask_worker import PipelinePlugin

        if self.scheduler:
            logger.info("connecting to the Dask scheduler at %s", self.scheduler)
            try:
                client = Client(self.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as error:
                raise WorkerError(f"cannot reach the Dask scheduler at {self.scheduler}: {error}") from error
        else:
            logger.info("starting a local Dask cluster of %d worker processes", self.workers)
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.WARNING)
            client = Client(self._cluster)
        environment = {n: v for n, v in os.environ.items() if n.startswith("DETENTE_")}
        client.register_plugin(PipelinePlugin(environment))
        self._client = client
        return client

    def _memory_on_cluster(self, client: Client, memory: Memory) -> Any:
        """The run's memory, sent to the workers once (the ingest job passes the same object every batch)."""
        if self._memory is None or self._memory[0] is not memory:
            [future] = client.scatter([dict(memory)], broadcast=True, hash=False)
            self._memory = (memory, future)
        return self._memory[1]

    def __call__(self, docs: Sequence[Document], memory: Memory) -> list[DocResult]:
        return self.submit(docs, memory).result()

    def submit(self, docs: Sequence[Document], memory: Memory) -> DaskBatch:
        """Queue a batch's partitions on the cluster and return at once: the workers analyse them while the
        ingest job writes the batch before (the job keeps a bounded number of batches in flight)."""
        if not docs:
            return DaskBatch([], [], [])
        from detente.pipeline.dask_worker import analyse_partition

        client = self._connect()
        remembered = self._memory_on_cluster(client, memory)
        size = self.partition_size
        parts = [list(docs[start:start + size]) for start in range(0, len(docs), size)]
        names = [f"part-{self._batches:05d}-{number:04d}" for number in range(len(parts))]
        self._batches += 1
        futures = [client.submit(analyse_partition, part, remembered, self.shards, name, pure=False)
                   for part, name in zip(parts, names, strict=True)]
        return DaskBatch(parts, names, futures)

    @staticmethod
    def _result(future: Any, name: str, part: list[Document]) -> ShardInfo:
        try:
            info = future.result()
        except Exception as error:  # noqa: BLE001  (the cluster's boundary: one clear error for the partition)
            ids = ", ".join(d.doc_id for d in part[:5]) + (f" and {len(part) - 5} more" if len(part) > 5 else "")
            raise WorkerError(f"Dask partition {name} failed (documents {ids}): "
                              f"{type(error).__name__}: {str(error)[:300]}") from error
        if not isinstance(info, ShardInfo):
            raise WorkerError(f"Dask partition {name}: a worker returned {type(info).__name__}, not a shard")
        return info


class DaskBatch:
    """One batch's partitions on the cluster; :meth:`result` reads their shards back in input order."""

    def __init__(self, parts: list[list[Document]], names: list[str], futures: list[Any]) -> None:
        self._parts, self._names, self._futures = parts, names, futures

    def result(self) -> list[DocResult]:
        results: list[DocResult] = []
        try:
            for part, name, future in zip(self._parts, self._names, self._futures, strict=True):
                results.extend(read_shard(DaskAnalyser._result(future, name, part)))
        finally:
            self.cancel()
        return results

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()


__all__ += ["DaskBatch", "local_inputs"]


@contextmanager
def local_inputs(paths: Sequence[str | Path]) -> Iterator[list[str | Path]]:
    """The input paths as the readers take them: a ``file://`` URL as its path, another fsspec URL (``s3://``,
    ``gs://``, ...; its filesystem package installed) copied to a temporary folder for the run."""
    with ExitStack() as stack:
        found: list[str | Path] = []
        for given in paths:
            text = str(given)
            if text.startswith("file://"):
                found.append(text.removeprefix("file://"))
            elif "://" in text:
                from fsspec.core import url_to_fs

                fs, path = url_to_fs(text)
                scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="detente-input-"))
                target = os.path.join(scratch, os.path.basename(path.rstrip("/")) or "input")
                logger.info("copying %s to %s", text, target)
                fs.get(path, target, recursive=fs.isdir(path))
                found.append(target)
            else:
                found.append(given)
        yield found
