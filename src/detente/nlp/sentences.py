"""The ``detente_sentences`` component: sentence starts at paragraph breaks, headings and wire datelines."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["paragraph_sentences"]

# A line shorter than this with no final punctuation is a heading, not the start of a wrapped sentence.
HEADING_MAX_TOKENS = 12
# A dateline ("LONDON, March 3 (Reuters) —", "BEIJING, CHINA —") ends within this many tokens, at a dash.
DATELINE_MAX_TOKENS = 12
DATELINE_DASHES = {"\u2014", "\u2013", "-", "--"}
_FINAL = {".", "!", "?", ":", '"', "\u201d", "\u2019", "'", ")"}
# The parser, given a sentence start at a line's first token, often ends the sentence right after it when that
# token ends in a period or reads like a one-word heading ("U.S. | Mission to the United Nations", "UN |
# Condemns N. Korean Nuclear Test"). One word followed by more words on the same line is not a sentence.
_LINE_MARKERS = {"-", "*", "\u2022", "\u2013", "\u2014", "(", "["}

@Language.component("detente_sentences", assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break and after a heading line.

    News style leaves quotations open across paragraphs; breaking at paragraphs stops one open quote from
    swallowing the rest of the article, and keeps headings and date lines out of the first sentence.
    """
    starts = _dateline_breaks(doc)
    line_start = 0
    for newline in _newline_tokens(doc):
        token = doc[newline]
        if newline + 1 >= len(doc):
            continue
        if token.text.count("\n") >= 2:
            starts.append(newline + 1)
        else:
            previous = doc[newline - 1] if newline > 0 else None
            line_tokens = newline - line_start
            if previous is not None and (previous.text in _FINAL or line_tokens <= HEADING_MAX_TOKENS):
                starts.append(newline + 1)
        line_start = newline + 1
    _set_sentence_starts(doc, starts, _no_starts(doc, set(starts)))
    return doc


def _no_starts(doc: Doc, starts: set[int]) -> list[int]:
    """Starts the parser would invent and must not: a possessive clitic, and the second word of a line.

    "Ukraine\u2019s government ..." at a paragraph start came out as the sentences "Ukraine", "\u2019s" and
    "government ...": the actor of the sentence was lost. A clitic never starts a sentence.
    """
    found = [t.i for t in doc if t.tag_ == "POS" and t.i > 0 and t.i not in starts]
    for first in [0] + [i + 1 for i in _newline_tokens(doc)]:
        second = first + 1
        if second >= len(doc) or doc[first].is_space or doc[first].text in _LINE_MARKERS:
            continue
        following = doc[second]
        if not (following.is_space or following.is_punct or second in starts):
            found.append(second)
    return found


def _set_sentence_starts(doc: Doc, starts: list[int], no_starts: list[int]) -> None:
    """Mark the tokens at ``starts`` as sentence starts, and those at ``no_starts`` as not, in one array write.

    ``Token.is_sent_start = True`` checks the whole Doc for a parse on every call, which made this component
    quadratic in the number of lines (20,000 short lines took 16 s); one ``from_array`` is linear.
    """
    if not starts and not no_starts:
        return
    values = doc.to_array([SENT_START]).astype("int64").reshape(-1, 1)  # -1 ("not a start") needs a sign
    values[starts, 0] = 1
    values[no_starts, 0] = -1
    values = values.astype("uint64")  # spaCy's own array type, -1 wrapped as it stores it
    doc.from_array([SENT_START], values)  # type: ignore[arg-type]  # spaCy types it as thinc Ints2d


def _newline_tokens(doc: Doc) -> list[int]:
    """Indices of the whitespace tokens that hold a line break."""
    return [token.i for token in doc if token.is_space and "\n" in token.text]


def _dateline_breaks(doc: Doc) -> list[int]:
    """"TAIPEI — US Speaker Nancy Pelosi met ...": a wire dateline is not part of the first sentence (the token
    after each dateline's dash, to be marked as a sentence start)."""
    found: list[int] = []
    starts = [0] + [i + 1 for i in _newline_tokens(doc)]
    for first in starts:
        if first >= len(doc):
            continue
        window = doc[first : min(first + DATELINE_MAX_TOKENS, len(doc))]
        dash = next((t for t in window if t.text in DATELINE_DASHES), None)
        if dash is None or dash.i + 1 >= len(doc):
            continue
        head = doc[first : dash.i]
        if all(t.is_upper or t.is_punct or t.is_title for t in head) and any(t.is_upper and len(t) > 2 for t in head):
            found.append(dash.i + 1)
    return found
