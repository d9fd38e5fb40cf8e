"""The ``detente_sentences`` component: sentence starts at paragraph breaks, headings and wire datelines."""

from __future__ import annotations

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
    _dateline_breaks(doc)
    _no_start_inside_words(doc)
    line_start = 0
    for newline in _newline_tokens(doc):
        token = doc[newline]
        if newline + 1 >= len(doc):
            continue
        following = doc[newline + 1]
        if token.text.count("\n") >= 2:
            following.is_sent_start = True
        else:
            previous = doc[newline - 1] if newline > 0 else None
            line_tokens = newline - line_start
            if previous is not None and (previous.text in _FINAL or line_tokens <= HEADING_MAX_TOKENS):
                following.is_sent_start = True
        line_start = newline + 1
    return doc


def _no_start_inside_words(doc: Doc) -> None:
    """Forbid starts the parser would invent: a possessive clitic, and the second word of a line.

    "Ukraine’s government ..." at a paragraph start came out as the sentences "Ukraine", "’s" and
    "government ...": the actor of the sentence was lost. A clitic never starts a sentence.
    """
    starts = [0] + [i + 1 for i in _newline_tokens(doc)]
    for token in doc:
        if token.tag_ == "POS" and token.i > 0 and not token.is_sent_start:
            token.is_sent_start = False
    for first in starts:
        second = first + 1
        if second >= len(doc) or doc[first].is_space or doc[first].text in _LINE_MARKERS:
            continue
        following = doc[second]
        if following.is_space or following.is_punct or following.is_sent_start:
            continue
        following.is_sent_start = False


def _newline_tokens(doc: Doc) -> list[int]:
    """Indices of the whitespace tokens that hold a line break."""
    return [token.i for token in doc if token.is_space and "\n" in token.text]


def _dateline_breaks(doc: Doc) -> None:
    """"TAIPEI — US Speaker Nancy Pelosi met ...": a wire dateline is not part of the first sentence."""
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
            doc[dash.i + 1].is_sent_start = True
