"""Event extraction on a parsed Doc: triggers from the lexicon, arguments from the dependency parse, actors
from the actor layer, status from modality and negation, dates from the time expressions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from spacy.tokens import Doc, Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core import settings
from detente.core.ontology import types_with
from detente.core.records import EventMention, LocationRecord
from detente.core.registry import event_frames
from detente.events import frames, statements  # noqa: F401  (register the built-in frames)
from detente.events.anaphora import resolve_event_anaphora
from detente.events.lexicon import Lexicon, load_lexicon
from detente.events.model import Event, SentenceContext
from detente.geo import dateline_place, locate

__all__ = ["active_frames", "extract_doc"]

logger = logging.getLogger(__name__)

#: The built-in frames (registered by :mod:`.frames` and :mod:`.statements`), in the order they read each token.
BUILTIN_NAMES = ("detente.demand.v1", "detente.lexicon.v1", "detente.stance.v1", "detente.judgement.v1",
                 "detente.deontic.v1")

ONE_SIDED = types_with("one_sided")
# Acts of force whose victim, when the text names none, is the state where they happen.
PLACE_TARGET_TYPES = frozenset({"ASSAULT"})
# A victim inferred from the place of an attack is less certain than one the text names.
PLACE_CONFIDENCE = 0.5
# Clauses that give background rather than the sentence's news.
SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl"})
# An event that is the content of another event in the sentence ("urged X to support Y") or sits in a
# subordinate clause is background: its confidence drops by these amounts.
EMBEDDED_PENALTY = 0.3
SUBORDINATE_PENALTY = 0.1
MIN_CONFIDENCE = 0.05


def active_frames() -> list[tuple[str, Callable[[Token, SentenceContext], list[Event]]]]:
    """The frames to run: the built-ins in their order, then any other registered frame by name; the
    ``event_frames`` setting narrows them to a comma-separated list of names."""
    registered = event_frames.get_all()
    chosen = [name.strip() for name in settings.get("event_frames").split(",") if name.strip()]
    names = chosen or [*BUILTIN_NAMES, *sorted(set(registered) - set(BUILTIN_NAMES))]
    return [(name, registered[name]) for name in names]


def extract_doc(doc: Doc, state: DocActors, *, doc_id: str, published: date | None,
                lexicon: Lexicon | None = None, partial: bool = False) -> list[Event]:
    """Every event the active frames find in the Doc, ranked and with repeated statements merged."""
    lexicon = lexicon or load_lexicon()
    readers = [frame for _, frame in active_frames()]
    events: list[Event] = []
    times = state.cache.setdefault("time_expressions", {})
    for number, sentence in enumerate(doc.sents):
        ctx = SentenceContext(doc_id, number, sentence, published, state, lexicon, times)
        for token in sentence:
            for read in readers:
                events.extend(read(token, ctx))
    resolve_event_anaphora(events)
    for event in events:
        _drop_self_targets(event)
    _locate(events, doc, state)
    _rank(events)
    merged = _merge(events)
    if partial or settings.get("partial_events").strip().lower() in ("1", "true", "yes"):
        return merged
    return [event for event in merged if complete(event)]


def complete(event: Event) -> bool:
    """Whether an event has every side its type needs: a source, and a target unless the type is one-sided
    (a deployment or an exercise). An incomplete statement ("condemned the attack" with no attacker found)
    still serves as the antecedent of a later "the move"; it is emitted only with the ``partial_events``
    setting, since a record with a missing party is no dyad."""
    if not event.source:
        return False
    return bool(event.target) or event.event_type in ONE_SIDED


def _locate(events: list[Event], doc: Doc, state: DocActors) -> None:
    """Where each event happened, where the text says so (:mod:`detente.geo`): a place attached to its trigger or
    clause, a visit's destination, or the dateline city for that city's own news."""
    if not events:
        return
    dateline = dateline_place(doc)
    in_play = frozenset(state.state_codes)
    for event in events:
        parties = {a.code for a in (*event.source, *event.target) if a.code}
        place = locate(event.trigger, countries_in_play=in_play, dateline=dateline, actors=parties)
        event.location = cast(LocationRecord, place.record()) if place is not None else None
        if place is not None and event.event_type in PLACE_TARGET_TYPES and not event.target:
            _target_from_place(event, place.record())


def _target_from_place(event: Event, place: dict[str, Any]) -> None:
    """"Russian forces struck targets in Kharkiv": an attack with no named victim, placed in another state's
    territory, is aimed at that state (its sector unknown)."""
    code = place.get("country_code")
    if not code or code in {a.code for a in event.source} or not any(a.code for a in event.source):
        return
    event.target = [Actor(str(place.get("text") or code), str(place.get("name") or code), code, "UNK", "place",
                          PLACE_CONFIDENCE, 0, 0, event.trigger.i)]


def _drop_self_targets(event: Event) -> None:
    """A target that is the speaker's own side ("I thank our briefers": "our" is the author) is no dyad. Other
    same-state pairs stay: a state acting on its own people ("China detained Uyghurs"), or a government and
    its insurgents when the knowledge base gives both one code and sector."""
    sides = {a.code for a in event.source if a.code}
    event.target = [a for a in event.target if not (a.code in sides and a.method == "author")]


def _rank(events: list[Event]) -> None:
    """Lower the confidence of events embedded in another event or in a subordinate clause.

    "urged the EC to support the PLO" reports a request; the support is only its content. "lifted a curfew in
    Kosovo where 28 people have been killed" reports the lifting; the killing is background.
    """
    triggers = {e.trigger.i for e in events}
    for event in events:
        penalty = 0.0
        for ancestor in event.trigger.ancestors:
            if ancestor.i in triggers:
                penalty += EMBEDDED_PENALTY
                break
        if any(t.dep_ in SUBORDINATE_DEPS for t in [event.trigger, *event.trigger.ancestors][:3]):
            penalty += SUBORDINATE_PENALTY
        event.confidence = round(max(event.confidence - penalty, MIN_CONFIDENCE), 3)



def _merge(events: list[Event]) -> list[Event]:
    """The same event stated twice in one article (lead and body) becomes one event with two mentions."""
    merged: list[Event] = []
    for event in events:
        mention: EventMention = {"sentence": event.sentence, "start_char": event.sentence_span.start_char,
                   "end_char": event.sentence_span.end_char, "evidence": event.sentence_span.text.strip()}
        coded = all(a.code for a in event.source + event.target)
        same = next((m for m in merged if coded and m.key() == event.key() and _same_time(m, event)), None)
        if same is None:
            event.mentions.append(mention)
            merged.append(event)
            continue
        same.mentions.append(mention)
        if same.date_from_text is False and event.date_from_text:
            same.date, same.date_precision, same.date_from_text = event.date, event.date_precision, True
    return merged


def _same_time(first: Event, second: Event) -> bool:
    """Two statements of one event: same stated date, or one of them states none (the publication date)."""
    if not first.date_from_text or not second.date_from_text:
        return True
    return first.date == second.date


