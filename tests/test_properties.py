"""Property tests for the stages that meet whatever users feed them: the readers on arbitrary bytes, the published-date
parser on arbitrary values, the relative-date resolver at the calendar's edges, and the whole analysis on arbitrary
unicode. The decoder and cleaner have theirs in ``test_ingest_decode.py``. Each suite is small (tens of examples)
so that all of them together stay well under a minute on a shared machine."""

from __future__ import annotations

import json
import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detente.core.dates import MONTHS, WEEKDAYS, find_time_expressions
from detente.intake.decode import Undecodable, decode_bytes
from detente.intake.prepare import prepare
from detente.intake.pubdate import EARLIEST_PUBLISHED, LATEST_AHEAD, parse_published
from detente.intake.readers import SNIFF_BYTES, RawDocument, ReadFailure, read_paths
from detente.pipeline.analyse import Item, analyze_docs

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- readers --------------------------------------------------------------------------------------------------

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
_JSON_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)
_RECORDS = st.dictionaries(st.sampled_from(["id", "text", "published", "title", "url", "extra"]), _JSON_VALUES,
                           max_size=5)
_LINE_BYTES = st.one_of(
    _RECORDS.map(lambda r: json.dumps(r).encode()),
    _RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    st.binary(max_size=60),
    st.text(max_size=60).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
# Mostly structured lines with stray bytes and garbage among them, and fully arbitrary bytes.
_FILE_BYTES = st.one_of(st.binary(max_size=400), st.lists(_LINE_BYTES, max_size=6).map(b"\n".join),
                        st.lists(st.text(max_size=40), min_size=1, max_size=5).map(
                            lambda cells: ("text,id\n" + "\n".join(",".join(cells[i:i + 2])
                                                                    for i in range(len(cells)))).encode()))
_SUFFIXES = st.sampled_from([".txt", ".jsonl", ".csv", ".html"])


def _whole_file_failure(data: bytes) -> bool:
    """Whether the file as a whole is refused (empty, binary, undecodable): then no line number applies."""
    head = data[:SNIFF_BYTES]
    return not head.strip() or isinstance(decode_bytes(head, final=False), Undecodable)


@FAST
@given(data=_FILE_BYTES, suffix=_SUFFIXES)
@example(data=b"", suffix=".jsonl")
@example(data=b"[" * 100_000, suffix=".jsonl")
@example(data=b'{"text": "a"}\n\xff\xfe\xfd\n{"text": 1}', suffix=".jsonl")
@example(data=b'text\n"unterminated', suffix=".csv")
@example(data=b"<html><body><p>menu</p></body></html>", suffix=".html")
def test_readers_report_every_input(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_paths([path]))
    assert items, "an input vanished without a document or a failure"
    for item in items:
        assert isinstance(item, RawDocument | ReadFailure), item
        if isinstance(item, ReadFailure):
            assert item.path == str(path) and item.reason.strip()
            if suffix in (".jsonl", ".csv") and not (_whole_file_failure(data) or items == [item]):
                assert isinstance(item.line, int) and item.line >= 1, item
        else:
            assert item.origin == str(path) and item.text.strip()
            if suffix in (".jsonl", ".csv"):
                assert isinstance(item.line, int) and item.line >= 1


# -- published dates ------------------------------------------------------------------------------------------

_DATEISH = st.builds(lambda y, m, d, sep: f"{y:04d}{sep}{m:02d}{sep}{d:02d}", st.integers(0, 99999),
                     st.integers(0, 99), st.integers(0, 99), st.sampled_from(["-", "", "/", "."]))
_PUBLISHED = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40), _DATEISH,
                       st.dates(), st.from_regex(r"\d{1,2}/\d{1,2}/\d{4}", fullmatch=True),
                       st.from_regex(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", fullmatch=True))


@FAST
@given(value=_PUBLISHED)
@example(value="0001-01-01")
@example(value="2099-12-31")
@example(value="2021-02-30")
@example(value=99999999)
@example(value=True)
@example(value="2021-01-01T10:00:00+25:00")
def test_published_parser_never_raises_and_keeps_rejections(value: object):
    found, reason = parse_published(value)
    if found is not None:
        assert reason is None
        assert EARLIEST_PUBLISHED <= found <= date.today() + LATEST_AHEAD
    elif value is not None and str(value).strip():
        assert reason, f"{value!r} rejected without a reason"
    doc = prepare(RawDocument(text="The ministers met in Geneva to talk about trade and shipping.", origin="p.txt",
                              format="txt", published=value))  # type: ignore[arg-type]  # arbitrary on purpose
    if found is not None:
        assert doc.published == found and doc.published_from == "field"
    elif reason:
        assert doc.metadata["published_raw"] == str(value) and doc.metadata["published_rejected"] == reason


# -- relative dates -------------------------------------------------------------------------------------------

_WORDS = st.sampled_from(sorted(MONTHS) + sorted(WEEKDAYS))
_EXPRESSIONS = st.one_of(
    st.builds("{} {}".format, st.sampled_from(["last", "this", "next", "past", "coming", "previous", "earlier this",
                                               "later this"]), st.sampled_from(["week", "month", "year", "weekend"])),
    st.builds("{} {}".format, st.sampled_from(["last", "next", "this", "on", "earlier on", "late on", "early on"]),
              st.sampled_from(sorted(WEEKDAYS)).map(str.capitalize)),
    st.builds("{} {}".format, st.sampled_from(["in", "by", "since", "until", "this", "last", "next", "early", "late",
                                               "from", "in last", "in next", "in this"]),
              st.sampled_from(sorted(MONTHS)).map(str.capitalize)),
    st.builds("on {} {}".format, st.integers(0, 39), st.sampled_from(sorted(MONTHS)).map(str.capitalize)),
    st.builds("{} {}".format, st.sampled_from(sorted(MONTHS)).map(str.capitalize), st.integers(0, 39)),
    st.builds("from {} to {} {}".format, st.integers(1, 31), st.integers(1, 31),
              st.sampled_from(sorted(MONTHS)).map(str.capitalize)),
    st.sampled_from(["today", "yesterday", "tomorrow", "tonight", "this morning", "last night"]),
    st.builds("in {}".format, st.integers(1800, 2099)), st.integers(1800, 2099).map(str),
    _WORDS,
)
_ANCHORS = st.dates(min_value=date.min, max_value=date.max)
_VALUE = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "month": re.compile(r"\d{4}-\d{2}"), "year": re.compile(r"\d{4}")}


