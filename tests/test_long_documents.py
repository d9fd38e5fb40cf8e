"""Long documents (issue 12, issue 18): a text over the piece threshold is parsed in pieces, on several processes
when allowed, joined into one Doc and read by Detente's components once. Small thresholds are monkeypatched in,
so a "long" text here is a few thousand characters and the tests stay fast."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from detente.intake.prepare import Document
from detente.nlp.pipeline import load_pipeline
from detente.pipeline import analyse
from detente.pipeline.results import DocResult

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pathological.py"


def _pathological() -> Any:
    spec = importlib.util.spec_from_file_location("pathological", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pathological", module)
    spec.loader.exec_module(module)
    return module


PATHOLOGICAL = _pathological()


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch, detente_env: None) -> None:
    """Texts over 2,000 characters take the long-text path, in pieces of at most 600."""
    monkeypatch.setattr(analyse, "PARSE_PIECE_CHARS", 2_000)
    monkeypatch.setattr(analyse, "LONG_PIECE_CHARS", 600)


def _records(result: DocResult) -> dict[str, Any]:
    return {"events": result.events, "mentions": result.mentions, "quotes": result.quotes,
            "claims": result.claims, "roles": result.roles, "words": result.words, "failure": result.failure}


def _analysed(text: str, *, piece_workers: int = 1) -> DocResult:
    (result,) = analyse.analyze_docs([analyse.Item("long", text, None)], piece_workers=piece_workers)
    return result


@pytest.mark.parametrize(("requested", "pieces", "daemon", "expected"), [
    (1, 40, False, 1), (2, 40, False, 2), (4, 3, False, 3), (2, 1, False, 1), (2, 40, True, 1), (0, 40, False, 1),
])
def test_long_piece_processes(monkeypatch: pytest.MonkeyPatch, requested: int, pieces: int, daemon: bool,
                              expected: int) -> None:
    monkeypatch.setattr(analyse.multiprocessing, "current_process", lambda: SimpleNamespace(daemon=daemon))
    assert analyse._piece_processes(requested, pieces) == expected


@pytest.mark.parametrize("kind", ["article", "lines"])
@pytest.mark.usefixtures("small_pieces")
def test_long_parallel_parse_same_as_serial(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    text = PATHOLOGICAL.GENERATORS[kind](9_000 if kind == "article" else 400)
    assert len(text) > analyse.PARSE_PIECE_CHARS
    used: list[int] = []
    counted = analyse._piece_processes

    def spy(requested: int, pieces: int) -> int:
        used.append(counted(requested, pieces))
        return used[-1]

    monkeypatch.setattr(analyse, "_piece_processes", spy)
    serial = _analysed(text)
    parallel = _analysed(text, piece_workers=2)
    assert used == [1, 2], "the second analysis must parse its pieces in two processes"
    assert serial.failure is None and serial.events and serial.mentions
    assert _records(parallel) == _records(serial)


@pytest.mark.usefixtures("small_pieces")
def test_long_offsets_are_the_whole_texts() -> None:
    text = PATHOLOGICAL.article_text(6_000)
    result = _analysed(text, piece_workers=2)
    assert len(analyse._pieces(text, analyse.LONG_PIECE_CHARS)) > 5
    assert result.failure is None and result.events and result.quotes
    late = [e for e in result.events if e["start_char"] > len(text) // 2]
    assert late, "events of the later pieces must be found"
    for event in result.events:
        assert text[event["start_char"]:event["end_char"]].strip() == event["evidence"]
    for mention in result.mentions:
        assert text[mention["start_char"]:mention["end_char"]] == mention["text"]
    for quote in result.quotes:
        assert quote["text"] in text[quote["start_char"]:quote["end_char"]]


@pytest.mark.usefixtures("small_pieces")
def test_long_components_see_across_piece_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pronoun in a later piece continues a person named in an earlier one, and a quote in the last piece gets
    its speaker: the components read the joined Doc, with the quotes and events of the text parsed whole."""
    filler = "\n\n".join(f"Officials met on day {i} to discuss the weather and the harvest." for i in range(12))
    text = (f"Emmanuel Macron spoke in Paris on Monday.\n\n{filler}\n\n"
            f"He accused Russia of violating the agreement.\n\n"
            f"\u201cWe will not accept any threat to our borders.\n\n{filler}\n\n"
            f"\u201cWe will answer,\u201d Emmanuel Macron said.\n")
    pieces = analyse._pieces(text, analyse.LONG_PIECE_CHARS)
    assert len(pieces) >= 3
    result = _analysed(text, piece_workers=2)
    (accusation,) = [e for e in result.events if e["event_type"] == "ACCUSE"]
    assert len(pieces[0]) < accusation["start_char"], "the accusation is in a later piece than the name"
    assert [a["code"] for a in accusation["source"]] == ["FRA"]
    assert [a["code"] for a in accusation["target"]] == ["RUS"]
    last = next(q for q in result.quotes if q["text"] == "We will answer")
    assert last["start_char"] > len(text) - len(pieces[-1]) and last["speaker"]["code"] == "FRA"
    monkeypatch.setattr(analyse, "PARSE_PIECE_CHARS", 100_000)
    whole = _analysed(text)
    assert (result.quotes, result.events) == (whole.quotes, whole.events)


def test_long_text_over_spacys_max_length_is_analysed(monkeypatch: pytest.MonkeyPatch, detente_env: None) -> None:
    """The 5 MB class: a text over spaCy's own ``max_length`` (1,000,000 characters by default; 3,000 here)
    and under ``max_chars`` is analysed, not rejected with spaCy's E088; one over ``max_chars`` fails by name."""
    monkeypatch.setattr(analyse, "PARSE_PIECE_CHARS", 1_000)
    monkeypatch.setattr(analyse, "LONG_PIECE_CHARS", 500)
    monkeypatch.setattr(load_pipeline(), "max_length", 3_000)
    text = PATHOLOGICAL.article_text(8_000)
    result = _analysed(text)
    assert result.failure is None and result.events
    assert all(text[e["start_char"]:e["end_char"]].strip() == e["evidence"] for e in result.events)
    monkeypatch.setenv("DETENTE_MAX_CHARS", "7000")
    refused = _analysed(text)
    assert refused.failure is not None and "max_chars" in refused.failure and not refused.events


@pytest.mark.usefixtures("small_pieces")
def test_long_text_in_a_small_ingest_batch_parses_on_every_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ingest --workers 2`` of one long document: the analyser keeps so few documents in this process, and
    there parses the long text's pieces in two processes, with the serial results."""
    from detente.pipeline.parallel import ProcessAnalyser

    used: list[int] = []
    counted = analyse._piece_processes
    monkeypatch.setattr(analyse, "_piece_processes", lambda requested, pieces: used.append(
        counted(requested, pieces)) or used[-1])
    text = PATHOLOGICAL.article_text(5_000)
    with ProcessAnalyser(2) as pool:
        (result,) = pool.map([analyse.Item("long", text, None)])
        assert pool._pool is None, "one document is analysed here, with no pool"
        # the ingest's path: a batch submitted ahead of writing (pipeline.ingest), one document in it
        (submitted,) = pool.submit([Document("long", text, None)], {}).result()
        assert pool._pool is None
    assert used == [2, 2]
    assert _records(result) == _records(_analysed(text)) == _records(submitted)
