"""Every local core: the pipeline in a pool of worker processes, the main process the one writer.

Each worker loads the pipeline once (the pool's initializer) and analyses documents sent in chunks, with the
run's corpus memory; it returns :class:`DocResult` plain records, which the main process takes in input order.
Every document is analysed on its own with the memory read at the start of the run, so the results are those
of the in-process analyser for any number of workers.

Workers return records, not Docs: spaCy's ``nlp.pipe(n_process=N)`` sends every parsed Doc back to the main
process and was slower (docs/PERFORMANCE.md, "Throughput").
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from types import TracebackType
from typing import Any

from detente.core import settings
from detente.core.errors import QueryError, WorkerError
from detente.intake.prepare import Document
from detente.pipeline.analyse import Item, Memory, analyze_docs
from detente.pipeline.results import DocResult

__all__ = ["CHUNK_SIZE", "BatchFuture", "ProcessAnalyser", "analyse_items", "resolve_workers"]

logger = logging.getLogger(__name__)

#: Documents per task sent to a worker: large enough for spaCy's batching, small enough to balance the load.
CHUNK_SIZE = 8
#: Fewer documents than this are analysed in the calling process: starting workers (each loads spaCy, about
#: two seconds) would cost more than it saves.
POOL_MIN_DOCS = 4 * CHUNK_SIZE


def resolve_workers(workers: int | None = None) -> int:
    """The number of worker processes: ``workers``, else the ``workers`` setting, else the machine's cores."""
    if workers is None:
        value = settings.get("workers").strip()
        if not value:
            return _cores()
        try:
            workers = int(value)
        except ValueError:
            raise QueryError("DETENTE_WORKERS", f"expected a whole number of processes, got {value!r}") from None
    if workers < 1:
        raise QueryError("workers", f"expected at least 1 process, got {workers}")
    return workers


def _cores() -> int:
    """Cores this process may use (its CPU affinity where the platform tells it)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


# -- in the worker ------------------------------------------------------------------------------------------------

def _start_worker(environment: dict[str, str]) -> None:
    """Initializer: take the caller's DETENTE_* settings (a forkserver was started earlier, with older ones),
    then load the pipeline once."""
    from detente.nlp.pipeline import load_pipeline

    for name in [n for n in os.environ if n.startswith("DETENTE_")]:
        del os.environ[name]
    os.environ.update(environment)
    load_pipeline()


def _analyse_chunk(items: list[Item], options: dict[str, Any]) -> list[DocResult]:
    return list(analyze_docs(items, **options))


# -- in the main process -------------------------------------------------------------------------------------------

class ProcessAnalyser:
    """An ingest :data:`~detente.pipeline.ingest.Analyser` over ``workers`` processes; use it as a context
    manager (the pool starts at the first call that has enough documents, and stops on exit)."""

    def __init__(self, workers: int, *, chunk_size: int = CHUNK_SIZE) -> None:
        self.workers = workers
        self.chunk_size = chunk_size
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessAnalyser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __call__(self, docs: Sequence[Document], memory: Memory) -> list[DocResult]:
        return self.submit(docs, memory).result()

    def submit(self, docs: Sequence[Document], memory: Memory) -> BatchFuture:
        """Start analysing a batch (all its chunks queued in the pool) and return at once, so that the caller
        writes the batch before while the workers parse this one. A batch too small to be worth starting the
        workers for is analysed here, now."""
        items = [Item(d.doc_id, d.text, d.published, d.url, d.source) for d in docs]
        options: dict[str, Any] = {"memory": dict(memory or {}), "extra_actors": {}, "partial_events": False}
        if self._pool is None and len(items) < POOL_MIN_DOCS:
            # here a long text's pieces are parsed on every worker's core (as in :meth:`map`)
            return BatchFuture([], list(analyze_docs(items, **options, piece_workers=self.workers)))
        pool = self._start()
        try:
            futures = [pool.submit(_analyse_chunk, items[start:start + self.chunk_size], options)
                       for start in range(0, len(items), self.chunk_size)]
        except BrokenProcessPool as error:
            self._pool = None
            raise WorkerError(f"a worker process died ({error}); was it out of memory?") from error
        return BatchFuture(futures)

    def map(self, items: Iterable[Item], *, memory: Memory | None = None,
            extra_actors: Mapping[str, tuple[str, str | None]] | None = None,
            partial_events: bool = False) -> Iterator[DocResult]:
        """Results of ``items``, in input order, at most a few chunks per worker in flight (memory stays flat
        whatever the input's length)."""
        options: dict[str, Any] = {"memory": dict(memory or {}), "extra_actors": dict(extra_actors or {}),
                                   "partial_events": partial_events}
        stream = iter(items)
        head = list(islice(stream, POOL_MIN_DOCS))
        if self._pool is None and len(head) < POOL_MIN_DOCS:
            # here a long text's pieces are parsed on every worker's core (in the pool, one core each)
            yield from analyze_docs(head, **options, piece_workers=self.workers)
            return
        pool = self._start()
        pending: deque[Future[list[DocResult]]] = deque()
        chunks = _chunks(head, stream, self.chunk_size)
        try:
            for chunk in chunks:
                pending.append(pool.submit(_analyse_chunk, chunk, options))
                if len(pending) >= 3 * self.workers:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except BrokenProcessPool as error:
            self._pool = None
            raise WorkerError(f"a worker process died ({error}); was it out of memory?") from error
        finally:
            for future in pending:
                future.cancel()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            environment = {n: v for n, v in os.environ.items() if n.startswith("DETENTE_")}
            logger.info("starting %d worker processes (%s)", self.workers, method)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(method),
                                             initializer=_start_worker, initargs=(environment,))
        return self._pool


class BatchFuture:
    """One batch's chunks in the pool; :meth:`result` waits for them and gives the results in input order."""

    def __init__(self, futures: list[Future[list[DocResult]]], done: list[DocResult] | None = None) -> None:
        self._futures = futures
        self._done = done or []

    def result(self) -> list[DocResult]:
        found = list(self._done)
        try:
            for future in self._futures:
                found.extend(future.result())
        except BrokenProcessPool as error:
            raise WorkerError(f"a worker process died ({error}); was it out of memory?") from error
        return found

    def cancel(self) -> None:
        for future in self._futures:
            future.cancel()


def _chunks(head: list[Item], rest: Iterator[Item], size: int) -> Iterator[list[Item]]:
    for start in range(0, len(head), size):
        yield head[start:start + size]
    while chunk := list(islice(rest, size)):
        yield chunk


def analyse_items(items: Iterable[Item], *, workers: int = 1, memory: Memory | None = None,
                  extra_actors: Mapping[str, tuple[str, str | None]] | None = None,
                  partial_events: bool = False) -> Iterator[DocResult]:
    """Results of ``items`` in input order, in this process (``workers=1``) or in a pool of ``workers``."""
    if workers <= 1:
        yield from analyze_docs(items, memory=memory, extra_actors=extra_actors, partial_events=partial_events)
        return
    with ProcessAnalyser(workers) as analyser:
        yield from analyser.map(items, memory=memory, extra_actors=extra_actors, partial_events=partial_events)
