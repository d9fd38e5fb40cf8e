"""Clean scraped plain text: drop widget lines, a repeated headline and the date header, normalise
unicode and whitespace, and keep paragraph breaks (the sentence splitter depends on them).

Each removal is recorded with its rule, so nothing disappears without a trace.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources

from detente.core.records import WarningRecord

__all__ = ["Removal", "Cleaned", "clean_text", "cut_token_runs", "load_rules", "strip_controls", "DATE_HEADER",
           "LONG_WORD_MAX", "PUNCT_RUN_MAX"]

# " date 2021-04-24 ..." on the first line: how our users' scrapers stamp files (see the seeds).
DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
# A headline repeated by the scraper shows up within the first few lines.
HEADLINE_WINDOW = 5
# Characters that are invisible or layout-only in scraped text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# C0 and C1 control characters, DEL and lone surrogates (from JSON escapes; they cannot be stored as UTF-8): never
# text, and NULs break tools downstream. Tab, newline, carriage return and form feed are layout, and stay.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: A run of punctuation or quotation marks (no letter, digit or space) longer than this is cut to this length:
#: no sentence needs more, and spaCy's tokenizer and parser slow down badly on long runs of marks (a 100 KB file
#: of quotation marks did not finish in 15 minutes).
PUNCT_RUN_MAX = 20
#: A "word" with no space longer than this (an encoded blob, a 1 MB line of one token) is cut to its first
#: LONG_WORD_KEEP characters: no word is that long, and the tokenizer's affix search is slow on it.
LONG_WORD_MAX = 1_000
LONG_WORD_KEEP = 100
# one pass over the text, so every cut's offset is in the text as read
_TOKEN_RUN = re.compile(rf"(?P<punct>[^\w\s]{{{PUNCT_RUN_MAX + 1},}})|(?P<word>\S{{{LONG_WORD_MAX + 1},}})")


@dataclass(frozen=True)
class Removal:
    rule: str
    line: int
    text: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Cleaned:
    text: str
    removals: list[Removal]
    date_header: str | None
    warnings: list[WarningRecord] = field(default_factory=list)


@dataclass(frozen=True)
class _Rule:
    name: str
    why: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def load_rules() -> tuple[_Rule, ...]:
    data = tomllib.loads(resources.files("detente.data").joinpath("cleaning.toml").read_text("utf-8"))
    return tuple(
        _Rule(r["name"], r["why"], re.compile(r["pattern"], re.IGNORECASE)) for r in data["rule"]
    )


def strip_controls(text: str) -> tuple[str, WarningRecord | None]:
    """The text without control characters, and a warning with how many were removed and where the first was."""
    first = CONTROL_CHARACTERS.search(text)
    if first is None:
        return text, None
    stripped, count = CONTROL_CHARACTERS.subn("", text)
    return stripped, WarningRecord(stage="clean", kind="control-characters", count=count, offset=first.start(),
                                   detail=f"{count} control character{'s' if count != 1 else ''} removed "
                                          f"(first {first.group()!r} at character {first.start()})")


def cut_token_runs(text: str) -> tuple[str, WarningRecord | None]:
    """The text with runs of punctuation over :data:`PUNCT_RUN_MAX` and words over :data:`LONG_WORD_MAX`
    characters cut short, and a warning with how many characters were removed and where the first cut was."""
    removed = 0
    first: int | None = None

    def cut(match: re.Match[str]) -> str:
        nonlocal removed, first
        keep = PUNCT_RUN_MAX if match.group("punct") else LONG_WORD_KEEP
        removed += len(match.group()) - keep
        first = match.start() + keep if first is None else first
        return match.group()[:keep]

    text = _TOKEN_RUN.sub(cut, text)
    if first is None:
        return text, None
    return text, WarningRecord(stage="clean", kind="token-run", count=removed, offset=first,
                               detail=f"{removed} character{'s' if removed != 1 else ''} of overlong runs of "
                                      f"punctuation or unbroken text removed (first at character {first})")


def normalise(text: str) -> str:
    """Control characters removed, Unicode NFKC (ligatures, full-width forms, odd spaces), newlines normalised."""
    text = CONTROL_CHARACTERS.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return unicodedata.normalize("NFKC", text)


def clean_text(text: str) -> Cleaned:
    """Return the cleaned text with the record of what was removed and the date header if any."""
    # runs are cut first, so the warning's offset is in the text as read; the control-character warning is taken
    # from that text too (a control character inside a cut run is removed with it)
    _, controls = strip_controls(text)
    text, runs = cut_token_runs(text)
    text = strip_controls(text)[0]
    text = normalise(text)
    lines = text.split("\n")
    removals: list[Removal] = []
    date_header = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = DATE_HEADER.match(line)
        if match:
            date_header = match.group(1)
            removals.append(Removal("date-header", index + 1, match.group(0).strip()))
            lines[index] = line[match.end():]
        break

    rules = load_rules()
    kept: list[str | None] = []
    seen_heads: list[str] = []
    for index, line in enumerate(lines):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            kept.append(None)
            continue
        rule = next((r for r in rules if r.pattern.fullmatch(line)), None)
        if rule is not None:
            removals.append(Removal(rule.name, index + 1, line))
            continue
        key = line.casefold()
        if len(seen_heads) < HEADLINE_WINDOW:
            if key in seen_heads:
                removals.append(Removal("repeated-headline", index + 1, line))
                continue
            seen_heads.append(key)
        kept.append(line)

    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*kept, None]:  # type: ignore[assignment]  # None closes the last paragraph
        if line is None:
            if block:
                paragraphs.append("\n".join(block))
                block = []
        else:
            block.append(line)
    warnings = [w for w in (controls, runs) if w is not None]
    return Cleaned("\n\n".join(paragraphs), removals, date_header, warnings)
