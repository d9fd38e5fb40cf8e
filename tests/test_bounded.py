"""Bounded cost on pathological and long inputs (issue 12): the generators of scripts/pathological.py at small
sizes, the cleaner's cut of overlong token runs, and the indexes that replaced document-wide scans, each checked
against the scan it replaced (same answers) and by counting work, never by timing."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from detente.core.marks import QuoteIndex, quote_spans
from detente.events import extract as event_extract
from detente.intake.clean import LONG_WORD_MAX, PUNCT_RUN_MAX, clean_text, cut_token_runs
from detente.nlp.sentences import paragraph_sentences
from detente.pipeline.analyse import analyze_texts
from detente.quotes.component import _link_events

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pathological.py"


def _generators() -> Any:
    spec = importlib.util.spec_from_file_location("pathological", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pathological"] = module
    spec.loader.exec_module(module)
    return module


PATHOLOGICAL = _generators()


@pytest.mark.parametrize("kind", ["quotes", "lines", "article"])
def test_bounded_generators_are_deterministic(kind: str) -> None:
    make = PATHOLOGICAL.GENERATORS[kind]
    assert make(3000) == make(3000)
    assert make(3000) != make(3000, seed=7)


def test_bounded_generator_sizes() -> None:
    assert len(PATHOLOGICAL.quotes_text(5000).encode("utf-8")) <= 5000
    assert len(PATHOLOGICAL.quotes_text(5000).encode("utf-8")) > 4990
    assert PATHOLOGICAL.lines_text(300).count("\n") == 300
    assert len(PATHOLOGICAL.article_text(20_000)) >= 20_000


@pytest.mark.parametrize(("text", "expected", "removed"), [
    ("He said: \"no\" ... and left.", "He said: \"no\" ... and left.", 0),
    ("-" * 40, "-" * PUNCT_RUN_MAX, 40 - PUNCT_RUN_MAX),
    ("a " + "\u201c" * (PUNCT_RUN_MAX + 1) + " b", "a " + "\u201c" * PUNCT_RUN_MAX + " b", 1),
    ("x " + "\u00ab\"'\u201d" * 30 + " y", "x " + ("\u00ab\"'\u201d" * 30)[:PUNCT_RUN_MAX] + " y",
     120 - PUNCT_RUN_MAX),
    ("see " + "A" * (LONG_WORD_MAX + 5), "see " + "A" * 100, LONG_WORD_MAX + 5 - 100),
    ("A" * LONG_WORD_MAX, "A" * LONG_WORD_MAX, 0),
])
def test_bounded_cut_token_runs(text: str, expected: str, removed: int) -> None:
    cut, warning = cut_token_runs(text)
    assert cut == expected
    if removed == 0:
        assert warning is None
    else:
        assert warning is not None and warning["kind"] == "token-run" and warning["count"] == removed
        assert warning["offset"] is not None and text[:warning["offset"]] == cut[:warning["offset"]]
        assert len(cut) == len(text) - removed


def test_bounded_clean_cuts_quote_file_and_records_it() -> None:
    text = PATHOLOGICAL.quotes_text(20_000)
    cleaned = clean_text(text)
    runs = [w for w in cleaned.warnings if w["kind"] == "token-run"]
    assert len(runs) == 1 and runs[0]["count"] > 0
    longest = max(len(run) for run in re.findall(r"[^\w\s]+", cleaned.text))
    assert longest <= PUNCT_RUN_MAX


def test_bounded_clean_leaves_normal_text_alone() -> None:
    text = PATHOLOGICAL.article_text(20_000)
    cleaned = clean_text(text)
    assert not cleaned.warnings
    assert cleaned.text == text.strip()


def _spans(seed: int) -> list[tuple[int, int, bool]]:
    return quote_spans(PATHOLOGICAL.quotes_text(4000, seed=seed) + PATHOLOGICAL.article_text(4000, seed=seed))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bounded_quote_index_matches_scan(seed: int) -> None:
    spans = _spans(seed)
    index = QuoteIndex(spans)
    assert spans
    for position in range(-1, spans[-1][1] + 2):
        assert index.at(position) == next((s for s in spans if s[0] <= position < s[1]), None)


def test_bounded_quote_index_unsorted_spans() -> None:
    spans = [(50, 60, True), (10, 20, True)]
    assert QuoteIndex(spans).at(15) == (10, 20, True)
    assert QuoteIndex(spans).at(55) == (50, 60, True)
    assert QuoteIndex(spans).at(30) is None


class _Quote:
    def __init__(self, start: int, end: int) -> None:
        self.start_char, self.end_char, self.event_ids = start, end, []


@pytest.mark.parametrize("seed", range(5))
def test_bounded_link_events_matches_scan(seed: int) -> None:
    rng = random.Random(seed)
    events = []
    for n in range(200):
        start = rng.randint(0, 5000)
        events.append({"event_id": f"e{n}", "start_char": start, "end_char": start + rng.randint(0, 400)})
    quotes = [_Quote(s, s + rng.randint(1, 300)) for s in (rng.randint(0, 5000) for _ in range(100))]
    _link_events(quotes, events)  # type: ignore[arg-type]
    for quote in quotes:
        assert quote.event_ids == [e["event_id"] for e in events
                                   if e["start_char"] < quote.end_char and quote.start_char < e["end_char"]]


def _reference_sentences(doc: Doc) -> list[bool | None]:
    """The component as it was: one ``is_sent_start`` assignment per break (quadratic, the same answers)."""
    from detente.nlp import sentences as s

    for first in s._dateline_breaks(doc):
        doc[first].is_sent_start = True
    for token in doc:  # a clitic never starts a sentence
        if token.tag_ == "POS" and token.i > 0 and not token.is_sent_start:
            token.is_sent_start = False
    for first in [0] + [i + 1 for i in s._newline_tokens(doc)]:  # nor does a line's second word
        second = first + 1
        if second >= len(doc) or doc[first].is_space or doc[first].text in s._LINE_MARKERS:
            continue
        if not (doc[second].is_space or doc[second].is_punct or doc[second].is_sent_start):
            doc[second].is_sent_start = False
    line_start = 0
    for newline in s._newline_tokens(doc):
        if newline + 1 >= len(doc):
            continue
        paragraph = doc[newline].text.count("\n") >= 2
        ends_line = newline > 0 and (doc[newline - 1].text in s._FINAL or newline - line_start <= s.HEADING_MAX_TOKENS)
        if paragraph or ends_line:
            doc[newline + 1].is_sent_start = True
        line_start = newline + 1
    return [t.is_sent_start for t in doc]


@pytest.mark.parametrize(("kind", "size"), [("lines", 400), ("article", 8000), ("quotes", 4000)])
def test_bounded_sentences_same_as_reference(kind: str, size: int) -> None:
    nlp = spacy.blank("en")
    text = PATHOLOGICAL.GENERATORS[kind](size) + "\nTAIPEI \u2014 Taiwan said.\nShort heading\nLast line."
    assert [t.is_sent_start for t in paragraph_sentences(nlp.make_doc(text))] == \
        _reference_sentences(nlp.make_doc(text))


@pytest.fixture(scope="module", params=[("article", 25_000), ("lines", 1_500)], ids=["article", "lines"])
def merge_calls(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """The events of a generated article and of many short lines (one dyad stated again and again), with the
    number of pairs the event merge compared, indexed and by the plain scan the index replaced."""
    kind, size = request.param
    original_same, original_index = event_extract._same_event, event_extract._MergeIndex
    calls = {"n": 0}

    def counting(first: Any, second: Any) -> bool:
        calls["n"] += 1
        return original_same(first, second)

    class Scan(original_index):  # type: ignore[misc, valid-type]
        def first(self, event: Any, merged: list[Any]) -> int | None:
            return next((i for i, m in enumerate(merged) if event_extract._same_event(m, event)), None)

    records = [{"id": "long", "text": PATHOLOGICAL.GENERATORS[kind](size), "published": "2024-03-05"}]
    out: dict[str, Any] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(event_extract, "_same_event", counting)
        out["indexed"] = [e for r in analyze_texts(records) for e in r.events]
        out["indexed_calls"] = calls["n"]
        calls["n"] = 0
        patch.setattr(event_extract, "_MergeIndex", Scan)
        out["scan"] = [e for r in analyze_texts(records) for e in r.events]
        out["scan_calls"] = calls["n"]
    yield out


@pytest.mark.usefixtures("detente_env")
def test_bounded_merge_index_same_events(merge_calls: dict[str, Any]) -> None:
    assert merge_calls["indexed"], "the article must give events"
    assert merge_calls["indexed"] == merge_calls["scan"]
    assert any(len(e["mentions"]) > 1 for e in merge_calls["indexed"]), "some events must be merged"


@pytest.mark.usefixtures("detente_env")
def test_bounded_merge_index_compares_fewer_pairs(merge_calls: dict[str, Any]) -> None:
    # the scan compares each statement with every merged event; the index only with those it can repeat
    assert merge_calls["indexed_calls"] * 5 < merge_calls["scan_calls"]


@pytest.mark.usefixtures("detente_env")
def test_bounded_merge_index_compares_about_once_per_event(merge_calls: dict[str, Any]) -> None:
    # statements with both sides coded look only at events of the same pair (or with a side unknown): the
    # comparisons are fewer than the events (the source-only buckets compared 4,402 pairs for 692 line events)
    assert merge_calls["indexed_calls"] < len(merge_calls["indexed"])