def _valid(value: str, precision: str) -> bool:
    if not _VALUE[precision].fullmatch(value):
        return False
    year, month, day = (int(p) for p in (value + "-01-01")[:10].split("-"))
    try:
        return date.min <= date(year, month, day) <= date.max
    except ValueError:
        return False


@settings(max_examples=300, deadline=None)
@given(anchor=_ANCHORS, expression=_EXPRESSIONS, future=st.sampled_from([True, False, None]))
@example(anchor=date.min, expression="last week", future=False)
@example(anchor=date.max, expression="next week", future=True)
@example(anchor=date.min, expression="last month", future=False)
@example(anchor=date.max, expression="next year", future=True)
@example(anchor=date.min, expression="last January", future=False)
@example(anchor=date.max, expression="in January", future=True)
@example(anchor=date.min, expression="last Monday", future=False)
@example(anchor=date.max, expression="tomorrow", future=True)
def test_relative_dates_stay_in_the_calendar(anchor: date, expression: str, future: bool | None):
    for found in find_time_expressions(f"The ministers met {expression} in Geneva."):
        value, precision = found.resolve(anchor, future=future)
        assert (value is None) == (precision is None)
        if value is not None and precision is not None:
            assert _valid(value, precision), (anchor, expression, value, precision)


# -- the analysis on arbitrary text ---------------------------------------------------------------------------

_SENTENCES = st.sampled_from([
    "France condemned the attack by Russia on a hospital in Kharkiv on Monday.",
    "“We will not accept this,” the French foreign minister said last week.",
    "The United States and China agreed to resume talks in Geneva next month.",
    "Ukrainian forces shelled positions near Donetsk, killing 12 soldiers, officials said.",
    "President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on 9 January 2024.",
    "Iran's foreign ministry said it \"rejects\" the sanctions imposed by the European Union.",
    "\n\n", "  ", "\t", "\u00a0", "\u200b", "“", "”", "\"", "'",
])
_TEXTS = st.one_of(
    st.text(max_size=120),
    st.lists(_SENTENCES | st.text(max_size=12), min_size=1, max_size=8).map(" ".join),
    st.lists(_SENTENCES | st.text(alphabet=st.characters(categories=["Lu", "Ll", "Zs", "Po", "Pi", "Pf"]),
                                                         max_size=15), min_size=1, max_size=6).map("".join),
)
_PUBLISHED_DATES = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
                             st.sampled_from([date.min, date.max]))


def _analyse(text: str, published: date | None):
    [result] = list(analyze_docs([Item("prop", text, published)], batch_size=4))
    return result


