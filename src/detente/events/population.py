"""A state's acts on its own population: "the regime has arrested 32 political opponents", "Belarusian
authorities detained journalist Raman Pratasevich", "the junta jailed hundreds of protesters".

GUIDELINES section 2 makes COERCE a government restricting its own population (arrests, bans, censorship), and
sentencing and jailing SANCTION ``convict``; releasing them ("have released 135 political prisoners") is the
RETREAT ``release`` that undoes either. When such an act by one coded state has people as its object whom
the text gives no state of, they are that state's own: the target takes the source's code. People named with
a state of their own ("detained two Canadian citizens") keep it, and the rule never touches a coded target.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.syntax import object_of
from detente.core.words import words
from detente.events.model import Event

__all__ = ["resolve_own_population"]

#: The acts of a state on people that are, with no other state named, on its own people.
DOMESTIC_MODES: dict[str, frozenset[str] | None] = {"COERCE": None, "SANCTION": frozenset({"convict"}),
                                                     "RETREAT": frozenset({"release"})}
# Sectors of a source that can restrict a population: the state's own organs.
STATE_SECTORS = frozenset({"GOV", "MIL", "JUD", "LEG"})
# Entity labels of a named state inside a people phrase ("pro-China activists"); a nationality ("Uyghur
# activists") is left to the actor layer, which codes it or leaves the people to their state.
STATE_ENTITIES = frozenset({"GPE"})
# Nouns for people an act of repression falls on ("opponents", "journalists", "protesters").
PEOPLE = words("population_nouns")
# People whose noun names no sector are the population at large (GUIDELINES section 4: CVL, "a population").
DEFAULT_SECTOR = "CVL"
# A target found this way is an inference from the guidelines' convention, less certain than a name.
CONFIDENCE = 0.5


def resolve_own_population(events: list[Event], state: DocActors) -> None:
    """Give domestic acts on people of no stated state the source's own code as target (in place)."""
    for event in events:
        modes = DOMESTIC_MODES.get(event.event_type, frozenset())
        if modes is not None and event.mode not in modes:
            continue
        rulers = {a.code for a in event.source if a.code and a.sector in STATE_SECTORS}
        if len(rulers) != 1 or any(a.code for a in event.target):
            continue
        code = next(iter(rulers))
        doc = event.trigger.doc
        if event.target:
            if all(a.root >= 0 and _is_people(doc[a.root]) for a in event.target):
                event.target = [replace(a, code=code, sector=_sector(state, doc[a.root]), method="context",
                                        confidence=min(a.confidence, CONFIDENCE)) for a in event.target]
            continue
        people = _people_object(event.trigger)
        if people is not None:
            span = state.phrase(people)
            event.target = [Actor(span.text, None, code, _sector(state, people), "context", CONFIDENCE,
                                  span.start_char, span.end_char, people.i)]


def _sector(state: DocActors, head: Token) -> str:
    """The sector the head noun names ("political opponents" OPP, "journalists" MED), else civilians."""
    cue = state._cue(head)
    return cue[0] if cue else DEFAULT_SECTOR


def _people_object(trigger: Token) -> Token | None:
    """The object of a verb trigger when it names people ("arrested 32 political opponents")."""
    if trigger.pos_ != "VERB":
        return None
    obj = object_of(trigger)
    return obj if obj is not None and _is_people(obj) else None


def _is_people(head: Token) -> bool:
    """A noun for people, or a quantity of them ("hundreds of protesters"); not "a license", "the books";
    not people the phrase ties to a state by name ("14 pro-China activists"): whose they are is then not
    the text's silence."""
    if any(t.ent_type_ in STATE_ENTITIES for t in head.subtree if t.i < head.i):
        return False
    if head.lemma_.lower() in PEOPLE:
        return True
    return any(obj.lemma_.lower() in PEOPLE for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
               for obj in prep.children if obj.dep_ == "pobj")
