"""Publication dates: from the record or HTML metadata, else the date header, else a dateline."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

from detente.core import settings
from detente.core.dates import MONTHS

__all__ = ["find_text_date", "parse_date", "parse_published", "find_dateline", "MONTHS"]

#: No news corpus Detente codes predates this; an earlier "published" value is a placeholder (0001-01-01) or a typo.
EARLIEST_PUBLISHED = date(1900, 1, 1)
#: Embargoed releases may carry a date a little ahead; a year ahead of today is a typo or a placeholder (2099).
LATEST_AHEAD = timedelta(days=366)
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
#: Real UTC offsets run from -12:00 to +14:00; "+25:00" is a broken timestamp, not a time zone.
MAX_OFFSET_HOURS = 14
_OFFSET = re.compile(r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})$")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# "Jan 9, 2023", "January 9 2023", "9 January 2023", "2023-01-09": the forms news pages print.
_FORMS = [
    re.compile(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"),
]
# Datelines sit in the first lines of a story; later dates are what the story is about.
DATELINE_WINDOW = 6
# A dateline line is short ("Jan 9, 2023 | News", "Published: 8 January 2023"); long lines are prose.
DATELINE_MAX_CHARS = 80
_LABEL = re.compile(r"^(?:(?:published|posted|updated|date|dated|first published)(?: on)?\s*:?\s*)", re.IGNORECASE)
# "LONDON, March 22 (Reuters) -": a wire dateline; it has no year.
WIRE_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z .'-]{{1,40}},(?:\s*[A-Z][A-Za-z .'-]{{1,30}},)?\s+(?i:{_MONTH})\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
)


def _build(year: str, month: str, day: str) -> date | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    """Parse a metadata date (see :func:`parse_published`); None when it is not a plausible date."""
    return parse_published(value)[0]


def parse_published(value: object) -> tuple[date | None, str | None]:
    """A publication date and None, or None and why the value was rejected (None for an empty value).

    Accepted: ISO dates and datetimes (a valid offset), ``YYYYMMDD``, RFC 2822 (``Tue, 09 Jan 2024 10:00:00
    GMT``), written dates ("9 January 2024") and numeric ``12/03/2021`` read by the ``numeric_dates`` setting
    (``dmy`` or ``mdy``; unset, only when one part cannot be a month). The date must fall between 1900 and a year
    after today. Records given as dicts (``extract``) may hold a ``date``, a number or a boolean, not only text:
    a date is range-checked as it is, a number read as its digits, a boolean rejected."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"not a date: {value!r}"
    if isinstance(value, date):
        return _plausible(value.date() if isinstance(value, datetime) else value)
    text = str(value).strip()
    if not text:
        return None, None
    offset = _OFFSET.search(text)
    if offset and (int(offset["hours"]) > MAX_OFFSET_HOURS or int(offset["minutes"]) > 59):
        return None, f"impossible UTC offset in {text[:40]!r}"
    if (numeric := _NUMERIC.fullmatch(text)) is not None and _numeric(int(numeric["a"]), int(numeric["b"]),
                                                                       numeric["year"]) is None:
        return None, f"ambiguous or impossible numeric date {text!r} (set numeric_dates to dmy or mdy)"
    found = _parsed(text)
    if found is None:
        return None, f"not a date: {text[:40]!r}"
    return _plausible(found)


def _plausible(found: date) -> tuple[date | None, str | None]:
    if found < EARLIEST_PUBLISHED or found > date.today() + LATEST_AHEAD:
        return None, f"implausible date: {found.isoformat()} (expected 1900 to a year from today)"
    return found, None


def _parsed(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if (match := _COMPACT.fullmatch(text)) is not None:
        return _build(match["year"], match["month"], match["day"])
    if (match := _NUMERIC.fullmatch(text)) is not None:
        return _numeric(int(match["a"]), int(match["b"]), match["year"])
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    for form in _FORMS:
        match = form.search(text)
        if match:
            return _build(match["year"], match["month"], match["day"])
    return None


def _numeric(first: int, second: int, year: str) -> date | None:
    """``a/b/YYYY``: the ``numeric_dates`` order, else the only reading in which a part is a month."""
    order = settings.get("numeric_dates").strip().lower()
    if order not in ("dmy", "mdy"):
        order = "dmy" if first > 12 >= second else "mdy" if second > 12 >= first else ""
    if not order:
        return None
    day, month = (first, second) if order == "dmy" else (second, first)
    return _build(year, str(month), str(day))


def find_dateline(text: str) -> tuple[date | None, str | None]:
    """Return (date, the line it came from) for a dateline in the first lines, or (None, reason)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:DATELINE_WINDOW]
    reason = None
    for line in lines:
        if len(line) <= DATELINE_MAX_CHARS:
            body = _LABEL.sub("", line)
            for form in _FORMS:
                match = form.match(body)
                if match:
                    found = _build(match["year"], match["month"], match["day"])
                    if found:
                        return found, line
        match = WIRE_DATELINE.match(line)
        if match:
            if match["year"]:
                found = _build(match["year"], match["month"], match["day"])
                if found:
                    return found, line
            reason = "wire dateline without a year"
    return None, reason


# A page with no date of its own usually states one near its top: a byline time, a photo caption ("... in Minsk,
# Sept. 5, 2014."), a place-and-date lead ("Washington - ... August 9, 2020"). Lines this long or shorter, this
# near the top, are searched.
TEXT_DATE_WINDOW = 12
TEXT_DATE_MAX_WORDS = 90


def find_text_date(text: str) -> tuple[date | None, str | None]:
    """The first full date (day, month and year) stated near the top of a text, and its line: the anchor of an
    undated page's relative dates ("on Saturday"). None when the top of the text states no full date."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:TEXT_DATE_WINDOW]
    for line in lines:
        if len(line.split()) > TEXT_DATE_MAX_WORDS:
            continue
        for form in _FORMS:
            match = form.search(line)
            if match:
                found = _build(match["year"], match["month"], match["day"])
                if found:
                    return found, line
    return None, None