def _inside(text: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, published=_PUBLISHED_DATES)
@example(text="France condemned Russia last week.", published=date.min)
@example(text="Germany will meet China next year.", published=date.max)
@example(text="“" * 50, published=None)
@example(text="A000 0 Aa", published=None)
def test_analysis_of_any_text_keeps_its_offsets_and_ids(text: str, published: date | None):
    result = _analyse(text, published)
    assert result.failure is None, result.failure
    for event in result.events:
        assert _inside(text, event["start_char"], event["end_char"])
        assert event["evidence"] == text[event["start_char"]:event["end_char"]].strip()
        for mention in event["mentions"]:
            assert _inside(text, mention["start_char"], mention["end_char"])
            assert mention["evidence"] == text[mention["start_char"]:mention["end_char"]].strip()
        if event["date"] is not None:
            assert _valid(event["date"], event["date_precision"] or "day")
    for mention in result.mentions:
        assert _inside(text, mention["start_char"], mention["end_char"])
        assert mention["text"] == text[mention["start_char"]:mention["end_char"]]
    for quote in result.quotes:
        assert _inside(text, quote["start_char"], quote["end_char"])
        assert quote["text"] == text[quote["start_char"]:quote["end_char"]].strip(" ,.")
    for claim in result.claims:
        assert _inside(text, claim["start_char"], claim["end_char"])
        assert claim["text"] == text[claim["start_char"]:claim["end_char"]]
    again = _analyse(text, published)
    assert [e["event_id"] for e in again.events] == [e["event_id"] for e in result.events]
    assert [m["mention_id"] for m in again.mentions] == [m["mention_id"] for m in result.mentions]
    assert [q["quote_id"] for q in again.quotes] == [q["quote_id"] for q in result.quotes]
    assert again.events == result.events



# -- regressions: what the suites found -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix,data", [(".csv", b"text,id\n"), (".csv", b"S"), (".jsonl", b"\xff\xfe"),
                                         (".csv", b"text\r\n")])
def test_a_record_file_with_no_records_is_reported(tmp_path: Path, suffix: str, data: bytes):
    """A header alone or a bare byte-order mark once yielded nothing at all: the input vanished from the run."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    [item] = list(read_paths([path]))
    assert isinstance(item, ReadFailure) and item.path == str(path) and item.reason == "no records in file"


@pytest.mark.parametrize("suffix", [".txt", ".html", ".json"])
@pytest.mark.parametrize("data", [b"\xff\xfe", b"\xfe\xff\x00 \x00\n", b"\xef\xbb\xbf \n"])
def test_a_document_file_of_a_bom_and_spaces_is_empty(tmp_path: Path, suffix: str, data: bytes):
    """A byte-order mark alone once gave a document with no text (or, as .json, nothing at all)."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    [item] = list(read_paths([path]))
    assert isinstance(item, ReadFailure) and item.reason.startswith("empty file")


@pytest.mark.parametrize("value,expected,rejected", [
    (date(2024, 1, 9), date(2024, 1, 9), None),
    (datetime(2024, 1, 9, 10, 30), date(2024, 1, 9), None),
    (20240109, date(2024, 1, 9), None),
    (date(1, 1, 1), None, "implausible date: 0001-01-01 (expected 1900 to a year from today)"),
    (True, None, "not a date: True"),
    (False, None, "not a date: False"),
    (0, None, "not a date: '0'"),
])
def test_published_values_that_are_not_text(value: object, expected: date | None, rejected: str | None):
    """Dict records (``extract``) carry dates, numbers and booleans: these once raised AttributeError on
    ``.strip()``; 0 and False were dropped without a trace."""
    assert parse_published(value) == (expected, rejected)
    doc = prepare(RawDocument(text="The ministers met in Geneva to talk about trade and shipping.", origin="p.txt",
                              format="txt", published=value))  # type: ignore[arg-type]
    assert doc.published == expected
    if rejected:
        assert doc.metadata == {"published_raw": str(value), "published_rejected": rejected}


def test_extract_text_with_a_date_object():
    from detente.pipeline.extract import extract_text

    events = extract_text("France condemned the attack by Russia on a hospital in Kharkiv on Monday.",
                          published=date(2024, 1, 10))
    assert events and {e["date"] for e in events} == {"2024-01-08"}


@pytest.mark.parametrize("anchor,expression", [
    (date.min, "last month"), (date.min, "last year"), (date.min, "in last January"), (date.min, "in December"),
    (date.max, "next month"), (date.max, "next year"), (date.max, "in next December"),
])
def test_month_and_year_arithmetic_at_the_calendar_edge(anchor: date, expression: str):
    """These once gave ``0000-12``, ``0000`` or ``10000``: strings no date can hold."""
    [found] = find_time_expressions(f"The ministers met {expression} in Geneva.")
    assert found.resolve(anchor, future=None) == (None, None)
    assert found.resolve(anchor, future=anchor == date.max) == (None, None)


def test_headline_claims_and_quotes_keep_the_text_as_written():
    """A headline-cased text is parsed in sentence case; its claims (and quotes) were cut from that copy ("0 aa")
    instead of the text as written, unlike its events and mentions."""
    text = "A000 0 Aa"
    [claim] = _analyse(text, None).claims
    assert claim["text"] == text[claim["start_char"]:claim["end_char"]] == "0 Aa"


def test_extract_does_not_anchor_on_a_rejected_published_value():
    """``extract`` used to fall back to the raw value when the parser rejected it, so 0001-01-01 anchored
    "last week" where ``ingest`` (rightly) did not."""
    from detente.pipeline.analyse import prepared_items

    [item] = list(prepared_items([{"id": "x", "published": "0001-01-01",
                                   "text": "France condemned the attack by Russia last week, the ministry said."}]))
    assert item.published is None
