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
from detente.events.anaphora import resolve_act_authors, resolve_denials, resolve_event_anaphora
from detente.events.lexicon import Lexicon, load_lexicon
from detente.events.model import Event, SentenceContext
from detente.events.population import resolve_own_population
from detente.events.topic import resolve_topic_targets
from detente.geo import dateline_place, locate

__all__ = ["active_frames", "extract_doc"]

logger = logging.getLogger(__name__)

#: The built-in frames (registered by :mod:`.frames` and :mod:`.statements`), in the order they read each token.
BUILTIN_NAMES = ("detente.demand.v1", "detente.lexicon.v1", "detente.stance.v1", "detente.judgement.v1",
                 "detente.deontic.v1")

ONE_SIDED = types_with("one_sided")
RECIPROCAL = types_with("symmetric")
# Acts of force whose victim, when the text names none, is the state where they happen.
PLACE_TARGET_TYPES = frozenset({"ASSAULT"})
# Acts a state does to its own people or its own factions to each other: the only types where a target of the
# source's own state and sector is still a dyad.
INTERNAL_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types whose act with journalists is only a statement to them (data/events/types.tsv, press_talk).
PRESS_TALK = types_with("press_talk")
# The press and its outlets (GUIDELINES section 4 sectors).
PRESS_SECTOR = "MED"
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
    for number, sentence in enumerate(state.sentences()[0]):  # listed once per document, shared
        ctx = SentenceContext(doc_id, number, sentence, published, state, lexicon, times)
        for token in sentence:
            for read in readers:
                events.extend(read(token, ctx))
    resolve_act_authors(events)
    resolve_event_anaphora(events, state)
    resolve_denials(events)
    resolve_topic_targets(events, state)
    resolve_own_population(events, state)
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
    text = state.text  # once: spaCy joins the tokens on every access
    dateline = dateline_place(doc, text=text)
    in_play = frozenset(state.state_codes)
    for event in events:
        parties = {a.code for a in (*event.source, *event.target) if a.code}
        place = locate(event.trigger, countries_in_play=in_play, dateline=dateline, actors=parties, text=text)
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
    """Talking to the press is a statement, not talks with it ("spoke to reporters"). A target that is the
    speaker's own side ("I thank our briefers": "our" is the author) is no dyad, and neither is a pronoun of the
    source's own state and sector outside acts of force ("We thank them", said of the speaker's own officials: a
    government does not back itself). Other same-state pairs stay: a state acting on its own people ("China
    detained Uyghurs", COERCE), or a government and its insurgents when the knowledge base gives both one code
    and sector (ASSAULT)."""
    if event.event_type in PRESS_TALK:
        event.target = [a for a in event.target if a.sector != PRESS_SECTOR]
    sides = {a.code for a in event.source if a.code}
    same = {(a.code, a.sector) for a in event.source if a.code}
    internal = event.event_type in INTERNAL_TYPES
    event.target = [a for a in event.target if not (a.code in sides and a.method == "author")
                    and (internal or (a.code, a.sector) not in same or not _pronoun(a, event))]


def _pronoun(actor: Actor, event: Event) -> bool:
    """Whether an actor is named by a pronoun ("them", "our"), which says nothing of its own about who it is."""
    return 0 <= actor.root < len(event.trigger.doc) and event.trigger.doc[actor.root].pos_ == "PRON"


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
    """The same event stated twice in one article (headline, lead and body) becomes one event with several
    mentions. Two statements are one event when they have the same type and status, their sides are compatible
    (the same coded parties, or one side unknown in one of them: a side known in one mention fills the other)
    and their dates agree (or one of them is the publication date standing in for none)."""
    merged: list[Event] = []
    index = _MergeIndex()
    for event in sorted(events, key=_completeness, reverse=True):
        mention: EventMention = {"sentence": event.sentence, "start_char": event.sentence_span.start_char,
                                 "end_char": event.sentence_span.end_char,
                                 "evidence": event.sentence_span.text.strip()}
        found = index.first(event, merged)
        if found is None:
            event.mentions.append(mention)
            index.add(len(merged), event)
            merged.append(event)
            continue
        same = merged[found]
        same.mentions.append(mention)
        for side in ("source", "target"):  # a party one statement leaves out, another names
            if not _codes(getattr(same, side)) and _codes(getattr(event, side)):
                setattr(same, side, getattr(event, side))
                index.add(found, same)  # now also found by the side it gained
        # a date the text gives in another full statement of the event dates it; a partial one may be another act
        if (same.date is None or same.date_from_text is False) and event.date and event.date_from_text \
                and _completeness(event)[0] == 2:
            same.date, same.date_precision, same.date_from_text = event.date, event.date_precision, True
    for event in merged:
        event.mentions.sort(key=lambda m: m["start_char"])
    return sorted(merged, key=lambda e: (e.sentence, e.trigger.i))


