"""Title-case headlines, read in sentence case.

"China Sanctions Several US Citizens": in a headline every word is capitalised, and the tagger reads them all as
names, so no verb is found. Before parsing, the words of a title-case heading line that are not names Detente
knows (states, organisations, people, nationality words) or acronyms are lower-cased; the parser then sees
"China sanctions several US citizens". Only the case of letters changes, never the length, so every offset
still points into the original text, from which evidence is cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["sentence_case"]

# A heading is a line this short with no final punctuation, most of whose longer words are capitalised.
HEADING_MAX_WORDS = 20
TITLE_CASE_SHARE = 0.7
# Words shorter than this do not count towards title case ("of", "in", "as" are lower-cased by many sites).
COUNTED_LENGTH = 4
_FINAL = (".", "!", "?", ":", ";", '"', "\u201d")
_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")


def _title_case(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= HEADING_MAX_WORDS or line.rstrip().endswith(_FINAL):
        return False
    counted = [w for w in words if len(w) >= COUNTED_LENGTH and w[0].isalpha()]
    return bool(counted) and sum(w[0].isupper() for w in counted) / len(counted) >= TITLE_CASE_SHARE


def sentence_case(text: str, known: Callable[[str], bool]) -> str:
    """``text`` with its title-case heading lines in sentence case; ``known(word)`` keeps a name's capitals."""
    out: list[str] = []
    for line in text.split("\n"):
        if not _title_case(line):
            out.append(line)
            continue
        first = True

        def lower(match: re.Match[str]) -> str:
            nonlocal first
            word = match.group(0)
            keep = first or word.isupper() or known(word) or len(word.lower()) != len(word)
            first = False
            return word if keep else word.lower()

        out.append(_WORD.sub(lower, line))
    return "\n".join(out)
