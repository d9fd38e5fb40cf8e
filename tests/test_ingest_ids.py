"""Ids seen again: ``changed`` (kept) or ``updated`` (replaced atomically, clusters kept consistent), events for
documents stored without them, and ``extract`` following the same rules as ``ingest`` (issue 12, item 5)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import detente
from detente.cli import app
from detente.intake.prepare import Document, content_hash
from detente.pipeline import extract as extract_module
from detente.pipeline.identity import Identities, Known, Stored
from detente.pipeline.ingest import IngestSummary, ingest, problem_records
from detente.pipeline.results import DocResult
from detente.store.db import Store
from detente.store.migrations import MIGRATIONS
from detente.store.writer import StoreSink, rebuild_clusters
from test_cli_ingest import summary_count

pytestmark = pytest.mark.usefixtures("detente_env")

ANALYSIS = ("mentions", "events", "quotes", "claims")


# -- a fake analyser: "GBR>CHN" in a text is a sanction of CHN by GBR ------------------------------------------

def _fake(docs: Sequence[Document], memory) -> list[DocResult]:
    results = []
    for doc in docs:
        pairs = re.findall(r"([A-Z]{3})>([A-Z]{3})", doc.text)
        events, mentions = [], []
        for i, (a, b) in enumerate(pairs):
            events.append({
                "event_id": f"{doc.doc_id}-{i}", "doc_id": doc.doc_id, "event_type": "SANCTION", "mode": None,
                "source": [{"text": a, "name": a, "code": a, "sector": "GOV"}],
                "target": [{"text": b, "name": b, "code": b, "sector": "GOV"}],
                "date": "2021-03-22", "date_precision": "day", "status": "asserted", "location": None,
                "context": [], "evidence": f"{a}>{b}", "sentence": 0, "start_char": 0, "end_char": 7,
                "attribution": None, "confidence": 0.8, "cameo": "160", "plover_score": -6.0, "quad_class": 4,
                "mentions": []})
            mentions.append({"mention_id": f"{doc.doc_id}-m{i}", "doc_id": doc.doc_id, "sentence": 0,
                             "start_char": 0, "end_char": 3, "text": a, "name": a, "code": a, "sector": "GOV",
                             "method": "fake", "confidence": 1.0})
        quotes = [{"quote_id": f"{doc.doc_id}-q", "doc_id": doc.doc_id, "sentence": 0, "start_char": 0,
                   "end_char": 5, "text": doc.text[:5], "kind": "direct", "speaker": None, "verb": "said",
                   "addressee": None, "event_ids": []}]
        results.append(DocResult(doc.doc_id, doc.published, events=events, mentions=mentions,  # type: ignore[arg-type]
                                 quotes=quotes))  # type: ignore[arg-type]
    return results


def _jsonl(path: Path, docs: Sequence[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t, "published": "2021-03-22", "source": f"Outlet {i}"})
                            + "\n" for i, t in docs), encoding="utf-8")
    return path


def _run(db: Path, *paths: Path, **kwargs) -> IngestSummary:
    with Store(db) as store:
        return ingest(list(paths), sink=StoreSink(store), **{"analyser": _fake, **kwargs})


def _state(db: Path) -> dict[str, list[tuple]]:
    """Every row that ingesting documents writes, sorted, per table (what an update must keep consistent)."""
    with Store(db, read_only=True) as store:
        return {table: sorted(store.con.execute(f"SELECT {columns} FROM {table}").fetchall()) for table, columns in (
            ("documents", "doc_id, clean_text, content_hash, status, events_extracted"),
            ("mentions", "*"), ("events", "event_id, doc_id, source_codes, target_codes"), ("quotes", "*"),
            ("clusters", "cluster_id, group_key, num_articles, record"), ("cluster_members", "*"))}


V1 = "Report one: GBR>CHN was announced on Monday."
V2 = "Report one, corrected: USA>CHN and CHN>GBR were announced on Monday."
OTHER = "Report two: GBR>CHN as well, said officials."


# -- the rule itself ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seen", "doc_id", "text", "update", "outcome"), [
    ([], "a", "x", False, "new"),
    ([("a", "x")], "a", "x", False, "duplicate"),
    ([("a", "x")], "a", "y", False, "changed"),
    ([("a", "x")], "a", "y", True, "updated"),
    ([("a", "x")], "b", "x", False, "duplicate"),
    ([("a", "x")], "b", "x", True, "duplicate"),
])
def test_identities_judge(seen, doc_id, text, update, outcome):
    identities = Identities(update=update)
    for i, t in seen:
        identities.judge(i, t)
    assert identities.judge(doc_id, text).outcome == outcome


def test_identities_against_the_store():
    known = Known({"a": Stored("h1", "ok", False)}, {"h1": "a"})
    identities = Identities()
    verdict = identities.judge("a", "h1", known)
    assert (verdict.outcome, verdict.stored) == ("duplicate", Stored("h1", "ok", False))
    assert identities.judge("a", "h2", known).outcome == "changed"
    assert identities.judge("b", "h1", known).outcome == "duplicate"


def test_a_kept_change_does_not_hide_a_later_new_text():
    identities = Identities()
    identities.judge("a", "x")
    assert identities.judge("a", "y").outcome == "changed"
    assert identities.judge("b", "y").outcome == "new"


# -- changed: reported, counted, the stored version kept -------------------------------------------------------

def _one_file(tmp: Path) -> list[Path]:
    return [_jsonl(tmp / "both.jsonl", [("one", V1), ("two", OTHER), ("one", V2)])]


def _two_files(tmp: Path) -> list[Path]:
    return [_jsonl(tmp / "a.jsonl", [("one", V1), ("two", OTHER)]), _jsonl(tmp / "b.jsonl", [("one", V2)])]


@pytest.mark.parametrize("layout", [_one_file, _two_files])
@pytest.mark.parametrize("batch_size", [1, 10])
def test_changed_in_one_run_is_reported_and_the_first_kept(tmp_path: Path, layout, batch_size: int,
                                                           caplog: pytest.LogCaptureFixture):
    db = tmp_path / "s.duckdb"
    with caplog.at_level(logging.WARNING, logger="detente.pipeline.ingest"):
        summary = _run(db, *layout(tmp_path), batch_size=batch_size)
    assert (summary.read, summary.new, summary.duplicate, summary.changed, summary.updated) == (3, 2, 0, 1, 0)
    assert _state(db)["documents"][0][:2] == ("one", V1)
    assert content_hash(V2) in caplog.text and "seen again with another text" in caplog.text
    [record] = [r for r in problem_records(summary) if r["outcome"] == "changed"]
    assert (record["doc_id"], record["old_hash"], record["new_hash"], record["stage"]) == (
        "one", content_hash(V1), content_hash(V2), "identity")
    assert record["line"] == (3 if layout is _one_file else 1)


def test_changed_against_the_store_on_reingest(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    _run(db, _jsonl(tmp_path / "a.jsonl", [("one", V1)]))
    before = _state(db)
    summary = _run(db, _jsonl(tmp_path / "b.jsonl", [("one", V2), ("one", V1)]))
    assert (summary.new, summary.duplicate, summary.changed) == (0, 1, 1)
    assert _state(db) == before
    with Store(db, read_only=True) as store:
        [(recorded,)] = store.con.execute(
            "SELECT summary FROM ingest_runs WHERE run_id = ?", [summary.run_id]).fetchall()
    assert json.loads(recorded)["changed"] == 1


def test_same_id_same_text_is_a_duplicate_not_a_change(tmp_path: Path):
    summary = _run(tmp_path / "s.duckdb", _jsonl(tmp_path / "a.jsonl", [("one", V1), ("one", f"  {V1}\n")]))
    assert (summary.new, summary.duplicate, summary.changed) == (1, 1, 0)


# -- updated: replaced with everything it gave, in one transaction -----------------------------------------------

def test_update_replaces_the_document_and_all_it_gave(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    _run(db, _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER)]))
    summary = _run(db, _jsonl(tmp_path / "b.jsonl", [("one", V2)]), update=True)
    assert (summary.new, summary.changed, summary.updated, summary.events) == (0, 0, 1, 2)
    [record] = problem_records(summary)
    assert (record["outcome"], record["old_hash"], record["new_hash"]) == ("updated", content_hash(V1),
                                                                           content_hash(V2))
    reference = tmp_path / "reference.duckdb"
    _run(reference, _jsonl(tmp_path / "c.jsonl", [("one", V2), ("two", OTHER)]))
    state = _state(db)
    assert state == _state(reference)
    assert ("one-0", "one", ["USA"], ["CHN"]) in state["events"]
    # the group GBR>CHN lost one's report: its cluster now has only two's
    assert [(key, n) for _, key, n, _ in state["clusters"]] == sorted(
        [("SANCTION|asserted|CHN|GBR", 1), ("SANCTION|asserted|GBR|CHN", 1), ("SANCTION|asserted|USA|CHN", 1)])
    with Store(db) as store:
        before = sorted(store.con.execute("SELECT cluster_id, record FROM clusters").fetchall())
        rebuild_clusters(store)
        assert sorted(store.con.execute("SELECT cluster_id, record FROM clusters").fetchall()) == before


@pytest.mark.parametrize("batch_size", [1, 10])
def test_update_within_one_run_last_wins(tmp_path: Path, batch_size: int):
    db = tmp_path / "s.duckdb"
    summary = _run(db, _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER), ("one", V2)]), update=True,
                   batch_size=batch_size)
    assert (summary.new, summary.updated, summary.changed) == (2, 1, 0)
    reference = tmp_path / "reference.duckdb"
    _run(reference, _jsonl(tmp_path / "c.jsonl", [("one", V2), ("two", OTHER)]))
    assert _state(db) == _state(reference)


def test_update_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = tmp_path / "s.duckdb"
    _run(db, _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER)]))
    before = _state(db)

    def broken(self, records):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "insert_events", broken)  # after the old rows are deleted, before the new ones
    with pytest.raises(RuntimeError, match="disk full"):
        _run(db, _jsonl(tmp_path / "b.jsonl", [("one", V2)]), update=True)
    assert _state(db) == before
    monkeypatch.undo()
    assert _run(db, _jsonl(tmp_path / "b.jsonl", [("one", V2)]), update=True).updated == 1


# -- events for documents stored without them -------------------------------------------------------------------

def test_events_extracted_later_for_documents_stored_without(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    inputs = _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER)])
    first = _run(db, inputs, analyser=None)
    assert (first.new, first.events) == (2, 0)
    assert [row[4] for row in _state(db)["documents"]] == [False, False]
    second = _run(db, inputs)
    assert (second.new, second.duplicate, second.completed, second.events) == (0, 2, 2, 2)
    reference = tmp_path / "reference.duckdb"
    _run(reference, inputs)
    assert _state(db) == _state(reference)
    third = _run(db, inputs)
    assert (third.completed, third.events) == (0, 0)
    assert _state(db) == _state(reference)


def test_a_version_5_store_knows_which_documents_have_events(tmp_path: Path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    for step in MIGRATIONS[:5]:
        con.execute(step).fetchall()
    con.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    for doc_id, text in (("one", V1), ("two", OTHER)):
        con.execute("INSERT INTO documents (doc_id, clean_text, raw_text, content_hash, status) "
                    "VALUES (?, ?, ?, ?, 'ok')", [doc_id, text, text, content_hash(text)])
    con.execute("INSERT INTO mentions (mention_id, doc_id) VALUES ('two-m0', 'two')")
    con.close()
    with Store(db, read_only=True) as store:  # an old store still opens as it is
        assert store.document("one")["clean_text"] == V1
    summary = _run(db, _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER)]))
    assert (summary.completed, summary.events) == (1, 1)
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT doc_id, events_extracted FROM documents ORDER BY 1").fetchall() == [
            ("one", True), ("two", True)]
        assert store.con.execute("SELECT doc_id FROM events").fetchall() == [("one",)]


def test_events_extracted_later_with_the_real_pipeline(tmp_path: Path):
    """The issue's case: ``ingest --no-events`` then ``ingest`` (events by default) stores the events."""
    stories = Path(__file__).parent / "data" / "clusters" / "documents.jsonl"
    inputs = [json.loads(line) for line in stories.read_text("utf-8").splitlines() if line.strip()][:2]
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in inputs), encoding="utf-8")
    db, reference = tmp_path / "later.duckdb", tmp_path / "direct.duckdb"
    detente.ingest([path], db=db, events=False)
    later = detente.ingest([path], db=db)
    direct = detente.ingest([path], db=reference)
    assert later.completed == 2 and later.events == direct.events > 0
    sql = "SELECT event_id, doc_id, event_type, source_codes, target_codes FROM events ORDER BY 1"
    with Store(db, read_only=True) as a, Store(reference, read_only=True) as b:
        assert a.con.execute(sql).fetchall() == b.con.execute(sql).fetchall()
        # item 6 of the issue: the run's recorded summary counts its events
        recorded = [json.loads(s)["events"] for (s,) in a.con.execute(
            "SELECT summary FROM ingest_runs ORDER BY started_at").fetchall()]
        assert recorded == [0, later.events]
    assert detente.ingest([path], db=db).events == 0


