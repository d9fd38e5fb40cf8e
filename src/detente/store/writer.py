"""The store as an ingest :class:`~detente.pipeline.ingest.Sink`: each batch's documents and results in one
transaction, the file held only while a batch is checked or committed so that readers get in between."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from detente.core import settings
from detente.core.records import EventRecord
from detente.intake.prepare import Document
from detente.pipeline.analyse import Memory
from detente.pipeline.cluster import ClusterRecord, cluster_events, cluster_id, group_keys
from detente.pipeline.identity import Known
from detente.pipeline.ingest import IngestSummary
from detente.pipeline.results import DocResult
from detente.store import queries
from detente.store.db import Store

__all__ = ["StoreSink"]

logger = logging.getLogger(__name__)


class StoreSink:
    """Writes ingest batches into the store at a path, or into a :class:`Store` already open.

    Given a path, the sink opens the file for each read of what is stored and each batch's transaction, and
    closes it straight after: DuckDB locks every other process out while one holds the file, and a batch's
    parsing takes far longer than its commit, so the web app and the query commands read between batches.
    (One ingest at a time is kept by :func:`detente.store.runlock.ingest_lock`.) Given an open store, the
    caller keeps it for the whole run."""

    def __init__(self, db: str | Path | Store) -> None:
        self._db = db
        self._clusters_checked = False
        if not isinstance(db, Store):
            Store(db).close()  # create or migrate now, and fail now on a file that is not a store

    @contextmanager
    def _store(self) -> Iterator[Store]:
        if isinstance(self._db, Store):
            yield self._db
            return
        with Store(self._db) as store:
            store.limit(memory=settings.get("ingest_memory"), threads=1)
            yield store

    def memory(self) -> Memory:
        with self._store() as store:
            return store.role_memory()

    def known(self, doc_ids: Sequence[str], hashes: Sequence[str]) -> Known:
        with self._store() as store:
            return store.known(doc_ids, hashes)

    def stored(self, doc_ids: Sequence[str]) -> list[Document]:
        """Stored documents as they were prepared (what analysing one again needs), in the order given."""
        with self._store() as store:
            rows = store.document_rows(doc_ids)
        return [Document(doc_id=r["doc_id"], text=r["clean_text"] or "", published=r["published"],
                         published_from=r["published_from"], title=r["title"], url=r["url"], source=r["source"],
                         origin=r["origin"] or "", line=r["line"], format=r["format"] or "txt",
                         raw_text=r["raw_text"] or "", content_hash=r["content_hash"] or "",
                         language=r["language"] or "en", status=r["status"], metadata=r["metadata"],
                         encoding=r["encoding"], warnings=r["warnings"]) for r in rows]

    def write(self, documents: Sequence[Document], results: Sequence[DocResult], *, run_id: str = "",
              failures: Sequence[tuple[str, int | None, str]] = (), analysed: bool = True,
              replace: Sequence[str] = (), completed: Sequence[Document] = ()) -> None:
        """Write a batch in one transaction: ``documents`` (``analysed``: their events were extracted) with
        ``results``; the stored documents of ids in ``replace`` and all they gave are deleted first, and the
        ``completed`` stored documents (analysed now) get their results and status."""
        with self._store() as store:
            self._write(store, documents, results, run_id=run_id, failures=failures, analysed=analysed,
                        replace=replace, completed=completed)
        self._clusters_checked = True

    def _write(self, store: Store, documents: Sequence[Document], results: Sequence[DocResult], *, run_id: str,
               failures: Sequence[tuple[str, int | None, str]], analysed: bool, replace: Sequence[str],
               completed: Sequence[Document]) -> None:
        with store.transaction():
            for path, line, reason in failures:
                store.record_failure(run_id, path, line, reason)
            # A store written before clusters existed is clustered in full once, at its first batch.
            rebuild = not self._clusters_checked and queries.unclustered_events(store) > 0
            # What a replaced document gave goes with it, and what a completed one has is written again whole.
            stale = [*store.delete_analysis(replace, documents=True),
                     *store.delete_analysis([d.doc_id for d in completed])]
            if replace:
                logger.info("replacing %d stored documents with their new versions", len(replace))
            store.insert_documents([{**doc.row(), "events_extracted": analysed} for doc in documents])
            store.mark_extracted([(doc.doc_id, doc.status) for doc in completed])
            # One statement per table per batch: row-by-row inserts cost more than the parsing.
            store.insert_mentions([m for r in results for m in r.mentions])
            store.remember_roles([(s["name"], s["code"], s["sector"], "", r.published, s["doc_id"], s["evidence"])
                                  for r in results for s in r.roles])
            store.insert_events([e for r in results for e in r.events])
            store.insert_quotes([(q, r.published) for r in results for q in r.quotes])
            store.insert_claims([(c, r.published) for r in results for c in r.claims])
            events = [e for r in results for e in r.events]
            if rebuild:
                rebuild_clusters(store, transaction=False)
            else:
                update_clusters(store, events, {doc.doc_id: _document_info(doc) for doc in [*documents, *completed]},
                                extra_groups=stale)

    def finish(self, summary: IngestSummary, *, started: datetime, finished: datetime, paths: list[str]) -> None:
        with self._store() as store, store.transaction():  # failures are written with their batches
            store.record_run(summary.run_id, started, finished, paths, summary.as_dict())


# -- event clusters (detente.pipeline.cluster), written with the batch's events -------------------------------------

__all__ += ["CLUSTER_CHUNK_EVENTS", "rebuild_clusters", "update_clusters"]


def _document_info(doc: Document) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "source": doc.source, "url": doc.url, "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None}


#: Stored events re-clustered together, at most (unless one group alone has more): a batch's touched groups are
#: taken a few at a time, so what one commit holds in memory is bounded by its largest group, not the store.
CLUSTER_CHUNK_EVENTS = 2000


def update_clusters(store: Store, events: Sequence[EventRecord], documents: Mapping[str, Mapping[str, Any]], *,
                    extra_groups: Sequence[str] = ()) -> int:
    """Re-cluster the groups the new ``events`` belong to, and ``extra_groups`` (those of events just deleted),
    with every stored event of those groups.

    Run inside the transaction that stored the events (the store holds them already). Only touched groups are
    recomputed, and each from all of its events, so the result is the clustering of the whole store. Groups
    are independent, so they are recomputed in chunks of about :data:`CLUSTER_CHUNK_EVENTS` stored events.
    Returns the number of clusters written."""
    keys = sorted({key for event in events for key in group_keys(event)} | set(extra_groups))
    if not keys:
        return 0
    fresh: dict[str, list[EventRecord]] = {}
    for event in events:
        for key in group_keys(event):
            fresh.setdefault(key, []).append(event)
    new_ids = {str(e["event_id"]) for e in events}
    stale = set(extra_groups)
    written = 0
    for chunk in _chunks(keys, queries.cluster_group_sizes(store, keys), CLUSTER_CHUNK_EVENTS):
        stored = [e for e in queries.cluster_group_events(store, chunk) if str(e["event_id"]) not in new_ids]
        docs = queries.document_info(store, sorted({str(e["doc_id"]) for e in stored} - set(documents)))
        new = list({str(e["event_id"]): e for key in chunk for e in fresh.get(key, [])}.values())
        # A cluster of stored events only, with the members of a stored cluster, is that cluster as stored (its
        # events and their documents are as they were: a replaced document's events come back as new ones). Not
        # in a group that lost events: a cluster's remaining members may match while its record does not.
        before = queries.cluster_member_sets(store, chunk)
        kept: set[str] = set()

        def unchanged(key: str, ids: list[str], before: dict[str, frozenset[str]] = before,
                      kept: set[str] = kept) -> bool:
            found = cluster_id(key, ids[0])
            if key not in stale and before.get(found) == frozenset(ids) and new_ids.isdisjoint(ids):
                kept.add(found)
                return True
            return False

        clusters = cluster_events([*stored, *new], {**docs, **documents}, groups=chunk, skip=unchanged)
        _replace_clusters(store, chunk, clusters, kept=kept, fresh=new_ids)
        written += len(clusters) + len(kept)
    return written


def _chunks(keys: Sequence[str], sizes: Mapping[str, int], most: int) -> Iterator[list[str]]:
    """``keys`` in order, cut into runs whose stored sizes add up to at most ``most`` (a larger group alone)."""
    chunk: list[str] = []
    total = 0
    for key in keys:
        size = sizes.get(key, 0)
        if chunk and total + size > most:
            yield chunk
            chunk, total = [], 0
        chunk.append(key)
        total += size
    if chunk:
        yield chunk


def rebuild_clusters(store: Store, *, transaction: bool = True) -> int:
    """Cluster every stored event from scratch (a store from before clusters, or a check); returns the count."""
    if transaction:
        with store.transaction():
            return rebuild_clusters(store, transaction=False)
    clusters = cluster_events(queries.all_event_records(store), queries.document_info(store))
    _replace_clusters(store, None, clusters)
    logger.info("clustered %s from scratch: %d clusters", store.path, len(clusters))
    return len(clusters)


def _replace_clusters(store: Store, keys: Sequence[str] | None, clusters: Sequence[ClusterRecord], *,
                      kept: set[str] | frozenset[str] = frozenset(),
                      fresh: set[str] | frozenset[str] = frozenset()) -> None:
    """Make the stored clusters of ``keys`` (None: all) ``clusters`` and ``kept`` (ids of stored clusters known
    to be unchanged), with their members; ``fresh``: the ids of the events just stored.

    For given groups only the clusters that differ from the stored ones are deleted and written (compared by an
    MD5 of the stored record, computed by DuckDB, so the records are not read into Python): most clusters of a
    touched group do not change with a batch, and rewriting them made every commit write the whole group."""
    con = store.con
    records = {c["cluster_id"]: json.dumps(c, ensure_ascii=False, default=str) for c in clusters}
    if keys is None:
        con.execute("DELETE FROM cluster_members")
        con.execute("DELETE FROM clusters")
        changed = list(clusters)
    else:
        stored = dict(con.execute("SELECT cluster_id, md5(record) FROM clusters WHERE group_key IN (SELECT unnest(?))",
                                  [list(keys)]).fetchall())
        digests = {i: hashlib.md5(r.encode()).hexdigest() for i, r in records.items()}  # noqa: S324 (no security)
        # a cluster with a new event is written whatever its digest: the event's member row is not stored (a
        # replaced document's rows went with it, even when its new version gives the same event)
        changed = [c for c in clusters if stored.get(c["cluster_id"]) != digests[c["cluster_id"]]
                   or any(m["event_id"] in fresh for m in c["members"])]
        rewritten = {c["cluster_id"] for c in changed}
        gone = sorted(i for i, digest in stored.items()
                      if i not in kept and (i in rewritten or digests.get(i) != digest))
        if gone:
            con.execute("DELETE FROM cluster_members WHERE cluster_id IN (SELECT unnest(?))", [gone])
            con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [gone])
    rows, members = [], []
    for c in changed:
        rows.append([
            c["cluster_id"], c["group_key"], c["event_type"], c["mode"], c["status"],
            json.dumps(c["source"], ensure_ascii=False), json.dumps(c["target"], ensure_ascii=False),
            [a["code"] for a in c["source"] if a.get("code")], [a["code"] for a in c["target"] if a.get("code")],
            c["date"], c["date_precision"], c["evidence"], c["event_id"], c["doc_id"], c["confidence"], c["cameo"],
            c["plover_score"], c["quad_class"], c["num_mentions"], c["num_articles"], c["num_sources"],
            c["first_doc_id"], c["first_published"], c["first_url"], records[c["cluster_id"]]])
        members += [[c["cluster_id"], m["event_id"], m["doc_id"], c["group_key"], m["published"], m["publisher"]]
                    for m in c["members"]]
    store.insert_rows("clusters", rows)
    store.insert_rows("cluster_members", members)
