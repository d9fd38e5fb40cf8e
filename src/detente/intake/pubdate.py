"""Publication dates: from the record or HTML metadata, else the date header, else a dateline."""

from __future__ import annotations

import re
from datetime import date, datetime

from detente.core.dates import MONTHS

__all__ = ["find_text_date", "parse_date", "find_dateline", "MONTHS"]

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
    """Parse a metadata date (ISO date or datetime, or a written date); None when it is not a date."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for form in _FORMS:
        match = form.search(value)
        if match:
            return _build(match["year"], match["month"], match["day"])
    return None


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