# -- extract follows the same rules ------------------------------------------------------------------------------

def _fake_items(items, *, workers=1, **kwargs):
    docs = [Document(doc_id=i.doc_id, text=i.text, published=i.published) for i in items]
    return _fake(docs, {})


@pytest.mark.parametrize(("update", "expected", "counts"), [
    (False, ["one-0", "two-0"], (1, 1, 0)),
    (True, ["one-0", "two-0", "one-0", "one-1"], (1, 0, 1)),
])
def test_extract_applies_the_ingest_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update: bool,
                                          expected: list[str], counts: tuple[int, int, int]):
    monkeypatch.setattr(extract_module, "analyse_items", _fake_items)
    path = _jsonl(tmp_path / "a.jsonl", [("one", V1), ("two", OTHER), ("one", V1), ("one", V2)])
    summary = IngestSummary(run_id="extract")
    records = list(detente.extract([path], summary=summary, update=update, workers=1))
    assert [r["event_id"] for r in records] == expected
    assert (summary.duplicate, summary.changed, summary.updated) == counts
    assert summary.events == len(expected)


def test_cli_extract_errors_file_lists_failed_and_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(extract_module, "analyse_items", _fake_items)
    path = _jsonl(tmp_path / "a.jsonl", [("one", V1), ("one", V2)])
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["extract", str(path), str(tmp_path / "missing.txt"), "--errors", str(errors),
                                      "-o", str(tmp_path / "out.jsonl"), "--workers", "1"], env={"COLUMNS": "300"})
    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert [(r["outcome"], Path(r["path"]).name) for r in records] == [("failed", "missing.txt"),
                                                                        ("changed", "a.jsonl")]
    assert records[1]["new_hash"] == content_hash(V2)
    assert "1 events" in result.output and "1 changed" in result.output


