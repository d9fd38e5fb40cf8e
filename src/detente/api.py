"""The Python API: a facade over the pipeline and the store. The CLI and the web app call these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.core import settings
from detente.core.errors import QueryError
from detente.core.records import EventRecord

if TYPE_CHECKING:
    import pandas as pd

    from detente.actors.model import KnownActor, Resolution
    from detente.pipeline.ingest import IngestSummary
    from detente.store.db import Store

# The store (DuckDB, pandas) and the ingest job (spaCy) are imported by the functions that use them, so that
# `detente extract` and `import detente.api` do not pay for the store's libraries (docs/PERFORMANCE.md).

__all__ = [
    "actors_kb",
    "correct_actor",
    "document",
    "documents",
    "export",
    "extract",
    "ingest",
    "list_actors",
    "list_claims",
    "list_clusters",
    "list_events",
    "list_places",
    "list_quotes",
    "resolve_actor",
    "sample_corpus",
]


def sample_corpus() -> Path:
    """Folder of the bundled sample corpus (written for Detente from public facts; CC0)."""
    return Path(str(resources.files("detente.data").joinpath("sample")))


def _db(db: str | Path | None) -> str:
    return str(db or settings.get("db"))


def _open(db: str | Path | None, *, read_only: bool = True) -> Store:
    from detente.store.db import Store

    return Store(_db(db), read_only=read_only)


def _paths(paths: str | Path | Iterable[str | Path]) -> list[str | Path]:
    """One path or several; anything else is a usage error (iterating a string would read its characters)."""
    if isinstance(paths, str | Path):
        return [paths]
    try:
        items = list(paths)
    except TypeError:
        raise QueryError("paths", f"expected a path or a list of paths, got {type(paths).__name__}") from None
    bad = [item for item in items if not isinstance(item, str | Path)]
    if bad:
        raise QueryError("paths", f"expected paths, got {type(bad[0]).__name__} {bad[0]!r}")
    return items


ENGINES = ("local", "dask")


def ingest(
    paths: str | Path | Iterable[str | Path],
    *,
    db: str | Path | None = None,
    field_map: dict[str, str] | None = None,
    events: bool = True,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    errors: str | Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    shards: str | Path | None = None,
    update: bool = False,
) -> IngestSummary:
    """Read files, directories or ``-`` into the store; with ``events`` also extract and store events; with
    ``errors`` write every failed, skipped and changed input (path, line, stage, reason) to that file as JSON Lines.

    A document id seen again with another text is reported as changed and the stored version kept; with
    ``update`` the new version replaces it, with its events, quotes and cluster memberships, in one transaction.
    With ``events``, stored documents that have no events yet (an ingest without events) get them.

    ``paths`` is one path or an iterable of them (a plain string is one path, never its characters). ``workers``
    processes parse and extract (default: the ``workers`` setting, else the machine's cores; 1: this process);
    this process alone writes the store, and the results are the same for any number of workers.

    ``engine="dask"`` analyses partitions on a Dask cluster instead: the scheduler at ``scheduler``, else a local
    cluster of ``workers`` processes. Workers write each partition's results as Parquet shards under
    ``shards/<run id>`` (default ``shards``: ``<db>.shards`` beside the store; local paths or fsspec URLs, which
    inputs may be too), and this process loads them into the store: the same rows as the local engine."""
    from detente.pipeline.ingest import analyse_in_process, write_errors
    from detente.pipeline.ingest import ingest as _ingest
    from detente.pipeline.parallel import ProcessAnalyser, resolve_workers
    from detente.store.runlock import ingest_lock
    from detente.store.writer import StoreSink

    if engine not in ENGINES:
        raise QueryError("engine", f"expected one of {', '.join(ENGINES)}, got {engine!r}")
    if engine != "dask" and (scheduler is not None or shards is not None):
        raise QueryError("scheduler" if scheduler is not None else "shards", "only with engine='dask'")
    paths = _paths(paths)
    count = resolve_workers(workers)
    path = _db(db)
    if engine == "dask":
        summary = _ingest_dask(paths, db=path, workers=count, scheduler=scheduler, shards=shards, events=events,
                               field_map=field_map, batch_size=batch_size, progress=progress, update=update)
    else:
        # The store file is held only while a batch is checked or committed (readers get in between); the ingest
        # lock keeps a second ingest out for the whole run.
        with ingest_lock(path), ProcessAnalyser(count) as pool:
            analyser = (pool if count > 1 else analyse_in_process) if events else None
            summary = _ingest(paths, sink=StoreSink(path), field_map=field_map, analyser=analyser,
                              batch_size=batch_size, progress=progress, update=update)
    if errors is not None:
        write_errors(summary, errors)
    return summary


def _ingest_dask(paths: list[str | Path], *, db: str, workers: int, scheduler: str | None,
                 shards: str | Path | None, events: bool, field_map: dict[str, str] | None,
                 batch_size: int | None, progress: Callable[[int], None] | None, update: bool) -> IngestSummary:
    from detente.pipeline.dask_engine import DaskAnalyser, local_inputs, require_dask
    from detente.pipeline.ingest import ingest as _ingest
    from detente.pipeline.ingest import new_run_id
    from detente.pipeline.shards import join
    from detente.store.runlock import ingest_lock
    from detente.store.writer import StoreSink

    require_dask()
    run_id = new_run_id()
    directory = join(str(shards or f"{db}.shards"), run_id)
    with ingest_lock(db), local_inputs(paths) as inputs, \
            DaskAnalyser(shards=directory, workers=workers, scheduler=scheduler) as cluster:
        return _ingest(inputs, sink=StoreSink(db), field_map=field_map, analyser=cluster if events else None,
                       batch_size=batch_size, progress=progress, run_id=run_id, update=update)


def documents(*, db: str | Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored documents, newest publication first."""
    from detente.store import queries

    with _open(db) as store:
        return queries.documents(store, limit=limit)


def document(doc_id: str, *, db: str | Path | None = None) -> dict[str, Any]:
    """One stored document with its cleaned text and the removals made by cleaning."""
    with _open(db) as store:
        return store.document(doc_id)


def extract(
    paths: str | Path | Iterable[str | Path],
    *,
    field_map: dict[str, str] | None = None,
    on_failure: Callable[[str], None] | None = None,
    workers: int | None = None,
    errors: str | Path | None = None,
    update: bool = False,
    summary: IngestSummary | None = None,
) -> Iterator[EventRecord]:
    """Stream event records for files, with no database. Unreadable inputs go to ``on_failure``; ``workers`` as
    for :func:`ingest` (records come in input order for any number).

    Repeated ids follow :func:`ingest`'s rules: the same text is a duplicate, another text is reported as changed
    and skipped, or with ``update`` analysed too (its records follow the earlier version's). ``summary`` (an
    :class:`IngestSummary`) is filled as the records are read; with ``errors`` the failed, skipped and changed
    inputs are written there as JSON Lines, as by :func:`ingest`, once the records are exhausted."""
    from detente.pipeline.extract import extract_paths
    from detente.pipeline.ingest import IngestSummary
    from detente.pipeline.parallel import resolve_workers

    run = summary if summary is not None else IngestSummary(run_id="extract")
    records = extract_paths(_paths(paths), field_map=field_map, on_failure=on_failure,
                            workers=resolve_workers(workers), summary=run, update=update)
    return records if errors is None else _then_write_errors(records, run, errors)


def _then_write_errors(records: Iterator[EventRecord], summary: IngestSummary,
                       errors: str | Path) -> Iterator[EventRecord]:
    from detente.pipeline.ingest import write_errors

    yield from records
    write_errors(summary, errors)


def list_events(
    *,
    db: str | Path | None = None,
    actor: str | None = None,
    actor_name: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    place: int | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Stored events, filtered: ``actor`` is a code (CHN) on either side, matched exactly; ``actor_name`` a name or
    words on either side ("Raab"); ``event_type`` and ``status`` case-insensitive; ``since``/``until`` YYYY[-MM[-DD]];
    ``place`` the GeoNames id and ``country`` the country code (UKR) of the event's location; ``limit`` None or 0
    for all. A filter that cannot mean anything raises :class:`QueryError`."""
    from detente.store import queries

    with _open(db) as store:
        return queries.events(store, actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                              until=until, status=status, doc_id=doc_id, place=place, country=country, limit=limit)


def list_places(
    *,
    db: str | Path | None = None,
    actor: str | None = None,
    actor_name: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    country: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Where stored events happened: one row per place (GeoNames id, or name within the country for regions
    GeoNames lacks) with its coordinates, precision, event and document counts and first and last date, most
    events first. Filters as :func:`list_events`; ``limit`` None or 0 for all. Events of a place:
    ``list_events(place=geonames_id)``."""
    from detente.store import queries

    with _open(db) as store:
        return queries.places(store, actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                              until=until, status=status, doc_id=doc_id, country=country, limit=limit)


def list_actors(*, db: str | Path | None = None, limit: int | None = None) -> pd.DataFrame:
    """Actors in the store with their mention counts."""
    from detente.store import queries

    with _open(db) as store:
        return queries.actors(store, limit=limit)


def resolve_actor(text: str, *, date: str | None = None, context: str | None = None) -> Resolution:
    """Resolve an actor phrase to code, sector and name on a date ("Boris Johnson", 2023 -> GBR/ELI), with the
    office and source the code comes from, or the candidates when several people share the name."""
    from detente.pipeline.actors import resolve_actor as _resolve

    return _resolve(text, date=date, context=context)


def actors_kb(country: str, *, date: str | None = None) -> list[KnownActor]:
    """What Detente knows for a state or organisation ("KAZ"): people and their offices with dates and sources,
    then parties, armed groups and institutions; with ``date``, what holds on that date."""
    from detente.pipeline.actors import actors_kb as _kb

    return _kb(country, date=date)


def correct_actor(name: str, *, code: str, sector: str, db: str | Path | None = None) -> None:
    """Record a user's correction in the corpus memory; it outranks what documents stated."""
    with _open(db, read_only=False) as store:
        store.correct_role(name, code.upper(), sector.upper())


def list_quotes(*, db: str | Path | None = None, speaker: str | None = None, code: str | None = None,
                since: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored quotes; ``speaker`` matches the speaker's name or words, ``code`` the speaker's code."""
    from detente.store import queries

    with _open(db) as store:
        return queries.quotes(store, speaker=speaker, code=code, since=since, limit=limit)


def list_claims(*, db: str | Path | None = None, code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Stored numeric claims with their claimants."""
    from detente.store import queries

    with _open(db) as store:
        return queries.claims(store, code=code, limit=limit)


def list_clusters(
    *,
    db: str | Path | None = None,
    actor: str | None = None,
    actor_name: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    min_articles: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Stored event clusters: one row per real-world event, with ``num_mentions``, ``num_articles`` and
    ``num_sources``. Filters as :func:`list_events` (on the cluster's canonical record; ``doc_id``: clusters
    with a report from that document); ``min_articles`` keeps events reported by at least that many documents."""
    from detente.store import queries

    with _open(db) as store:
        return queries.clusters(store, actor=actor, actor_name=actor_name, event_type=event_type, since=since,
                                until=until, status=status,
                                doc_id=doc_id, min_articles=min_articles, limit=limit)


def export(
    path: str | Path,
    *,
    format: str = "jsonl",
    what: str = "events",
    clusters: bool = False,
    db: str | Path | None = None,
    actor: str | None = None,
    actor_name: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
    doc_id: str | None = None,
    speaker: str | None = None,
    code: str | None = None,
    limit: int | None = None,
) -> int:
    """Write stored records to ``path`` in ``format`` (``jsonl``, ``csv``, ``parquet``, ``plover``, ``gdelt``, or a
    registered exporter); returns how many records (GDELT: rows) were written.

    ``what`` is ``events`` (default), ``clusters`` (``clusters=True`` says the same), ``quotes`` or ``claims``
    (jsonl, csv and parquet only). Events and clusters take the filters of :func:`list_events`; quotes take
    ``speaker``, ``code`` and ``since``; claims take ``code``."""
    from detente.pipeline.export import ExportError, export_records
    from detente.store import queries

    kind = "clusters" if clusters else what
    with _open(db) as store:
        event_clusters: dict[str, list[str]] = {}
        if kind in ("events", "clusters"):
            filters = dict(actor=actor, actor_name=actor_name, event_type=event_type, since=since, until=until,
                           status=status,
                           doc_id=doc_id, limit=limit)
            records = (queries.cluster_records(store, **filters) if kind == "clusters"
                       else queries.event_records(store, **filters))
            if kind == "events":
                event_clusters = queries.event_clusters(store, [r["event_id"] for r in records])
        elif kind == "quotes":
            records = queries.quote_records(store, speaker=speaker, code=code, since=since, limit=limit)
        elif kind == "claims":
            records = queries.claim_records(store, code=code, limit=limit)
        else:
            raise ExportError(f"cannot export {what!r}; choose events, clusters, quotes or claims")
        documents = queries.document_info(store, sorted({str(r.get("doc_id")) for r in records}))
    return export_records(records, path, format, kind=kind, documents=documents, clusters=event_clusters)
