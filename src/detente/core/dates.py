"""Resolve the time expressions of news text against the publication date.

Only expressions found by these patterns are normalised: a general date parser finds dates in ordinary
words ("we" as Wednesday), so nothing here searches free text for anything that merely parses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

__all__ = ["MONTHS", "TimeExpression", "find_time_expressions", "as_date", "format_date"]

#: Month names and the abbreviations news prints, to month numbers.
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        1,
    )
    for name in names
}

WEEKDAYS = {name: number for number, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})\b"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_REL = r"(?P<rel>last|this|next|past|coming|previous|earlier this|later this)"
_UNIT = r"(?P<unit>week|month|year|weekend)\b"
#: Counts written in words that "N weeks ago" uses.
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = r"(?P<count>" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + r"|\d{1,2})"
# "two weeks ago", "It is exactly two weeks since the agreement was struck": back from publication.
_AGO = rf"\b{_COUNT} (?P<agounit>day|week|month|year)s? (?:ago|since)\b"

# Ordered from most to least specific; the first pattern to claim a stretch of text wins it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in [
    ("iso", r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("range", rf"\bfrom (?P<day>[0-3]?\d)(?:st|nd|rd|th)? (?:to|-|until) (?:[0-3]?\d(?:st|nd|rd|th)? )?{_MONTH}"
              rf"(?: [0-3]?\d)?(?:,? {_YEAR})?"),
    ("day_month_year", rf"\b{_DAY} {_MONTH},? {_YEAR}"),
    ("month_day_year", rf"\b{_MONTH} {_DAY},? {_YEAR}"),
    ("day_month", rf"\b{_DAY} (?:of )?{_MONTH}"),
    ("month_day", rf"\b{_MONTH} {_DAY}(?!,? (?:19|20)\d\d)(?![\d:])"),
    ("month_year", rf"\b{_MONTH},? {_YEAR}"),
    ("ago", _AGO),
    ("relative_unit", rf"\b{_REL} {_UNIT}"),
    ("weekday", rf"\b(?:(?P<wrel>last|next|this|on|earlier on|late on|early on) )?{_WEEKDAY}"),
    ("month", rf"\b(?:in|by|since|until|this|last|next|early|late|mid-?|from) (?:(?P<mrel>last|next|this) )?{_MONTH}"
              r"(?! \d)"),
    ("year", rf"\b(?:in|since|by|during|until|from|of|for|early|late|mid-?) {_YEAR}"),
    ("bare_year", rf"(?<![\d/.,-]){_YEAR}(?![\d/-])"),
    ("today", r"\b(?P<word>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night)\b"),
]]


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    kind: str
    groups: dict[str, str | None]

    def resolve(self, published: date | None, *, future: bool | None = False) -> tuple[str | None, str | None]:
        """Return (date text at its precision, precision) or (None, None) when it cannot be placed.

        ``future``: True for an event still to come, False for one reported as done, None for a clause in the
        present tense (a day and month is then the nearest one)."""
        return _resolve(self, published, future)


def as_date(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def format_date(day: date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def find_time_expressions(text: str) -> list[TimeExpression]:
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if kind in ("month", "month_day", "day_month") and match.group("month").lower() in ("may", "march"):
                token = text[match.start("month"): match.end("month")]
                if not token[0].isupper():
                    continue  # "may" and "march" as verbs
            taken.append((start, end))
            found.append(TimeExpression(start, end, match.group(0), kind, match.groupdict()))
    return sorted(found, key=lambda t: t.start)


def _month_number(value: str | None) -> int | None:
    if not value:
        return None
    return int(value) if value.isdigit() else MONTHS.get(value.lower().rstrip("."))


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(expr: TimeExpression, published: date | None, future: bool | None) -> tuple[str | None, str | None]:
    year = int(expr.groups.get("year") or 0)
    if expr.kind == "bare_year" and published and abs(year - published.year) > BARE_YEAR_SPAN:
        return None, None  # a year alone far from the publication year is more likely a number than a date
    absolute = _absolute(expr)
    if absolute is not None or published is None:
        return absolute or (None, None)
    resolver = _RELATIVE.get(expr.kind)
    if resolver is None:
        return None, None
    try:  # month and year arithmetic checks the calendar's range itself; day arithmetic overflows
        return resolver(expr, published, future)
    except (OverflowError, ValueError):  # "last week" of a date at the calendar's edge: no date, not a crash
        return None, None


def _absolute(expr: TimeExpression) -> tuple[str | None, str | None] | None:
    """The date an expression states by itself (a year is part of it), or None when it needs the publication date."""
    g = expr.groups
    year = int(g.get("year") or 0) or None
    month = _month_number(g.get("month"))
    day = int(g.get("day") or 0) or None
    if not year:
        return None
    if expr.kind in ("iso", "day_month_year", "month_day_year", "range", "day_month", "month_day") and month and day:
        found = _safe(year, month, day)
        return (found.isoformat(), "day") if found else (None, None)
    if expr.kind == "month_year" and month:
        return f"{year:04d}-{month:02d}", "month"
    if expr.kind in ("year", "bare_year"):
        return f"{year:04d}", "year"
    return None


def _day_month(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    month, day = _month_number(expr.groups.get("month")), int(expr.groups.get("day") or 0) or None
    found = _nearest(published, month, day, future) if month and day else None
    return (found.isoformat(), "day") if found else (None, None)


def _month(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    month = _month_number(expr.groups.get("month"))
    if not month:
        return None, None
    rel = (expr.groups.get("mrel") or "").lower() or expr.text.split()[0].lower()
    target_year = published.year
    if rel == "last":
        target_year -= 1 if month >= published.month else 0
    elif rel == "next" or (future and rel != "this" and month < published.month):
        target_year += 1 if month <= published.month else 0
    elif not future and month > published.month and rel not in ("this",):
        target_year -= 1
    if not MINYEAR <= target_year <= MAXYEAR:
        return None, None
    return f"{target_year:04d}-{month:02d}", "month"


def _relative_unit(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    rel, unit = (expr.groups.get("rel") or "").lower(), (expr.groups.get("unit") or "").lower()
    step = -1 if rel in ("last", "past", "previous") else 1 if rel in ("next", "coming") else 0
    if unit in ("week", "weekend"):
        return format_date(published + timedelta(days=7 * step), "month"), "month"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        if not MINYEAR <= month_index // 12 <= MAXYEAR:
            return None, None
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
    if unit == "year":
        return (f"{published.year + step:04d}", "year") if MINYEAR <= published.year + step <= MAXYEAR else (None, None)
    return None, None


def _ago(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    """"three days ago" is a day; "two months ago" a month and "five years ago" a year: the precision the
    count states (a week count is read as days, N x 7 back)."""
    count_text = (expr.groups.get("count") or "").lower()
    count = int(count_text) if count_text.isdigit() else COUNT_WORDS.get(count_text, 0)
    unit = (expr.groups.get("agounit") or "").lower()
    if not count or published.year - count < 1:
        return None, None  # no count, or before the calendar begins
    if unit in ("day", "week"):
        return (published - timedelta(days=count * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 - count
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
    return f"{published.year - count:04d}", "year"


def _weekday(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    weekday = WEEKDAYS[(expr.groups.get("weekday") or "").lower()]
    rel = (expr.groups.get("wrel") or "").lower()
    if rel == "next" or (future and rel != "last"):
        ahead = (weekday - published.weekday()) % 7 or 7
        return (published + timedelta(days=ahead)).isoformat(), "day"
    back = (published.weekday() - weekday) % 7
    if rel == "last" and back == 0:
        back = 7
    return (published - timedelta(days=back)).isoformat(), "day"


def _today(expr: TimeExpression, published: date, future: bool | None) -> tuple[str | None, str | None]:
    word = (expr.groups.get("word") or "").lower()
    shift = -1 if word in ("yesterday", "last night") else 1 if word == "tomorrow" else 0
    return (published + timedelta(days=shift)).isoformat(), "day"


#: A bare year this many years or more from the publication year is read as a number.
BARE_YEAR_SPAN = 30

_RELATIVE: dict[str, Callable[[TimeExpression, date, bool | None], tuple[str | None, str | None]]] = {
    "range": _day_month, "day_month": _day_month, "month_day": _day_month,
    "month": _month, "relative_unit": _relative_unit, "ago": _ago, "weekday": _weekday, "today": _today,
}


def _nearest(published: date, month: int, day: int, future: bool | None) -> date | None:
    """The latest such day on or before publication, the coming one for future events, and for a clause in the
    present tense (``future`` None) whichever is closer to the publication date."""
    this_year = _safe(published.year, month, day)
    if this_year is None:
        return None
    if future is None:
        options = [d for d in (_safe(published.year + step, month, day) for step in (-1, 0, 1)) if d is not None]
        return min(options, key=lambda d: abs((d - published).days))
    if future:
        return this_year if this_year >= published else _safe(published.year + 1, month, day)
    return this_year if this_year <= published else _safe(published.year - 1, month, day)
