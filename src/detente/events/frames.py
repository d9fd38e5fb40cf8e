"""Event frames: events that no single trigger states, built from the shape of a clause."""

from __future__ import annotations

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.ontology import types_with
from detente.core.syntax import REPORTING, is_passive, subject_of
from detente.core.words import words
from detente.events.arguments import actors_of
from detente.events.model import Event

__all__ = ["allegation", "demand_frame"]

# Abuses whose report, with no agent named, is an allegation against the state where they happened.
ALLEGED_TYPES = types_with("alleged")
# "must", "should", "has to": what a speaker says another actor must do is a demand.
OBLIGATION_AUX = frozenset({"must", "should"})
# Verbs of wishing whose object is asked to act: "wants Germany to pay", "would like the G7 to take steps".
WISH_VERBS = words("wish_verbs")
# Verbs that state as firmly as "say" does: "declared that X must ...".
DECLARING_VERBS = words("declaring_verbs")
# An allegation inferred from an agentless report is a little less certain than the report itself.
ALLEGATION_DISCOUNT = 0.9
# Place kinds whose state is the state where an act happened.
PLACE_KINDS = frozenset({"country", "capital", "region"})
# Prepositions that set an act inside a place: "in camps in Xinjiang".
INSIDE_PREPS = frozenset({"in", "inside", "across"})


def allegation(event: Event, state: DocActors) -> Event | None:
    """"UN experts have said a million Muslims have been detained in camps in Xinjiang": reporting abuses with no
    agent, in a place of another state, accuses that state (ACCUSE allege). A state reporting what happened on
    its own territory ("Afghan police said three people were killed in Kabul") accuses no one."""
    trigger, speaker = event.trigger, event.attribution
    if event.event_type not in ALLEGED_TYPES or speaker is None or event.status != "asserted" or \
            not is_passive(trigger):
        return None
    if speaker.code is None and speaker.sector not in ("NGO", "IGO"):
        return None
    place = _place_state(trigger, state)
    if place is None or place.code == speaker.code:
        return None
    return Event(event.doc_id, "ACCUSE", "allege", [speaker], [place], "asserted", event.date, event.date_precision,
                 event.sentence, event.sentence_span, trigger, speaker, event.context,
                 round(event.confidence * ALLEGATION_DISCOUNT, 3), date_from_text=event.date_from_text)



def _place_state(trigger: Token, state: DocActors) -> Actor | None:
    """The state of the place where an act happened: "in camps in Xinjiang", "in Iran"."""
    frontier = [trigger]
    for _ in range(3):
        following: list[Token] = []
        for node in frontier:
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in INSIDE_PREPS):
                for place in (c for c in prep.children if c.dep_ == "pobj"):
                    actor = state.resolve(place)
                    hit = state.hits.get(place.i)
                    if actor is not None and actor.code and hit is not None and hit[1].kind in PLACE_KINDS:
                        return actor
                    following.append(place)
        frontier = following
    return None



def demand_frame(token: Token, state: DocActors) -> tuple[list[Actor], list[Actor]] | None:
    """Requests made without a request verb.

    "Russia said Sudan must return the helicopter" (a statement that another actor must act) and "Sharon wants
    Germany to pay more" (a wish that another actor act) are demands of the speaker on that actor.
    """
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_
    if lemma in REPORTING or lemma in DECLARING_VERBS:
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is None or not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in clause.children):
            return None
        addressee = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    elif lemma in WISH_VERBS:
        clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
        addressee = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        if addressee is None:
            addressee = next((c for c in token.children if c.dep_ == "dobj"), None)
        if clause is None or addressee is None:
            return None
    else:
        return None
    speaker = subject_of(token)
    if speaker is None or addressee is None:
        return None
    sources, targets = actors_of([speaker], state), actors_of([addressee], state)
    if not sources or not targets or {a.code for a in sources} == {a.code for a in targets}:
        return None
    return sources, targets


