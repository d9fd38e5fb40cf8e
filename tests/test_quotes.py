"""Quotation marks, number parsing, and the quotes/claims acceptance on our seed-style articles."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from detente.core.marks import quote_spans
from detente.eval.quotes import evaluate_quotes, score_quotes
from detente.quotes.extract import parse_number

PARAGRAPH = re.compile(r"\n\s*\n")


# -- quote_spans -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("He said \u201cwe will respond\u201d and left.", ["we will respond"]),
        ('She said "no comment" twice.', ["no comment"]),
        ('"One," he said, "two."', ["One,", "two."]),
        ("\u201cCurly\u201d and \"straight\" together.", ["Curly", "straight"]),
        ("\u201cOpened curly, closed straight\" ok.", ["Opened curly, closed straight"]),
        ("China\u2019s \u2018single\u2019 marks are not speech.", []),
    ],
)
def test_quotes_spans_balanced(text: str, quoted: list[str]):
    spans = quote_spans(text)
    assert [text[s:e] for s, e, _ in spans] == quoted
    assert all(closed for _, _, closed in spans)


def test_quotes_spans_unbalanced_ends_at_paragraph():
    text = ("The minister said: \u201cWe will not back down, whatever they do.\n\n"
            "The ministry later issued a statement. It called the move \"regrettable\" and said no more.")
    spans = quote_spans(text)
    first, second = spans
    assert text[first[0]:first[1]] == "We will not back down, whatever they do."
    assert first[2] is False
    # the next paragraph starts outside any quote: only its own balanced quote is found
    assert text[second[0]:second[1]] == "regrettable"
    assert second[2] is True
    statement = text.index("The ministry later")
    assert not any(s <= statement < e for s, e, _ in spans)


def test_quotes_spans_reopened_in_next_paragraph():
    """News style: a quote running over two paragraphs is re-opened and never closed in the first."""
    text = ("\u201cWe will respond to this,\u201d he said. \u201cThe measures are unlawful.\n\n"
            "\u201cWe reserve the right to act,\u201d he added.")
    assert [(text[s:e], closed) for s, e, closed in quote_spans(text)] == [
        ("We will respond to this,", True),
        ("The measures are unlawful.", False),
        ("We reserve the right to act,", True),
    ]


NASTY = [
    "", '"', "\u201c", "\u201d", '""', '"""', "\u201c\u201c\u201d\u201d", "\u201d\u201c", "\n\n", '\n\n"', '"\n\n"',
    "\u201c\n \n\u201d", '"' * 101, "\u201c" * 50 + "\n\n" * 10, "a\u201cb\u201dc\u2018d\u2019e\"f", "\r\n\r\n\"x",
    "\x00\u201c\x00", "\U0001f600\u201c\U0001f600", "\u201cunclosed at the very end", "  \t\n\t\n  ",
]


def _check_spans(text: str) -> None:
    spans = quote_spans(text)
    previous_end = 0
    for start, end, closed in spans:
        assert previous_end <= start <= end <= len(text)
        assert not PARAGRAPH.search(text[start:end])  # a quote never crosses a paragraph break
        if closed:
            assert text[end] in ('"', "\u201d")
        assert text[start - 1] in ('"', "\u201c")
        previous_end = end


@pytest.mark.parametrize("text", NASTY)
def test_quotes_spans_never_raise_nasty(text: str):
    _check_spans(text)


def test_quotes_spans_never_raise_random():
    rng = random.Random(20210424)
    alphabet = ['"', "\u201c", "\u201d", "\u2018", "\u2019", "\n", "\n\n", " ", "a", "B", ".", "\r", "\t"]
    for _ in range(500):
        _check_spans("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))


# -- parse_number ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("100,000", 100000, None),
        ("1m", 1e6, None),
        ("one million", 1e6, None),
        ("a million", 1e6, None),
        ("1/3", 1 / 3, "fraction"),
        ("23", 23, None),
        ("1.5bn", 1.5e9, None),
        ("3 million", 3e6, None),
        ("two", 2, None),
    ],
)
def test_quotes_parse_number(text: str, value: float, unit: str | None):
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)
    assert parsed[1] == unit


@pytest.mark.parametrize("text", ["", " ", "abc", "-", "2/0"])
def test_quotes_parse_number_nothing(text: str):
    assert parse_number(text) is None


# -- acceptance on our seed-style articles ---------------------------------------------------------------
#
# tests/data/articles holds six articles of ours written in the style of the scraped seeds, and
# tests/data/articles.quotes.gold.jsonl their quotes (direct, partial, indirect, with speakers) and numeric claims,
# in the format of the seeds' gold (tests/data/quotes.gold.jsonl, which `detente gate` scores on the real seeds).

