"""Publication dates: record/HTML metadata, then the date header, then a dateline; never a guess."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.intake.prepare import prepare
from detente.intake.pubdate import find_dateline, parse_date
from detente.intake.readers import RawDocument, read_paths

pytestmark = pytest.mark.usefixtures("detente_env")


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Jan 9, 2023 | News", date(2023, 1, 9)),
        ("8 January 2023", date(2023, 1, 8)),
        ("Published: 3 March 2022", date(2022, 3, 3)),
        ("Posted on Sept. 14, 2021", date(2021, 9, 14)),
        ("Updated 2020-07-02", date(2020, 7, 2)),
        pytest.param("LONDON, March 22, 2021 (Reuters) -", date(2021, 3, 22)),
        pytest.param("WASHINGTON, D.C., Jan 5, 2022 (AP) -", date(2022, 1, 5)),
        ("LONDON, March 22 (Reuters) -", None),
        # A year later in the sentence is what the story is about, not when it was published.
        ("LONDON, March 22 (Reuters) - Britain said its 2019 deal with Brussels", None),
        ("Jan 32, 2023 | News", None),
        ("No date in this line at all", None),
    ],
)
def test_pubdate_dateline_forms(line, expected):
    found, _ = find_dateline(f"Some headline of the story\n\n{line}\n\nThe story starts here.")
    assert found == expected


def test_pubdate_dateline_returns_its_line():
    found, line = find_dateline("Foreign Office replies\n\nJan 9, 2023 | News\n\nLetter to Lord Alton")
    assert (found, line) == (date(2023, 1, 9), "Jan 9, 2023 | News")


def test_pubdate_dateline_only_near_the_top():
    text = "\n\n".join(f"Paragraph {i} of the story." for i in range(8)) + "\n\nPublished: 3 March 2022"
    assert find_dateline(text) == (None, None)


def test_pubdate_date_in_long_prose_line_is_not_a_dateline():
    text = ("8 January 2023 was the day the ministers finally met in Geneva after months of quiet talks "
            "between their deputies, officials said.")
    assert find_dateline(text)[0] is None


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2021-09-18", date(2021, 9, 18)),
        ("2022-08-03T09:12:00Z", date(2022, 8, 3)),
        ("2022-08-03T23:12:00+05:00", date(2022, 8, 3)),
        ("3 August 2022", date(2022, 8, 3)),
        ("August 3, 2022", date(2022, 8, 3)),
        ("2021-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_pubdate_parse_date(value, expected):
    assert parse_date(value) == expected


ARTICLES_DIR = Path(__file__).parent / "data" / "articles"
# Our articles in tests/data/articles (in the seeds' style): two date headers (glued to the first sentence, and
# alone on its line), a "Mar 3, 2022 | News" dateline, a wire dateline with its year, and two with no date at
# all (a "BEIJING, CHINA —" dateline carries none). The real seeds are checked in test_ingest_clean.
ARTICLE_DATES = [
    ("01_japan_australia_visit", date(2022, 3, 14), "date-header"),
    ("02_germany_russia_cyber", date(2021, 11, 2), "date-header"),
    ("03_australia_china_visit", None, None),
    ("04_us_india_minerals", None, None),
    ("05_netherlands_myanmar_letter", date(2022, 3, 3), "dateline: Mar 3, 2022 | News"),
    ("06_kenya_ethiopia_wire", date(2023, 5, 12),
     "dateline: NAIROBI, May 12, 2023 (Reuters) - Kenya and Ethiopia agreed on Friday to reopen two border crossings "
     "closed since last year and to set up a joint commission on cattle raids, the Kenyan foreign ministry said."),
]


@pytest.mark.parametrize("name,expected,source", ARTICLE_DATES, ids=[a[0][:2] for a in ARTICLE_DATES])
def test_pubdate_article_dates(name, expected, source):
    [raw] = list(read_paths([ARTICLES_DIR / f"{name}.txt"]))
    doc = prepare(raw)
    assert doc.published == expected
    assert doc.published_from == source


def test_pubdate_article_05_later_dates_are_not_the_dateline():
    """The letter's reference line ("... 2 March 2022") and the dates in its prose come after the dateline."""
    text = (ARTICLES_DIR / "05_netherlands_myanmar_letter.txt").read_text("utf-8")
    assert find_dateline(text) == (date(2022, 3, 3), "Mar 3, 2022 | News")


def _doc(text: str, published: str | None = None, **metadata: str) -> RawDocument:
    return RawDocument(text=text, origin="t.txt", format="txt", published=published, metadata=dict(metadata))


@pytest.mark.parametrize(
    "raw,expected,source",
    [
        (_doc(" date 2021-04-24 Jan 9, 2023 | News\n\nBody.", "2020-01-02"), date(2020, 1, 2), "field"),
        (_doc("Body only.", "2022-08-03", published_from="html-metadata"), date(2022, 8, 3), "html-metadata"),
        (_doc(" date 2021-04-24 Jan 9, 2023 | News\n\nBody."), date(2021, 4, 24), "date-header"),
        (_doc("Headline\n\nJan 9, 2023 | News\n\nBody.", "not a date"), date(2023, 1, 9),
         "dateline: Jan 9, 2023 | News"),
        (_doc("Headline\n\nBody without any date."), None, None),
    ],
    ids=["field-first", "html-metadata", "header-before-dateline", "bad-field-falls-back", "none"],
)
def test_pubdate_precedence_in_prepare(raw, expected, source):
    doc = prepare(raw)
    assert (doc.published, doc.published_from) == (expected, source)


def test_pubdate_invalid_date_header_gives_no_source():
    doc = prepare(_doc(" date 2021-02-30 Officials met on Monday.\n\nMore text."))
    assert doc.published is None
    assert doc.published_from is None


# -- a date stated near the top of an undated page -------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Ukraine, rebels sign truce\n\nThe ambassador speaks in Minsk, Sept. 5, 2014.\n\nBody.", date(2014, 9, 5)),
    ("Headline\n\nWashington – Today, the Treasury designated eight officials. August 9, 2020\n\nBody.",
     date(2020, 8, 9)),
    ("Headline\n\nBy A Reporter\n\nJanuary 06, 2016 10:51 AM\n\nBody.", date(2016, 1, 6)),
])
def test_pubdate_text_date_anchors_an_undated_page(text: str, expected: date):
    doc = prepare(_doc(text))
    assert doc.published == expected
    assert doc.published_from and doc.published_from.startswith(("text date:", "dateline:"))


def test_pubdate_text_date_only_near_the_top():
    filler = "\n\n".join(f"Paragraph {n} of the story says nothing about when." for n in range(20))
    doc = prepare(_doc(f"Headline\n\n{filler}\n\nIn a speech on 3 March 2019 he said so."))
    assert doc.published is None


def test_pubdate_field_beats_a_text_date():
    doc = prepare(_doc("Headline\n\nPhoto taken in Kyiv, Sept. 5, 2014.\n\nBody.", "2022-02-24"))
    assert doc.published == date(2022, 2, 24)
