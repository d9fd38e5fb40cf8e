"""Cleaning scraped text: widget lines go (each removal recorded with its rule), article paragraphs stay."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from detente.intake.clean import clean_text, load_rules, normalise
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, read_paths

pytestmark = pytest.mark.usefixtures("detente_env")

RULE_NAMES = {rule.name for rule in load_rules()}
BUILTIN_RULES = {"date-header", "repeated-headline"}


@dataclass(frozen=True)
class Seed:
    prefix: str
    header: str | None  # the " date YYYY-MM-DD" stamp on the first line
    widgets: tuple[tuple[str, str], ...]  # (line as it appears in the file, rule that must remove it)
    repeated_headline: str | None = None  # removed once, kept once


SEEDS = [
    Seed("000", "2021-04-24", ()),
    Seed("001", "2020-07-20", (("Leave Your Comments", "comment-widget"),)),
    Seed("002", None, (
        ("Connect with us", "social-heading"),
        ("Share this post via:", "share-widget"),
        ("Continue Reading", "continue-reading"),
        ("Click to comment", "comment-widget"),
        ("Notify of", "comment-widget"),
        ("Inline Feedbacks", "comment-widget"),
        ("View all comments", "comment-widget"),
    )),
    Seed("003", None, (), repeated_headline="Mike Pompeo urges UK to join alliance against China"),
    Seed("004", None, (
        ("Social Media", "social-heading"),
        ("Subscribe to Blog", "subscribe-widget"),
        ("Enter your email address to subscribe to this blog and receive notifications of new posts by email.",
         "subscribe-widget"),
        ("Site Search", "social-heading"),
        ("Recent Posts", "social-heading"),
        ("Share This", "share-widget"),
    )),
]


def _collapse(line: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", line).split())


def expected_paragraphs(raw: str, seed: Seed) -> list[str]:
    """The raw file's paragraphs (blank-line separated blocks), minus the seed's widget lines, the header
    stamp and the second copy of a repeated headline, after NFKC and whitespace collapsing."""
    widgets = {text for text, _ in seed.widgets}
    lines = [_collapse(line) for line in raw.split("\n")]
    if seed.header:
        first = next(i for i, line in enumerate(lines) if line)
        assert lines[first].startswith(f"date {seed.header}")
        lines[first] = lines[first].removeprefix(f"date {seed.header}").strip()
    headline_seen = False
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line:
            paragraphs.append([])
            continue
        if line in widgets:
            continue
        if line == seed.repeated_headline:
            if headline_seen:
                continue
            headline_seen = True
        paragraphs[-1].append(line)
    return ["\n".join(p) for p in paragraphs if p]


def _seed_file(seeds_dir: Path, prefix: str) -> Path:
    found = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not in {seeds_dir}")
    return found[0]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.prefix for s in SEEDS])
def test_clean_seed_keeps_every_paragraph(seeds_dir: Path, seed: Seed):
    raw = _seed_file(seeds_dir, seed.prefix).read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    expected = expected_paragraphs(raw, seed)
    assert len(expected) >= 10  # the oracle found the article, not an empty file
    assert cleaned.text.split("\n\n") == expected


@pytest.mark.parametrize("seed", SEEDS, ids=[s.prefix for s in SEEDS])
def test_clean_seed_widget_lines_removed_with_rule(seeds_dir: Path, seed: Seed):
    raw = _seed_file(seeds_dir, seed.prefix).read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    kept_lines = {line for line in cleaned.text.split("\n") if line}
    for text, _ in seed.widgets:
        assert text not in kept_lines
    expected = {(rule, text) for text, rule in seed.widgets}
    if seed.header:
        expected.add(("date-header", f"date {seed.header}"))
    if seed.repeated_headline:
        expected.add(("repeated-headline", seed.repeated_headline))
    assert {(r.rule, r.text) for r in cleaned.removals} == expected
    assert len(cleaned.removals) == len(expected)
    # Every removal names a known rule and points at the line it came from.
    raw_lines = normalise(raw).split("\n")
    for removal in cleaned.removals:
        assert removal.rule in RULE_NAMES | BUILTIN_RULES
        assert removal.text in _collapse(raw_lines[removal.line - 1])


@pytest.mark.parametrize("seed", SEEDS, ids=[s.prefix for s in SEEDS])
def test_clean_seed_date_header_not_in_text(seeds_dir: Path, seed: Seed):
    raw = _seed_file(seeds_dir, seed.prefix).read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.date_header == seed.header
    assert "date 20" not in cleaned.text
    assert not cleaned.text.startswith((" ", "\n"))


def test_clean_seed_000_header_not_glued_to_first_sentence(seeds_dir: Path):
    cleaned = clean_text(_seed_file(seeds_dir, "000").read_text(encoding="utf-8"))
    first = cleaned.text.split("\n\n")[0]
    assert first == ("The US president will attend the meeting of advanced economies in the UK in person in June, "
                     "where he is expected to raise the Uyghur issue.")


def test_clean_seed_003_repeated_headline_kept_once(seeds_dir: Path):
    cleaned = clean_text(_seed_file(seeds_dir, "003").read_text(encoding="utf-8"))
    paragraphs = cleaned.text.split("\n\n")
    headline = "Mike Pompeo urges UK to join alliance against China"
    assert paragraphs[0] == headline
    assert paragraphs.count(headline) == 1
    assert paragraphs[1].startswith("Mike Pompeo, US secretary of state, has urged Britain")


def test_clean_seeds_ingested_through_reader_and_prepare(seeds_dir: Path):
    paths = [_seed_file(seeds_dir, s.prefix) for s in SEEDS]
    docs = [prepare(item) for item in read_paths(paths)]
    assert len(docs) == 5
    assert [d.status for d in docs] == ["ok"] * 5
    assert [d.language for d in docs] == ["en"] * 5
    for doc, seed in zip(docs, SEEDS, strict=True):
        assert doc.text == clean_text(doc.raw_text).text
        assert len(doc.removals) == len(seed.widgets) + bool(seed.header) + bool(seed.repeated_headline)


# -- synthetic cases -----------------------------------------------------------------------------


def test_clean_paragraph_breaks_kept_and_blank_runs_collapsed():
    cleaned = clean_text("First paragraph line one.\nline two.\n\n\n\n\nSecond paragraph.\n\n")
    assert cleaned.text == "First paragraph line one.\nline two.\n\nSecond paragraph."
    assert cleaned.removals == []


def test_clean_date_header_alone_on_first_line():
    cleaned = clean_text(" date 2020-07-20 \n\n\nUK Foreign Secretary spoke.\n")
    assert cleaned.text == "UK Foreign Secretary spoke."
    assert cleaned.date_header == "2020-07-20"
    assert [(r.rule, r.line, r.text) for r in cleaned.removals] == [("date-header", 1, "date 2020-07-20")]


def test_clean_date_header_only_on_first_nonempty_line():
    text = "Headline\n\ndate 2021-01-01 appears later in the text."
    cleaned = clean_text(text)
    assert cleaned.date_header is None
    assert cleaned.text == text


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("The \ufb01nance ministry", "The finance ministry"),  # ligature
        ("ＵＮ　Security Council", "UN Security Council"),  # full-width letters and space
        ("Beijing\u200b said\u00a0on   Monday", "Beijing said on Monday"),  # zero-width, no-break, runs
        ("co\u00adoperation", "cooperation"),  # soft hyphen
        ("Line one\r\nLine two\r\n\r\nNext", "Line one\nLine two\n\nNext"),  # CRLF
    ],
)
def test_clean_normalises_unicode_and_whitespace(raw, expected):
    assert clean_text(raw).text == expected


@pytest.mark.parametrize(
    "line,rule",
    [
        ("Share this post via:", "share-widget"),
        ("Share on Facebook", "share-widget"),
        ("Facebook Twitter Email", "social-links"),
        ("Follow us", "social-heading"),
        ("Related Articles", "social-heading"),
        ("Subscribe to our newsletter", "subscribe-widget"),
        ("12 Comments", "comment-widget"),
        ("Read more »", "continue-reading"),
        ("We use cookies to improve your experience.", "cookie-notice"),
        ("Advertisement", "advertisement"),
        ("Photo: Reuters/John Smith", "photo-credit"),
    ],
)
def test_clean_widget_line_removed_by_rule(line, rule):
    cleaned = clean_text(f"An opening sentence of the story.\n\n{line}\n\nThe story goes on.")
    assert cleaned.text == "An opening sentence of the story.\n\nThe story goes on."
    assert [(r.rule, r.line, r.text) for r in cleaned.removals] == [(rule, 3, line)]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply in Hong Kong on Monday.",
        "Twitter and Facebook were blocked in the country.",
        "Search for survivors continues in the flooded region.",
        "Comments by the minister angered Beijing.",
        "Subscribers to the treaty met in Vienna.",
        "Reuters reported that the talks had stalled.",
        "Read more about the sanctions in the annex, the ministry said.",
        "Advertising revenue of state media fell by a third.",
        "Biden’s first trip abroad",
        "‘Fundamental disagreements’",
    ],
)
def test_clean_ordinary_sentences_kept(line):
    cleaned = clean_text(f"Headline of the story\n\n{line}\n\nThe story goes on.")
    assert cleaned.removals == []
    assert cleaned.text.split("\n\n")[1] == line


def test_clean_repeated_line_outside_headline_window_kept():
    body = "\n\n".join(f"Paragraph {i} of the article." for i in range(8))
    text = f"{body}\n\nParagraph 0 of the article."
    cleaned = clean_text(text)
    assert cleaned.text.split("\n\n").count("Paragraph 0 of the article.") == 2
    assert cleaned.removals == []


def test_clean_only_widgets_leaves_no_text_and_prepare_marks_failed():
    raw = RawDocument(text="Share this\n\nClick to comment\n\nAdvertisement\n", origin="w.txt", format="txt")
    doc = prepare(raw)
    assert doc.text == ""
    assert doc.status == "failed: no text after cleaning"
    assert [r.rule for r in doc.removals] == ["share-widget", "comment-widget", "advertisement"]


def test_clean_rules_have_unique_names_and_reasons():
    rules = load_rules()
    assert len(rules) == len({r.name for r in rules}) >= 8
    assert all(r.why for r in rules)
    assert not RULE_NAMES & BUILTIN_RULES