ARTICLES_DIR = Path(__file__).parent / "data" / "articles"
ARTICLES_GOLD = Path(__file__).parent / "data" / "articles.quotes.gold.jsonl"

# The seeds reach 0.90 on every figure (the gate's quotes suite holds them there). On our articles speakers are
# harder: 8 of 55 judged speakers are wrong (the known misses below, and indirect quotes given to the country of
# a named official, or to nobody for "The foreign ministry said"). The floor keeps today's figure from falling.
FLOORS = {"quote_recall": 0.90, "speaker_accuracy": 0.85, "claim_recall": 0.90}

# Marked quotes whose speaker the pipeline gets wrong today; each one xfails strictly, so a fix shows up.
KNOWN_WRONG_SPEAKERS = {
    ("02_germany_russia_cyber", "baseless"):
        "an official named in apposition (The Russian ambassador in Berlin, Pavel Orlov) resolves to his country",
    ("02_germany_russia_cyber", "looking for an enemy abroad"):
        "'He told reporters' goes to the last person quoted (Katrin Vogel), not to the ambassador just named",
    ("04_us_india_minerals", "on the basis of its own national interest"):
        "'External Affairs Minister Sunita Rao' gets no country of her own and takes USA from the US diplomat's "
        "meetings she is first named in",
    ("06_kenya_ethiopia_wire", "turned a page"):
        "a partial quote said by 'Kenya's foreign minister, Grace Wanjiru' goes to Kenya, not to the minister",
}


def _gold() -> list[dict]:
    return [json.loads(line) for line in ARTICLES_GOLD.read_text("utf-8").splitlines() if line.strip()]


def _article_records() -> list[dict]:
    return [{"id": path.stem, "text": path.read_text("utf-8")} for path in sorted(ARTICLES_DIR.glob("*.txt"))]


@pytest.fixture(scope="module")
def article_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("articles") / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _article_records()), "utf-8")
    return path


@pytest.fixture(scope="module")
def report(article_docs: Path) -> dict:
    return evaluate_quotes(article_docs, ARTICLES_GOLD)


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_quotes_articles_acceptance(report: dict, figure: str):
    value = report["overall"][figure]
    errors = [e for e in report["errors"] if e["kind"] != "missed_quote" or e.get("type") != "indirect"]
    assert value is not None and value >= FLOORS[figure], f"{figure} = {value}; errors: {errors}"


MARKED = [g for g in _gold()
          if g["kind"] == "quote" and g.get("type") in ("direct", "partial") and g.get("speaker_code")]


def test_quotes_articles_gold_is_there():
    gold = _gold()
    assert {g["doc_id"] for g in gold} == {r["id"] for r in _article_records()}
    assert {(g["doc_id"], g["start"]) for g in MARKED} >= set(KNOWN_WRONG_SPEAKERS)


@pytest.fixture(scope="module")
def article_quotes() -> list[dict]:
    from detente.pipeline.analyse import analyze_texts

    return [dict(q) for result in analyze_texts(_article_records()) for q in result.quotes]


def _marks(item: dict):
    reason = KNOWN_WRONG_SPEAKERS.get((item["doc_id"], item["start"]))
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.parametrize("item", [pytest.param(g, id=f"{g['doc_id'][:2]}-{g['start'][:30]}", marks=_marks(g))
                                  for g in MARKED])
def test_quotes_article_marked_quote_speaker(article_quotes: list[dict], item: dict):
    result = score_quotes([item], article_quotes, [])
    overall = result["overall"]
    assert overall["quote_recall"] == 1.0, result["errors"]
    assert overall["speaker_accuracy"] == 1.0, result["errors"]


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Kenya's president has urged Uganda to join a \u201cregional compact\u201d on trade.", "KEN",
                 id="urged-to-join"),
    pytest.param("Norway asked Sweden to back a \u201cfair deal\u201d for fishermen.", "NOR", id="asked-to-back"),
])
def test_partial_quote_in_what_one_urges_another_to_do_is_the_urgers(text: str, speaker: str) -> None:
    """"urged Britain to join a 'broad alliance'": the words are the urger's, though Britain would do the joining."""
    from detente.pipeline.analyse import analyze_texts

    quotes = [q for result in analyze_texts([{"id": "t", "text": text}]) for q in result.quotes]
    assert quotes and all((q["speaker"] or {}).get("code") == speaker for q in quotes), quotes
