"""One bad input never stops a run: each failure is reported by name and reason, the good documents are stored,
and a rerun stores nothing twice."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from detente import api
from detente.intake.pubdate import parse_published
from detente.pipeline import analyse
from detente.pipeline.analyse import _pieces

GOOD = "France condemned the attack by Russia on a hospital in Kharkiv on Monday."


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "nested.jsonl").write_text('{"id": "n1", "text": ' + "[" * 100_000 + "\n"
                                         + json.dumps({"id": "good2", "text": GOOD, "published": "2022-03-01"})
                                         + "\n", encoding="utf-8")
    (folder / "old.jsonl").write_text(json.dumps({"id": "old1", "published": "0001-01-01",
                                                  "text": "Russia expelled two British diplomats last week."})
                                      + "\n", encoding="utf-8")
    return folder


def _count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute(sql).fetchone()[0])


def test_bad_inputs_are_reported_and_the_run_goes_on(bad_folder: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    summary = api.ingest(str(bad_folder), db=db, workers=1)
    assert summary.failed == [(str(bad_folder / "nested.jsonl"), 1, "malformed JSON: nested too deeply")]
    assert summary.new == 2 and summary.events >= 1
    assert _count(db, "SELECT count(*) FROM ingest_failures") == 1
    # the rejected published value is kept with the document, which is dated from nothing rather than year 1
    with duckdb.connect(str(db), read_only=True) as con:
        published, metadata = con.execute("SELECT published, metadata FROM documents WHERE doc_id = 'old1'").fetchone()
    assert published is None and json.loads(metadata)["published_raw"] == "0001-01-01"
    again = api.ingest(str(bad_folder), db=db, workers=1)
    assert again.new == 0 and again.duplicate == 2
    assert _count(db, "SELECT count(*) FROM documents") == 2


def test_a_document_the_pipeline_cannot_analyse_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A component raising on one document (of a batch) fails that document, stored with its reason; the others
    keep their events, and a rerun does not try it again."""
    source = tmp_path / "docs.jsonl"
    rows = [{"id": f"d{i}", "text": f"{GOOD} Statement {i}.", "published": "2022-03-01"} for i in range(4)]
    rows[2]["text"] = "POISON " + rows[2]["text"]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    original = analyse._Parser.batch

    def poisoned(self, docs, batch_size):
        component = self.nlp.get_pipe("detente_events")
        real = component.__call__

        def call(doc):
            if doc.text.startswith("POISON"):
                raise RuntimeError("component bug")
            return real(doc)

        monkeypatch.setattr(type(component), "__call__", lambda _self, doc: call(doc))
        try:
            return original(self, docs, batch_size)
        finally:
            monkeypatch.undo()

    monkeypatch.setattr(analyse._Parser, "batch", poisoned)
    db = tmp_path / "s.duckdb"
    summary = api.ingest(str(source), db=db, workers=1)
    assert [(line, reason) for _, line, reason in summary.failed] == [(3, "parse: RuntimeError: component bug")]
    assert summary.new == 3
    assert _count(db, "SELECT count(*) FROM documents WHERE status LIKE 'failed: parse:%'") == 1
    assert _count(db, "SELECT count(DISTINCT doc_id) FROM events") == 3
    assert api.ingest(str(source), db=db, workers=1).duplicate == 4


@pytest.mark.parametrize("text", ["a" * 250, "word " * 60, "para one.\n\n" * 30, "line\n" * 70, "x. " * 90])
def test_pieces_join_to_the_text_and_respect_the_size(text: str):
    pieces = _pieces(text, 50)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 50 for p in pieces)


def test_long_text_is_parsed_in_pieces_as_one_document(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(analyse, "PARSE_PIECE_CHARS", 400)
    paragraphs = [f"On day {i} of the talks, France accused Russia of violating the agreement." for i in range(20)]
    text = "\n\n".join(paragraphs)
    (result,) = analyse.analyze_docs([("long", text, None)])
    assert result.failure is None
    assert {e["event_type"] for e in result.events} == {"ACCUSE"}
    assert all(text[e["start_char"]:e["end_char"]].strip() == e["evidence"] for e in result.events)


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-02-30", None), ("1211-08-01", None), ("2099-12-31", None), ("2021-01-01T10:00+25:00", None),
    ("12/03/2021", None), ("True", None), ("99999999", None),
    ("13/03/2021", "2021-03-13"), ("20210304", "2021-03-04"), ("Tue, 09 Jan 2024 10:00:00 GMT", "2024-01-09"),
    ("2021-01-01T23:00:00-05:00", "2021-01-01"),
])
def test_published_dates_validated(value: str, expected: str | None):
    found, reason = parse_published(value)
    assert (found.isoformat() if found else None) == expected
    assert (reason is None) == (expected is not None)


@pytest.mark.parametrize(("text", "published"), [("last week", "0001-01-03"), ("next week", "9999-12-30"),
                                                  ("tomorrow", "9999-12-31"), ("yesterday", "0001-01-01")])
def test_relative_dates_at_the_calendar_edge_give_no_date(text: str, published: str):
    from datetime import date

    from detente.core.dates import find_time_expressions

    (expr,) = find_time_expressions(text)
    assert expr.resolve(date.fromisoformat(published)) == (None, None)
