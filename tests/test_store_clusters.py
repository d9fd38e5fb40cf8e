"""Clusters in the store: written with each batch's events, incremental, and the same whatever the order, the
batches or the runs in which documents arrive; ``detente events --clusters`` and ``detente.list_clusters``."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from detente import api
from detente.cli import app
from detente.intake.prepare import Document
from detente.pipeline.ingest import ingest
from detente.pipeline.results import DocResult
from detente.store import queries, writer
from detente.store.db import Store
from detente.store.writer import StoreSink, rebuild_clusters

pytestmark = pytest.mark.usefixtures("detente_env")

STORIES = Path(__file__).parent / "data" / "clusters" / "documents.jsonl"
CLUSTER_COLUMNS = ["cluster_id", "date", "event_type", "mode", "status", "source", "target", "num_mentions",
                   "num_articles", "num_sources", "first_doc_id", "first_published", "first_url", "evidence",
                   "event_id", "doc_id", "confidence", "cameo", "plover_score", "quad_class"]


def _stories() -> list[dict]:
    return [json.loads(line) for line in STORIES.read_text("utf-8").splitlines() if line.strip()]


def _write(path: Path, docs: Sequence[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _state(db: Path) -> tuple[list[tuple], list[tuple]]:
    """Every stored cluster (id and full record) and every membership row, sorted."""
    with Store(db, read_only=True) as store:
        clusters = sorted(store.con.execute("SELECT cluster_id, record FROM clusters").fetchall())
        members = sorted(store.con.execute("SELECT * FROM cluster_members").fetchall())
    return [(i, json.loads(r)) for i, r in clusters], members


# -- the real pipeline on the stories set: order, batches and runs ---------------------------------------------

@pytest.fixture(scope="module")
def stories_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories")
    db = folder / "one.duckdb"
    detente.ingest([_write(folder / "all.jsonl", _stories())], db=db)
    return db


def test_clusters_same_in_another_order_and_in_two_runs(stories_store: Path, tmp_path: Path):
    docs = _stories()
    shuffled = docs[:]
    random.Random(16).shuffle(shuffled)
    other = tmp_path / "other.duckdb"
    # another order, small batches, two runs
    detente.ingest([_write(tmp_path / "first.jsonl", shuffled[:6])], db=other, batch_size=2)
    detente.ingest([_write(tmp_path / "second.jsonl", shuffled[6:])], db=other, batch_size=3)
    once, twice = _state(stories_store), _state(other)
    assert once[0], "the stories make clusters"
    assert [i for i, _ in once[0]] == [i for i, _ in twice[0]]
    assert once == twice


def test_ingesting_the_same_documents_again_changes_nothing(stories_store: Path, tmp_path: Path):
    before = _state(stories_store)
    summary = detente.ingest([_write(tmp_path / "again.jsonl", _stories())], db=stories_store)
    assert summary.new == 0
    assert _state(stories_store) == before


def test_stored_clusters_equal_a_rebuild_from_scratch(stories_store: Path, tmp_path: Path):
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(stories_store.read_bytes())
    before = _state(copy)
    with Store(copy) as store:
        rebuild_clusters(store)
    assert _state(copy) == before


@pytest.mark.parametrize("chunk", [1, 4, 10_000])
def test_groups_recomputed_in_chunks_give_the_clusters_of_a_rebuild(stories_store: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch, chunk: int):
    """A commit re-clusters its touched groups a few at a time (memory bounded by the chunk, not the store); the
    chunks' boundaries, an event in two groups (a compound side) among them, must not show in the clusters."""
    monkeypatch.setattr(writer, "CLUSTER_CHUNK_EVENTS", chunk)
    calls: list[int] = []
    real = queries.cluster_group_events

    def counting(store: Store, keys: list[str]) -> list[dict]:
        calls.append(len(keys))
        return real(store, keys)

    monkeypatch.setattr(queries, "cluster_group_events", counting)
    shuffled = _stories()
    random.Random(chunk).shuffle(shuffled)
    db = tmp_path / "chunked.duckdb"
    detente.ingest([_write(tmp_path / "shuffled.jsonl", shuffled)], db=db, batch_size=3)
    assert _state(db) == _state(stories_store)
    scratch = tmp_path / "scratch.duckdb"
    scratch.write_bytes(db.read_bytes())
    with Store(scratch) as store:
        rebuild_clusters(store)
    assert _state(scratch) == _state(db)
    batches = -(-len(shuffled) // 3)
    if chunk == 1:  # the touched groups of a commit were split over several queries
        assert len(calls) > batches
    else:
        assert chunk < 10_000 or len(calls) == batches


def test_replacing_a_document_gives_the_clusters_of_a_rebuild(stories_store: Path, tmp_path: Path):
    """A replaced document's events leave their clusters (whose other members are unchanged), and its new
    version's events join: the incremental update must equal clustering the store from scratch."""
    db = tmp_path / "replaced.duckdb"
    db.write_bytes(stories_store.read_bytes())
    docs = _stories()
    changed = [{**d, "text": d["text"].split(". ")[0] + "."} for d in docs[:3]]
    summary = detente.ingest([_write(tmp_path / "changed.jsonl", changed)], db=db, update=True, batch_size=2)
    assert summary.updated == 3
    assert _state(db) != _state(stories_store)
    scratch = tmp_path / "scratch.duckdb"
    scratch.write_bytes(db.read_bytes())
    with Store(scratch) as store:
        rebuild_clusters(store)
    assert _state(scratch) == _state(db)


def test_the_stories_make_multi_report_events(stories_store: Path):
    frame = api.list_clusters(db=stories_store, min_articles=2)
    assert list(frame.columns) == CLUSTER_COLUMNS
    assert len(frame) >= 4
    assert (frame["num_articles"] >= 2).all()
    assert (frame["num_sources"] <= frame["num_articles"]).all()
    consult = frame[(frame["event_type"] == "CONSULT") & (frame["date"] == "2023-06-19")]
    assert len(consult) == 1 and consult["num_articles"].iloc[0] >= 2
    # the Sunday talks with Qin Gang are another meeting of the same visit
    sunday = api.list_clusters(db=stories_store, event_type="consult", since="2023-06-18", until="2023-06-18")
    assert set(sunday["date"]) <= {"2023-06-18"}


def test_list_clusters_filters(stories_store: Path):
    everything = api.list_clusters(db=stories_store)
    assert len(everything) == len(set(everything["cluster_id"]))
    russia = api.list_clusters(db=stories_store, actor="RUS")
    assert len(russia) > 0
    assert all("RUS" in f"{s},{t}".split(",") for s, t in zip(russia["source"], russia["target"], strict=True))
    sanctions = api.list_clusters(db=stories_store, event_type="SANCTION", status="asserted", since="2021",
                                  until="2021-12")
    assert len(sanctions) > 0 and set(sanctions["event_type"]) == {"SANCTION"}
    assert all("2021" <= d <= "2021-12-31" for d in sanctions["date"])
    one_doc = api.list_clusters(db=stories_store, doc_id="st-a2")
    assert len(one_doc) > 0
    assert len(api.list_clusters(db=stories_store, limit=3)) == 3


def test_cli_events_clusters(stories_store: Path):
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--clusters", "--db", str(stories_store), "--min-articles", "2", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert rows and all(r["num_articles"] >= 2 for r in rows)
    assert {"num_mentions", "num_articles", "num_sources"} <= set(rows[0])
    table = runner.invoke(app, ["events", "--clusters", "--db", str(stories_store)], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "art." in table.stdout and "src." in table.stdout


# -- incremental writes with a fake analyser ---------------------------------------------------------------------

def _event(event_id: str, doc_id: str, source: str, target: str, date: str, kind: str = "SANCTION") -> dict:
    return {"event_id": event_id, "doc_id": doc_id, "event_type": kind, "mode": None,
            "source": [{"text": source, "name": source, "code": source, "sector": "GOV"}],
            "target": [{"text": target, "name": target, "code": target, "sector": "GOV"}],
            "date": date, "date_precision": "day", "status": "asserted", "location": None, "context": [],
            "evidence": f"{source} sanctioned {target}.", "sentence": 0, "start_char": 0, "end_char": 10,
            "trigger": {"text": "sanctioned", "lemma": "sanction", "start_char": 4}, "attribution": None,
            "confidence": 0.8, "cameo": "160", "plover_score": -6.0, "quad_class": 4, "mentions": []}


EVENTS = {
    "n1": [_event("n1-0", "n1", "GBR", "CHN", "2021-03-22"), _event("n1-1", "n1", "CHN", "GBR", "2021-03-26")],
    "n2": [_event("n2-0", "n2", "GBR", "CHN", "2021-03-22")],
    "n3": [_event("n3-0", "n3", "GBR", "CHN", "2021-03-22"), _event("n3-1", "n3", "USA", "CHN", "2021-03-22")],
    "n4": [_event("n4-0", "n4", "CHN", "GBR", "2021-03-26")],
}


def _fake(docs: Sequence[Document], memory) -> list[DocResult]:
    return [DocResult(d.doc_id, d.published, events=[dict(e) for e in EVENTS[d.doc_id]]) for d in docs]


def _news(folder: Path, ids: Sequence[str]) -> Path:
    return _write(folder / f"{'-'.join(ids)}.jsonl", [
        {"id": i, "text": f"Report {i}: sanctions were announced.", "published": "2021-03-26",
         "source": f"Outlet {i}", "url": f"https://{i}.example/news"} for i in ids])


@pytest.mark.parametrize("runs", [[["n1", "n2", "n3", "n4"]], [["n4", "n3"], ["n2"], ["n1"]],
                                  [["n2", "n4"], ["n1", "n3"]]])
def test_incremental_runs_give_the_clusters_of_one_run(tmp_path: Path, runs: list[list[str]]):
    db = tmp_path / f"{len(runs)}.duckdb"
    with Store(db) as store:
        for ids in runs:
            ingest([_news(tmp_path, ids)], sink=StoreSink(store), analyser=_fake, batch_size=1)
    with Store(db, read_only=True) as store:
        frame = store.query("SELECT group_key, num_articles, num_sources, first_doc_id FROM clusters ORDER BY 1, 2")
    assert frame.to_dict(orient="records") == [
        {"group_key": "SANCTION|asserted|CHN|GBR", "num_articles": 2, "num_sources": 2, "first_doc_id": "n1"},
        {"group_key": "SANCTION|asserted|GBR|CHN", "num_articles": 3, "num_sources": 3, "first_doc_id": "n1"},
        {"group_key": "SANCTION|asserted|USA|CHN", "num_articles": 1, "num_sources": 1, "first_doc_id": "n3"},
    ]
    reference = tmp_path / "reference.duckdb"
    with Store(reference) as store:
        ingest([_news(tmp_path, ["n1", "n2", "n3", "n4"])], sink=StoreSink(store), analyser=_fake)
    assert _state(db) == _state(reference)


def test_a_store_without_clusters_is_clustered_at_its_next_batch(tmp_path: Path):
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        ingest([_news(tmp_path, ["n1", "n2"])], sink=StoreSink(store), analyser=_fake)
        store.con.execute("DELETE FROM cluster_members")  # as a store written before clusters existed
        store.con.execute("DELETE FROM clusters")
        ingest([_news(tmp_path, ["n3"])], sink=StoreSink(store), analyser=_fake)
    reference = tmp_path / "reference.duckdb"
    with Store(reference) as store:
        ingest([_news(tmp_path, ["n1", "n2", "n3"])], sink=StoreSink(store), analyser=_fake)
    assert _state(db) == _state(reference)


def test_cluster_reports_lists_each_report(tmp_path: Path):
    from detente.store import queries

    db = tmp_path / "reports.duckdb"
    with Store(db) as store:
        ingest([_news(tmp_path, ["n1", "n2", "n3"])], sink=StoreSink(store), analyser=_fake)
        [cluster] = store.query("SELECT cluster_id FROM clusters WHERE group_key = 'SANCTION|asserted|GBR|CHN'")[
            "cluster_id"]
        reports = queries.cluster_reports(store, cluster)
    assert isinstance(reports, pd.DataFrame)
    assert list(reports["doc_id"]) == ["n1", "n2", "n3"]
    assert list(reports["publisher"]) == ["outlet n1", "outlet n2", "outlet n3"]
    assert list(reports["url"]) == [f"https://n{i}.example/news" for i in (1, 2, 3)]
