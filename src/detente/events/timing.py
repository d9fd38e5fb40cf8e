"""When an event happened (GUIDELINES section 5) and the context tags of its sentence."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from detente.core.dates import TimeExpression, find_time_expressions, format_date
from detente.core.syntax import clause_verb
from detente.events.lexicon import Lexicon

__all__ = ["PUBLISHED_PRECISION", "context_tags", "event_date"]

# Precision marker for a date that is the publication date because the text states none (GUIDELINES 5).
PUBLISHED_PRECISION = "day (publication)"


def event_date(sentence: Span, trigger: Token, published: date | None, future: bool,
               cache: dict[int, list[TimeExpression]]) -> tuple[str | None, str | None]:
    """The date of the event of ``trigger``: the time expression of its clause nearest to it, else the
    publication date. ``cache`` keeps each sentence's expressions (several events share a sentence)."""
    if sentence.start_char not in cache:  # several events share a sentence; find its expressions once
        cache[sentence.start_char] = find_time_expressions(sentence.text)
    expressions = cache[sentence.start_char]
    if expressions:
        base = sentence.start_char
        subtree = {t.i for t in clause_verb(trigger).subtree} | {t.i for t in trigger.subtree}
        doc = sentence.doc

        def rank(expr) -> tuple[int, int]:
            span = doc.char_span(base + expr.start, base + expr.end, alignment_mode="expand")
            inside = span is not None and any(t.i in subtree for t in span)
            distance = abs((span.start if span is not None else trigger.i) - trigger.i)
            return (0 if inside else 1, distance)

        for expr in sorted(expressions, key=rank):
            value, precision = expr.resolve(published, future=future)
            if value:
                return value, precision
    if published is None:
        return None, None
    return format_date(published, "day"), PUBLISHED_PRECISION



def context_tags(sentence: Span, lexicon: Lexicon) -> list[str]:
    text = sentence.text.lower()
    tags = {tag for cue, tag in lexicon.context.items() if cue in text}
    return sorted(tags)


