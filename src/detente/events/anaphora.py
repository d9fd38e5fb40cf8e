"""Event anaphora: "condemned the move", "welcomed the deal", "these sanctions" point back to an earlier event.

A reaction to an event is aimed at its author: when a reaction has no target of its own and its object (or the
noun its target preposition governs) is a definite description of an event with no owner of its own, the
source of the last earlier event of a fitting type (``data/events/anaphora.tsv``) becomes its target; for a
symmetric event ("welcomed the agreement"), both of its parties do. Demonstrative pronouns ("condemned this",
"strongly opposes it") refer the same way to the last event of the previous sentences. When no event is found,
a noun that names the kind of event ("condemned the launch") may point back to an earlier mention of the same
noun that names its owner though it was told as no event of its own ("to discuss the DPRK's attempted launch").
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.data import read_table
from detente.core.ontology import types_with
from detente.core.syntax import object_of, prep_objects
from detente.core.words import words
from detente.events.arguments import actors_of, responsible_tokens
from detente.events.model import Event

__all__ = ["ANAPHORIC_TYPES", "resolve_act_authors", "resolve_denials", "resolve_event_anaphora"]

#: Reactions whose target is the author of the event they react to.
ANAPHORIC_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT", "THREATEN", "REQUEST", "PROTEST", "SANCTION"})
# Determiners of a definite description ("the move", "this decision", "these sanctions", "such actions").
DEFINITE = frozenset({"the", "this", "that", "these", "those", "such"})
# Pronouns that stand for a whole event ("China firmly opposes this"), read only as a verb's object.
EVENT_PRONOUNS = frozenset({"this", "that", "it"})
# Pronouns that stand for an event as the subject of a judgement ("This is unacceptable"; not "it", which is
# mostly the dummy subject of "it is unacceptable that ...").
JUDGED_PRONOUNS = frozenset({"this", "that", "these", "those"})
# How far back an antecedent may be, in sentences: the same paragraph or the one before, in news style.
WINDOW_SENTENCES = 4
# A noun that names the kind of event ("the attack", "the launch") can point further back: a report's reactions
# paragraphs ("Ban Ki-moon condemned the attack") often follow its account of the event by several paragraphs.
TYPED_WINDOW_SENTENCES = 12
SYMMETRIC = types_with("symmetric")
# "Iran denies arming the Houthis": a denial of an act answers whoever alleged it, not the act's object.
DENIAL_VERBS = words("denial_verbs")
# How far back the allegation a denial answers may be, in sentences (as for a kind-of-event noun).
DENIAL_WINDOW_SENTENCES = TYPED_WINDOW_SENTENCES
SPEECH_ACTS = types_with("speech_act")


@lru_cache(maxsize=1)
def _nouns() -> dict[str, frozenset[str] | None]:
    table: dict[str, frozenset[str] | None] = {}
    for row in read_table("events", "anaphora.tsv"):
        types = row["types"].strip()
        table[row["noun"].strip().lower()] = None if types == "*" else frozenset(types.split("|"))
    return table


# Prepositions that introduce what a reaction is about: "concern over", "condemnation of", "protest against".
ABOUT_PREPS = frozenset({"to", "against", "of", "about", "over", "on", "with", "at", "for"})


def _acted_on(event: Event) -> list[Token]:
    """The phrases a reaction is aimed at: its object, or the object of a preposition of its trigger."""
    trigger = event.trigger
    obj = object_of(trigger) if trigger.pos_ == "VERB" else None
    return ([obj] if obj is not None else []) + prep_objects(trigger, ABOUT_PREPS)


def _parties(act: Event, excluded: set[str | None]) -> list[Actor]:
    """Who a reaction to ``act`` is aimed at: its source, and for an agreement or a joint act both parties."""
    parties = [a for a in act.source if a.code]
    if act.event_type in SYMMETRIC or act.joint or act.event_type == "SUPPORT" and len(parties) > 1:
        parties += [a for a in act.target if a.code]
    return [a for a in parties if a.code not in excluded]


def resolve_act_authors(events: list[Event]) -> None:
    """"condemns the detention by Belarusian authorities of journalists", "welcomed the decision of Japan to
    ...": a reaction with no coded target whose object phrase holds another event of the same sentence is aimed
    at that event's author (in place). The event nearest the head of the phrase wins."""
    by_sentence: dict[int, list[Event]] = {}
    for event in events:
        by_sentence.setdefault(event.sentence, []).append(event)
    for event in events:
        if event.event_type not in ANAPHORIC_TYPES or any(a.code for a in event.target):
            continue
        sources = {a.code for a in event.source}
        for phrase in _acted_on(event):
            inside = {t.i: t for t in phrase.subtree}
            acts = [e for e in by_sentence[event.sentence] if e is not event and e.trigger.i in inside
                    and _parties(e, sources)]
            if acts:
                act = min(acts, key=lambda e: _depth(e.trigger, phrase))
                event.target = [replace(a, method="coreference") for a in _parties(act, sources)]
                break


