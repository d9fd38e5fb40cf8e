"""Find quoted stretches of text without ever failing on unbalanced marks.

News style opens a quote in one paragraph and, when the quote goes on, re-opens it in the next without
closing the first. Quotes are therefore found per paragraph: an unclosed quote ends at its paragraph's
end, and the next paragraph starts outside any quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["QuoteIndex", "quote_spans"]

_OPEN = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"'}
_PARAGRAPH = re.compile(r"\n\s*\n")


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Return (start, end, closed) character spans of the text inside double quotation marks.

    Single quotes are left out: in English news they are mostly apostrophes ("Beijing's"), and
    headline-style single quotes rarely carry speech.
    """
    spans: list[tuple[int, int, bool]] = []
    start = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        spans.extend(_paragraph_spans(text, start, end))
        start = match.end() if match else len(text)
    return spans


def _paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    spans: list[tuple[int, int, bool]] = []
    opened: int | None = None
    closer = ""
    for index in range(start, end):
        char = text[index]
        if opened is None:
            if char in ("\u201c", '"'):
                opened, closer = index + 1, _OPEN[char]
        elif char == closer or (closer == "\u201d" and char == '"'):
            spans.append((opened, index, True))
            opened = None
    if opened is not None and end > opened:
        spans.append((opened, end, False))
    return spans


class QuoteIndex:
    """The quote spans of one text with a binary search over their starts: "is this offset quoted?" costs
    log(quotes) instead of a scan, so a text with thousands of quotes stays linear to read."""

    def __init__(self, spans: Sequence[tuple[int, int, bool]]) -> None:
        self.spans = list(spans)
        self.starts = [start for start, _, _ in self.spans]
        # spans never overlap (one paragraph at a time, each closed before the next opens), so the candidate for
        # an offset is the last span starting at or before it
        self._sorted = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))

    def at(self, position: int) -> tuple[int, int, bool] | None:
        """The span holding ``position`` (start <= position < end), if any."""
        if not self._sorted:  # spans given by hand in another order: the plain scan, same answer
            return next((s for s in self.spans if s[0] <= position < s[1]), None)
        at = bisect.bisect_right(self.starts, position) - 1
        if at >= 0 and position < self.spans[at][1]:
            return self.spans[at]
        return None
