"""Topic targets: a statement about a state's affairs is aimed at that state.

"This Council has been calling for a ceasefire in South Sudan", "called for the release of all political
prisoners in Nicaragua", "expresses its support for universal suffrage in Hong Kong", "expressed concern that
the situation in Ethiopia was spiralling": a request, a statement of support or a criticism whose text names no
actor as its target is about the place its object phrase names. When such an event has a coded source and no
coded target, the first state (country, capital, demonym or region the gazetteer places in a state) named inside
what it is aimed at becomes its target: its government (the party a demand or a criticism is put to), with
a lower confidence than a target the grammar names.
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.actors.model import CONFIDENCE, Actor
from detente.actors.state import DocActors
from detente.core.syntax import object_of, prep_objects
from detente.events.model import Event

__all__ = ["TOPIC_TYPES", "resolve_topic_targets"]

#: Statements whose subject matter is their target when they name no actor: a demand about a state's affairs,
#: support for a change there, concern about its situation, a threat against those who act there.
TOPIC_TYPES = frozenset({"REQUEST", "SUPPORT", "ACCUSE", "THREATEN"})
# Gazetteer kinds that place a name in a state ("South Sudan", "Juba", "Afghans", "the Amhara region").
PLACE_KINDS = frozenset({"country", "capital", "adjective", "region"})
# Prepositions of the trigger that introduce what the statement is about: "calls for", "concern over".
ABOUT_PREPS = frozenset({"for", "about", "over", "on", "regarding", "concerning", "at", "of", "to"})
# Prepositions that place the subject matter in a state.
LOCATIVE_PREPS = frozenset({"in", "among", "across", "throughout", "inside", "within"})


def _located(token: Token) -> bool:
    """Whether a name places the subject matter: "a ceasefire in South Sudan", "among Afghans", "the Amhara
    and Oromia regions" as a conjunct of such a place; not a possessor ("China's rise") or a topic ("a
    statement on Xinjiang"), which name what is talked about rather than where."""
    while token.dep_ in ("conj", "compound", "amod") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS


def _about(event: Event) -> list[int]:
    """Token indices of what the statement is aimed at: its object, the phrases of its about-prepositions and,
    for a demand, the clause it demands ("urged all parties to engage in talks in Hong Kong")."""
    trigger = event.trigger
    roots = prep_objects(trigger, ABOUT_PREPS)
    obj = object_of(trigger) if trigger.pos_ == "VERB" else None
    if obj is not None:
        roots.insert(0, obj)
    if event.event_type == "REQUEST":
        roots += [c for c in trigger.children if c.dep_ in ("xcomp", "ccomp")]
    return [t.i for root in roots for t in root.subtree]


def resolve_topic_targets(events: list[Event], state: DocActors) -> None:
    """Give statements with a coded source and no coded target the state their subject matter names (in
    place)."""
    for event in events:
        if event.event_type not in TOPIC_TYPES or any(a.code for a in event.target):
            continue
        sources = {a.code for a in event.source if a.code}
        if not sources:
            continue
        for index in _about(event):
            hit = state.hits.get(index)
            if hit is None or hit[1].kind not in PLACE_KINDS or not hit[1].code or hit[1].code in sources:
                continue
            span, entry = hit
            code = entry.code
            if code is None or not _located(span.root):
                continue
            event.target = [Actor(span.text, state.index.gazetteer.country_names.get(code, code), code, "GOV",
                                  "topic", CONFIDENCE["topic"], span.start_char, span.end_char, span.root.i)]
            break