class _MergeIndex:
    """The merged events by type, status and coded sides, so that finding the event a statement repeats looks
    at the few that can match instead of every event of the document (an article with thousands of events made
    the scan quadratic). :func:`_same_event` needs every side coded in both to be equal and at least one such
    side (the sides of a reciprocal type taken together). So a statement with both sides coded can only repeat
    a merged event with the same pair, or the same source and no target, or no source and the same target; one
    with a single coded side, any merged event with that side. Every match is in one of the statement's
    buckets (a bucket may hold an event whose sides grew since: :func:`_same_event` still decides); the
    earliest merged match wins, as in the scan."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, str, str, frozenset[str], frozenset[str]], list[int]] = {}

    @staticmethod
    def _stored(event: Event) -> list[tuple[str, str, str, frozenset[str], frozenset[str]]]:
        """The buckets a merged event is found in."""
        head, none = (event.event_type, event.status), frozenset[str]()
        if event.event_type in RECIPROCAL:
            both = _codes(event.source) | _codes(event.target)
            return [(*head, "both", both, none)] if both else []
        source, target = _codes(event.source), _codes(event.target)
        keys = [(*head, "pair", source, target)] if source or target else []
        keys += [(*head, "source", source, none)] if source else []
        return keys + ([(*head, "target", target, none)] if target else [])

    @staticmethod
    def _sought(event: Event) -> list[tuple[str, str, str, frozenset[str], frozenset[str]]]:
        """The buckets that hold every merged event ``event`` can repeat."""
        head, none = (event.event_type, event.status), frozenset[str]()
        if event.event_type in RECIPROCAL:
            both = _codes(event.source) | _codes(event.target)
            return [(*head, "both", both, none)] if both else []
        source, target = _codes(event.source), _codes(event.target)
        if source and target:
            return [(*head, "pair", source, target), (*head, "pair", source, none), (*head, "pair", none, target)]
        if source:
            return [(*head, "source", source, none)]
        return [(*head, "target", target, none)] if target else []

    def add(self, position: int, event: Event) -> None:
        for key in self._stored(event):
            bucket = self.buckets.setdefault(key, [])
            if position not in bucket[-1:]:
                bucket.append(position)

    def first(self, event: Event, merged: list[Event]) -> int | None:
        candidates = sorted({i for key in self._sought(event) for i in self.buckets.get(key, ())})
        return next((i for i in candidates if _same_event(merged[i], event)), None)


def _completeness(event: Event) -> tuple[int, float, bool, int]:
    """The most complete statement of an event is its canonical record: coded sides first, then confidence
    (a main-clause statement over one embedded in it), then a date the text gives, then the earlier statement."""
    coded = sum(1 for side in (event.source, event.target) if _codes(side))
    return coded, event.confidence, event.date is not None and event.date_from_text, -event.trigger.i


def _codes(side: list[Actor]) -> frozenset[str]:
    return frozenset(a.code for a in side if a.code)


def _same_event(first: Event, second: Event) -> bool:
    if (first.event_type, first.status) != (second.event_type, second.status) or not _same_time(first, second):
        return False
    sides = [(_codes(first.source), _codes(second.source)), (_codes(first.target), _codes(second.target))]
    if first.event_type in RECIPROCAL:  # symmetric types: the parties, in either order
        sides = [(_codes(first.source) | _codes(first.target), _codes(second.source) | _codes(second.target))]
    known = [pair for pair in sides if pair[0] and pair[1]]
    if not known:
        return False  # nothing coded on either side in common: no evidence they are one event
    return all(a == b for a, b in known)


def _same_time(first: Event, second: Event) -> bool:
    """Two statements of one event: same stated date, or one of them states none (the publication date)."""
    if not first.date_from_text or not second.date_from_text:
        return True
    return first.date == second.date