def test_cli_ingest_update_and_errors(tmp_path: Path, db_path: Path, article):
    runner = CliRunner()
    first = _jsonl(tmp_path / "a.jsonl", [("one", article(1))])
    second = _jsonl(tmp_path / "b.jsonl", [("one", article(2))])
    assert runner.invoke(app, ["ingest", str(first), "--db", str(db_path), "--no-events"]).exit_code == 0
    errors = tmp_path / "errors.jsonl"
    kept = runner.invoke(app, ["ingest", str(second), "--db", str(db_path), "--no-events", "--errors", str(errors)],
                         env={"COLUMNS": "200"})
    assert kept.exit_code == 0, kept.output
    assert summary_count(kept.stdout, "changed (id again, other text; kept)") == 1
    assert [json.loads(line)["outcome"] for line in errors.read_text("utf-8").splitlines()] == ["changed"]
    assert detente.document("one", db=db_path)["clean_text"] == article(1)
    replaced = runner.invoke(app, ["ingest", str(second), "--db", str(db_path), "--no-events", "--update"],
                             env={"COLUMNS": "200"})
    assert replaced.exit_code == 0, replaced.output
    assert summary_count(replaced.stdout, "updated (replaced)") == 1
    assert summary_count(replaced.stdout, "changed (id again, other text; kept)") == 0
    assert detente.document("one", db=db_path)["clean_text"] == article(2)