def _depth(token: Token, root: Token) -> int:
    depth = 0
    while token.i != root.i and token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _anaphor(event: Event) -> tuple[Token, frozenset[str] | None] | None:
    """The anaphoric noun the reaction is aimed at, and the event types it may refer to (None: any)."""
    trigger = event.trigger
    candidates: list[Token] = []
    obj = object_of(trigger) if trigger.pos_ == "VERB" else None
    if obj is not None:
        candidates.append(obj)
    candidates += prep_objects(trigger, frozenset({"to", "against", "of", "about", "over", "on", "with", "at"}))
    judged = _judged_subject(trigger)
    if judged is not None:
        candidates.append(judged)
    for noun in candidates:
        lemma = noun.lemma_.lower()
        if noun.pos_ == "PRON" and (noun.lower_ in EVENT_PRONOUNS and noun is obj
                                    or noun.lower_ in JUDGED_PRONOUNS and noun is judged):
            return noun, None
        if lemma not in _nouns() or any(c.dep_ in ("poss", "agent") or (c.dep_ == "prep" and c.lower_ == "by")
                                        for c in noun.children):
            continue
        if any(c.dep_ in ("det", "predet") and c.lower_ in DEFINITE or c.dep_ == "amod" and c.lower_ == "such"
               for c in noun.children):  # "such actions": the parser makes "such" a modifier
            return noun, _nouns()[lemma]
    return None


def _judged_subject(trigger: Token) -> Token | None:
    """The subject an evaluative adjective judges ("These decisions are indefensible", "This is unacceptable")."""
    if trigger.pos_ != "ADJ" or trigger.dep_ not in ("acomp", "oprd"):
        return None
    return next((c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _fits(earlier: Event, types: frozenset[str] | None) -> bool:
    """Whether an earlier event can be what the anaphor names: one of its types, or for "the move" and its
    like any act but a statement (a reaction is not a "move" or a "decision")."""
    if types is None:
        return earlier.event_type not in SPEECH_ACTS
    return earlier.event_type in types


def _owned_mention(noun: Token, sentence: int, state: DocActors, excluded: set[str | None]) -> list[Actor]:
    """The owner of the last earlier mention of the anaphor's own noun within the typed window ("the DPRK's
    launch", "an attack by Russia"), when it names a coded actor other than the reaction's source."""
    sentences = state.sentences()[0]
    first = sentences[max(0, sentence - TYPED_WINDOW_SENTENCES)].start
    lemma = noun.lemma_.lower()
    for token in reversed(noun.doc[first:noun.i]):
        if token.pos_ != "NOUN" or token.lemma_.lower() != lemma:
            continue
        # a possessor may hang from a modifier the parser put first ("the DPRK's August 24 launch")
        phrase = responsible_tokens(token) + [t for t in token.lefts for t in t.subtree if t.dep_ == "poss"]
        owners = [a for a in actors_of(phrase, state) if a.code and a.code not in excluded]
        if owners:
            return owners
    return []


def resolve_event_anaphora(events: list[Event], state: DocActors | None = None) -> None:
    """Give reactions with no coded target the author of the event their anaphoric object refers to (in place;
    ``events`` in document order). With the document's actors, a kind-of-event noun with no event before it
    may take the owner of an earlier mention of the same noun."""
    for position, event in enumerate(events):
        if event.event_type not in ANAPHORIC_TYPES or any(a.code for a in event.target):
            continue
        found = _anaphor(event)
        if found is None:
            continue
        noun, types = found
        sources = {a.code for a in event.source}
        window = WINDOW_SENTENCES if types is None else TYPED_WINDOW_SENTENCES
        candidates: list[tuple[Event, list[Actor]]] = []
        for earlier in reversed(events[:position]):
            if earlier.sentence < event.sentence - window:
                break
            if earlier.trigger.i >= noun.i or not _fits(earlier, types) or earlier.status == "negated":
                continue  # an act that did not happen is not what "the move" refers to
            if earlier.sentence == event.sentence and earlier.trigger.i > event.trigger.i:
                continue
            parties = _parties(earlier, sources)
            if parties:
                candidates.append((earlier, parties))
        if candidates:
            # the nearest event, unless an earlier one is told with the anaphor's own word ("attacked ... the
            # Kenyans counterattacked ... condemned the attack" refers to the attack)
            same_word = [c for c in candidates if c[0].trigger.lemma_.lower() == noun.lemma_.lower()]
            _, parties = (same_word or candidates)[0]
            event.target = [replace(a, method="coreference") for a in parties]
        elif types is not None and state is not None:
            owners = _owned_mention(noun, event.sentence, state, sources)
            if owners:
                event.target = [replace(a, method="coreference") for a in owners]


def resolve_denials(events: list[Event]) -> None:
    """A denial of an act ("Iran denies arming the Houthis", "Russia denied that it attacked") is aimed at the
    one who alleged it: the source of the last earlier accusation against the denier, within
    ``DENIAL_WINDOW_SENTENCES``; with none, it has no target (the act's object, the Houthis, is not the one
    rejected). Events in document order, changed in place."""
    for position, event in enumerate(events):
        trigger = event.trigger
        if event.event_type != "REJECT" or trigger.lemma_.lower() not in DENIAL_VERBS or trigger.pos_ != "VERB":
            continue
        if object_of(trigger) is not None or not any(c.dep_ in ("xcomp", "ccomp") for c in trigger.children):
            continue
        deniers = {a.code for a in event.source if a.code}
        accusers: list[Actor] = []
        for earlier in reversed(events[:position]):
            if earlier.sentence < event.sentence - DENIAL_WINDOW_SENTENCES:
                break
            if earlier.event_type == "ACCUSE" and deniers & {a.code for a in earlier.target}:
                accusers = [a for a in earlier.source if a.code and a.code not in deniers]
                if accusers:
                    break
        event.target = [replace(a, method="coreference") for a in accusers]
