"""When an event happened (GUIDELINES section 5) and the context tags of its sentence."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from detente.core.dates import TimeExpression, find_time_expressions, format_date
from detente.core.syntax import clause_verb
from detente.events.lexicon import Lexicon

__all__ = ["PUBLISHED_PRECISION", "after_publication", "context_tags", "event_date"]

# Clauses inside a sentence that tell of another act, with its own time: "agreed that X should visit next
# year", "condemned the attack, which took place on Sunday", "after it was handed over in 1997".
EMBEDDED_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis", "pcomp"})
# Modifiers that date a noun, not the clause: "the 2015 accord", "Sunday's attack".
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nummod", "poss", "nmod"})
# Precision marker for a date that is the publication date because the text states none (GUIDELINES 5).
PUBLISHED_PRECISION = "day (publication)"


def event_date(sentence: Span, trigger: Token, published: date | None, future: bool,
               cache: dict[int, list[TimeExpression]], *, reaction: bool = False) -> tuple[str | None, str | None]:
    """The date of the event of ``trigger``: the time expression of its clause nearest to it, else the
    publication date. ``cache`` keeps each sentence's expressions (several events share a sentence).
    ``reaction``: the event is a statement about something (a condemnation, a welcome): a clause describing
    its object ("the attack, which took place on Sunday") dates that thing, not the statement."""
    if sentence.start_char not in cache:  # several events share a sentence; find its expressions once
        cache[sentence.start_char] = find_time_expressions(sentence.text)
    expressions = cache[sentence.start_char]
    if expressions:
        base = sentence.start_char
        verb = clause_verb(trigger)
        present = not future and _present_in_running_text(verb, sentence)
        own = {t.i for t in verb.subtree} | {t.i for t in trigger.subtree}
        blocked = _elsewhere(trigger, verb, reaction)
        doc = sentence.doc
        ranked: list[tuple[int, int, TimeExpression]] = []
        for expr in expressions:
            span = doc.char_span(base + expr.start, base + expr.end, alignment_mode="expand")
            if span is None or any(t.i in blocked for t in span) or _dates_another_noun(span.root, trigger):
                continue  # "agreed that X should visit next year", "condemned the 2018 attack": not this event's
            ranked.append((0 if any(t.i in own for t in span) else 1, abs(span.start - trigger.i), expr))
        for _, _, expr in sorted(ranked, key=lambda item: item[:2]):
            # "travels on Monday" is the coming Monday; "travels on 30 June" the nearest 30 June
            mode: bool | None = future
            if present:
                mode = True if expr.kind == "weekday" else None
            value, precision = expr.resolve(published, future=mode)
            if value:
                return value, precision
    if published is None:
        return None, None
    return format_date(published, "day"), PUBLISHED_PRECISION



def _present_in_running_text(verb: Token, sentence: Span) -> bool:
    """"The minister travels to Berlin on 30 June", "is meeting X on Monday": a present-tense clause of running
    text names a date still to come. Headlines put past news in the present, so a sentence without final
    punctuation does not count."""
    if not sentence.text.rstrip().endswith((".", "!", "?", '"', "\u201d")):
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am") for c in verb.children)


def _elsewhere(trigger: Token, verb: Token, reaction: bool) -> set[int]:
    """Tokens whose time expressions date something else: clauses embedded in the trigger's clause or in the
    clauses above it that do not contain the trigger."""
    path = {trigger.i, *(t.i for t in trigger.ancestors), verb.i, *(t.i for t in verb.ancestors)}
    # An act's own object may carry its date ("introduced a route, which opened on 31 January"); a reaction's
    # object is another event with its own time.
    own_objects = set() if reaction else {d.i for t in (*trigger.children, *verb.children)
                                          if t.dep_ in ("dobj", "nsubjpass", "pobj", "attr") for d in t.subtree}
    blocked: set[int] = set()
    for token in trigger.sent:
        if token.dep_ in EMBEDDED_DEPS and token.i not in path and not (
                token.dep_ in ("relcl", "acl") and token.head.i in own_objects):
            blocked.update(t.i for t in token.subtree)
    return blocked


def _dates_another_noun(root: Token, trigger: Token) -> bool:
    """"the 2015 accord", "Sunday's attack", "condemns the launch of a missile on 3 October" when the event is
    not the accord, the attack or the launch: the time expression belongs to another noun's phrase."""
    path = {trigger.i, *(t.i for t in trigger.ancestors)}
    node = root
    for _ in range(6):
        head = node.head
        if head.i == node.i or head.i in path:
            return False
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ in (*NOUN_MODIFIER_DEPS, "prep", "npadvmod", "appos"):
            return True
        node = head
    return False


def context_tags(sentence: Span, lexicon: Lexicon) -> list[str]:
    text = sentence.text.lower()
    tags = {tag for cue, tag in lexicon.context.items() if cue in text}
    return sorted(tags)




def after_publication(when: str | None, published: date | None) -> bool:
    """Whether a date the text gives lies wholly after the publication date, at the date's own precision
    ("2021-05" is after 2021-04-24; "2021-04" is not)."""
    if not when or published is None:
        return False
    stamp = published.isoformat()[: len(when)]
    return when > stamp
