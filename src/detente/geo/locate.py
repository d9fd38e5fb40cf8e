"""Where an event happened, read from the dependency parse around its trigger, only where the text says so.

A place counts when a locative phrase attaches to the trigger, its clause or the things it acts on ("talks in
Vienna", "struck targets in Sanaa", "camps in Xinjiang", "met at the Kremlin"), when it is a visit's or a
movement's destination ("visited Beijing", "a trip to Seoul", "sent troops to Bosnia") or the place left ("withdrew
from Gorazde"). Never the actors' home countries, never a place that says where an actor is based ("the Chinese
embassy in London", "the Beijing-based firm", "Russia's ambassador to the UN"), never a place in another clause.
The rules and their reasons are in docs/GEO.md.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import deque
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from detente.geo.gazetteer import Match, gazetteer

__all__ = ["Place", "locate", "dateline_place", "place_of_name"]

logger = logging.getLogger(__name__)

WORDS_FILE = "places/words.toml"
# Entity labels that name places, and those whose names are read as places when the gazetteer knows them (seats
# of power labelled ORG, places the small model mislabels).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = PLACE_LABELS | {"ORG", "PERSON", "NORP"}
NOUN_POS = ("NOUN", "PROPN")
# Named people and organisations are actors: a place attached to them is where they are based.
ACTOR_LABELS = frozenset({"PERSON", "ORG"})
# Dependencies that open another clause: a place beyond one belongs to another event (GUIDELINES: one event, one
# clause). Locating participles on a non-actor noun ("power lines leading into Kabul") describe it instead.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "csubj", "csubjpass", "parataxis", "pcomp", "acl",
                         "dep", "intj", "conj"})
PARTICIPLE_TAGS = frozenset({"VBN", "VBG"})
# Arguments that make a coordinated verb an event of its own.
OWN_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "dobj", "obj", "dative", "attr", "ccomp", "xcomp"})
# Dependencies followed to the things an event acts on and to the event's own subject.
ARGUMENT_DEPS = frozenset({"dobj", "obj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "npadvmod"})
# Dependencies that can carry a country or division that narrows an ambiguous name ("Bam, Iran"; "Paris, Texas").
HINT_DEPS = frozenset({"appos", "conj", "npadvmod", "nmod", "poss"})
NAME_DEPS = frozenset({"compound", "appos", "nmod"})
ARTICLES = frozenset({"the", "a", "an"})
# A name found without an entity label (the small model misses some) is less sure.
NO_ENTITY_FACTOR = 0.85
# A dateline places the lead's events only approximately.
DATELINE_CONFIDENCE_FACTOR = 0.7
# A wire dateline: "TAIPEI —", "KYIV, Ukraine —", "LONDON, March 3 (Reuters) -", "WASHINGTON (AP) --".
DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z.'\u2019\- ]*[A-Z])"
    r"(?:\s*,\s*(?P<where>[A-Z][A-Za-z.'\u2019\- ]{1,40}?))??"
    r"(?:\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"(?:\s*\([^)\n]{1,40}\))?"
    r"\s*(?:\u2014|\u2013|--|-)\s")
# Lines at the top of a text where a dateline may stand (after a headline and a by-line).
DATELINE_LINES = 6


@dataclass(frozen=True, slots=True)
class Place:
    """An event's location, as the record's ``location`` field carries it."""

    text: str
    name: str
    country_code: str
    admin1: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: str
    method: str
    confidence: float

    def record(self) -> dict[str, Any]:
        """The JSON-ready dict of the event record (GUIDELINES s.1 ``location``)."""
        return asdict(self)


@dataclass(frozen=True)
class _Words:
    locative: frozenset[str]
    destination_preps: frozenset[str]
    destination: frozenset[str]
    departure_preps: frozenset[str]
    departure: frozenset[str]
    place_object: frozenset[str]
    place_object_nouns: frozenset[str]
    locating: frozenset[str]
    place_kind: dict[str, str | None]
    facility: frozenset[str]
    directions: frozenset[str]
    offices: frozenset[str]
    gatherings: frozenset[str]
    deictic: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = tomllib.loads(resources.files("detente.data").joinpath(WORDS_FILE).read_text("utf-8"))

    def words(name: str) -> frozenset[str]:
        return frozenset(data[name]["words"])

    kinds: dict[str, str | None] = {}
    for kind in ("city", "admin1", "any"):
        for noun in data["place_nouns"][kind]:
            kinds[noun] = None if kind == "any" else kind
    return _Words(words("locative_preps"), words("destination_preps"), words("destination_words"),
                  words("departure_preps"), words("departure_words"), words("place_object_words"),
                  words("place_object_nouns"), words("locating_participles"), kinds,
                  words("facility_nouns"), words("directions"), words("office_nouns"),
                  words("gathering_nouns"), words("deictic_adverbs"))


# -- names -------------------------------------------------------------------------------------------------------
def _entity(token: Token) -> Span | None:
    """The named entity the token is part of."""
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return token.doc[start:end]


def _name_span(token: Token) -> tuple[Span, str] | None:
    """The name at a token and its entity label: its entity, else its run of proper nouns (label "").

    The small model labels some places PERSON, ORG or NORP ("in Sanaa", "the province of Herat", "the town of
    Samarra"): in a place position
    such a name still counts when the gazetteer knows it, with a lower confidence.
    """
    entity = _entity(token)
    if entity is not None:  # a date, number, nationality or law is no place ("In March 2018")
        return (entity, token.ent_type_) if token.ent_type_ in NAME_LABELS else None
    if token.pos_ != "PROPN":
        return None
    start = token.i
    while start > 0 and token.doc[start - 1].pos_ == "PROPN" and token.doc[start - 1].head.i in (token.i, start):
        start -= 1
    return token.doc[start : token.i + 1], ""


def _clean(words: list[str], *, directions: bool = True) -> list[str]:
    """Drop an article, a possessive ending and direction words ("the southern Lebanon's" -> "Lebanon").

    A capitalised "North", "South", "East" or "West" is part of a name ("South Sudan", "North Korea") and stays;
    "southern", "Western" and "central" are dropped only when the whole name is not in the gazetteer (the caller
    tries both)."""
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    if words and words[-1] in ("'s", "\u2019s", "'"):
        words = words[:-1]
    if directions:
        known = _words().directions
        while len(words) > 1 and words[0].lower() in known and (words[0].islower() or words[0].endswith("ern")
                                                              or words[0] == "Central"):
            words = words[1:]
    return words


def place_of_name(text: str, *, countries_in_play: Collection[str] = (), country: str | None = None,
                  kind: str | None = None) -> Match | None:
    """A place name (as written) resolved through the gazetteer: the name itself, else without its kind noun
    ("the Jaffna peninsula" -> Jaffna, "Herat province" -> the province)."""
    gaz = gazetteer()
    whole = _clean(text.split(), directions=False)
    if not whole:
        return None
    match = gaz.resolve(" ".join(whole), countries_in_play=countries_in_play, country=country, kind=kind)
    if match is not None:
        return match
    words = _clean(whole)
    match = gaz.resolve(" ".join(words), countries_in_play=countries_in_play, country=country, kind=kind)
    if match is None and len(words) > 1:
        place_kind = _words().place_kind
        if words[-1].lower() in place_kind:
            match = gaz.resolve(" ".join(words[:-1]), countries_in_play=countries_in_play, country=country,
                                kind=kind or place_kind[words[-1].lower()])
        elif words[0].lower() in place_kind:  # "Province Herat" is rare; "Gaza Strip" is a name of its own
            match = gaz.resolve(" ".join(words[1:]), countries_in_play=countries_in_play, country=country,
                                kind=kind or place_kind[words[0].lower()])
    return match


def _hint(token: Token, play: Collection[str]) -> str | None:
    """A country named next to a place ("Bam, Iran", "Paris, Texas", "East Timor's capital Dili")."""
    for child in token.children:
        if child.dep_ not in HINT_DEPS:
            continue
        named = _name_span(child)
        if named is None:
            continue
        match = place_of_name(named[0].text, countries_in_play=play)
        if match is not None and match.entry.kind in ("country", "admin1"):
            return match.entry.country
    return None


def _phrase_place(token: Token, play: Collection[str], method: str, kind: str | None = None) -> Place | None:
    """The place a noun phrase names: a name, or a place noun that names one ("the city of Kirkuk")."""
    words = _words()
    named = _name_span(token)
    if named is not None:
        span, label = named
        country = _hint(token, play) or (_hint(token.head, play) if token.head.lemma_ in words.place_kind else None)
        match = place_of_name(span.text, countries_in_play=play, country=country, kind=kind)
        if match is not None:
            sure = label in PLACE_LABELS or match.entry.kind == "landmark"
            return _place(span, match, method, 1.0 if sure else NO_ENTITY_FACTOR)
        if label in ACTOR_LABELS:
            return None
    lemma = token.lemma_.lower()
    if lemma in words.place_kind and token.ent_type_ not in ACTOR_LABELS:
        noun_kind = kind or words.place_kind[lemma]
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in _objects(child):
                    found = _phrase_place(obj, play, method, noun_kind)
                    if found is not None:
                        return found
            elif child.dep_ in NAME_DEPS and (child.pos_ == "PROPN" or child.ent_type_ in PLACE_LABELS):
                found = _phrase_place(child, play, method, noun_kind)
                if found is not None:
                    return found
    return None


def _place(span: Span, match: Match, method: str, factor: float = 1.0) -> Place:
    entry = match.entry
    text = " ".join(_clean([t.text for t in span])) or span.text
    return Place(text=text, name=entry.name, country_code=entry.country,
                 admin1=entry.admin1 or None if entry.kind != "country" else None, lat=entry.lat, lon=entry.lon,
                 geonames_id=entry.geonames_id, precision=entry.precision,
                 method=method if entry.kind != "landmark" else f"{method}+landmark",
                 confidence=round(match.confidence * factor, 2))


# -- the parse around a trigger ---------------------------------------------------------------------------------
def _objects(prep: Token) -> list[Token]:
    """The objects of a preposition, with coordinated ones ("in Gaza and the West Bank"); "out of", "outside of"."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects:
        for child in prep.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
    for obj in list(objects):
        objects.extend(c for c in obj.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN"))
    return objects


def _is_actor(token: Token) -> bool:
    """A person, an organisation or an office: a place attached to it says where the actor is based.

    A gathering is not an actor even when the model labels it ORG ("the NATO Summit in Vilnius")."""
    lemma = token.lemma_.lower()
    if lemma in _words().gatherings:
        return False
    return token.ent_type_ in ACTOR_LABELS or lemma in _words().offices


def _anchors(trigger: Token) -> list[Token]:
    """The trigger and, for a noun trigger, the verb of its clause ("held talks in Vienna")."""
    anchors = [trigger]
    head = trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and head is not trigger:
        if trigger.dep_ in ARGUMENT_DEPS and head.pos_ in ("VERB", "AUX"):
            anchors.append(head)
        elif trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            anchors.append(head.head)
        elif (trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN"
              and not _is_actor(head.head)):
            # "the flames of conflict in eastern Ukraine", "the end of the war in Colombia": the phrase on the
            # head noun places the event it is an aspect of.
            anchors.append(head.head)
    return anchors


def _candidates(trigger: Token, play: Collection[str]) -> Iterator[tuple[int, int, Place]]:
    """(depth, position, place) for every place the rules accept, walking out from the trigger's anchors."""
    words = _words()
    anchors = _anchors(trigger)
    seen = {t.i for t in anchors}
    queue: deque[tuple[Token, int]] = deque((a, 0) for a in anchors)
    while queue:
        node, depth = queue.popleft()
        lemma = node.lemma_.lower()
        lemmas = {lemma, *_governing_lemmas(node, anchors)}
        for child in node.children:
            if child.i in seen:
                continue
            seen.add(child.i)
            dep = child.dep_
            if dep == "prep" or (dep == "dative" and child.pos_ == "ADP"):  # "sent to Turkey" parses as dative
                yield from _through_prep(child, lemmas, depth, play, seen, queue)
            elif dep in ARGUMENT_DEPS:
                yield from _through_argument(child, node, depth, node in anchors, play, seen, queue)
            elif dep == "compound" and depth > 0 and lemma in words.facility:
                found = _phrase_place(child, play, "compound")
                if found is not None:
                    yield depth, child.i, found
            elif _same_depth(child, node, depth, trigger.i):
                queue.append((child, depth))


def _through_argument(child: Token, node: Token, depth: int, at_anchor: bool, play: Collection[str], seen: set[int],
                      queue: deque[tuple[Token, int]]) -> Iterator[tuple[int, int, Place]]:
    """An argument of a node: the place itself after a verb like "visit"; else walked further unless an actor (or
    a subject away from the trigger), whose "here in P" still counts."""
    dep = child.dep_
    if dep in ("dobj", "obj") and node.lemma_.lower() in _words().place_object:
        found = _phrase_place(child, play, "object")
        if found is not None:
            yield depth, child.i, found
            return
    subject = dep in ("nsubj", "nsubjpass")
    if not _is_actor(child) and (not subject or at_anchor):
        queue.append((child, depth + 1))
    elif _is_actor(child) and not subject:
        yield from _here_places(child, depth + 1, play, seen)


def _governing_lemmas(node: Token, anchors: list[Token]) -> set[str]:
    """The verb or noun trigger a phrase hangs from when the parser attached its preposition one word too low:
    "evacuated the wounded from Gorazde" and "sent troops to Bosnia" often parse "from"/"to" on the object, and
    "a visit from the Commission to Tehran" parses "to" on the Commission."""
    head = node.head
    if node.dep_ in ("dobj", "obj") and head in anchors:
        return {head.lemma_.lower()}
    if node.dep_ == "pobj" and head.dep_ == "prep" and head.head in anchors:
        return {head.head.lemma_.lower()}
    return set()


def _is_motion_prep(prep: str, lemmas: Collection[str]) -> bool:
    """A "to" after a word of movement, a "from" after a word of leaving."""
    words = _words()
    return ((prep in words.destination_preps and any(lemma in words.destination for lemma in lemmas))
            or (prep in words.departure_preps and any(lemma in words.departure for lemma in lemmas)))


def _through_prep(prep_token: Token, lemmas: Collection[str], depth: int, play: Collection[str], seen: set[int],
                  queue: deque[tuple[Token, int]]) -> Iterator[tuple[int, int, Place]]:
    """Places in the objects of a preposition on a node with one of ``lemmas``: a locative one ("in", "at"), one
    of direction on a verb of motion ("to" on "travel"), "of" on a place noun ("the capital of") or on a locative
    adverb ("outside of Svitlodarsk"); other objects are walked further unless they are actors, whose own motion
    phrase still counts ("a visit from the Commission to Tehran")."""
    words = _words()
    prep = prep_token.lower_
    locative = prep in words.locative or _is_motion_prep(prep, lemmas)
    if prep == "of" and any(lemma in words.place_object_nouns for lemma in lemmas):
        locative, method = True, "object"
    elif prep == "of" and any(lemma in words.locative for lemma in lemmas):
        locative, method = True, f"prep:{prep_token.head.lower_}"
    else:
        method = f"prep:{prep}"
    for obj in _objects(prep_token):
        seen.add(obj.i)
        if locative:
            found = _phrase_place(obj, play, method)
            if found is not None:
                yield depth, obj.i, found
                continue
        if not _is_actor(obj):
            queue.append((obj, depth + 1))
        elif not locative:
            for child in obj.children:
                if child.dep_ == "prep" and _is_motion_prep(child.lower_, lemmas):
                    seen.add(child.i)
                    for target in _objects(child):
                        found = _phrase_place(target, play, f"prep:{child.lower_}")
                        if found is not None:
                            yield depth + 1, target.i, found


def _here_places(actor: Token, depth: int, play: Collection[str], seen: set[int]) -> Iterator[tuple[int, int, Place]]:
    """ "welcome Minister Zarif here in Brussels": "here"/"there" with a place is said of the event, even when the
    parser hangs it on the person acted on (a place attached to an actor otherwise says where it is based)."""
    words = _words()
    for adverb in actor.children:
        if adverb.dep_ != "advmod" or adverb.lower_ not in words.deictic:
            continue
        for prep in adverb.children:
            if prep.dep_ == "prep" and prep.lower_ in words.locative:
                seen.add(prep.i)
                for obj in _objects(prep):
                    found = _phrase_place(obj, play, f"prep:{prep.lower_}")
                    if found is not None:
                        yield depth, obj.i, found


def _same_depth(child: Token, node: Token, depth: int, trigger_i: int) -> bool:
    """Tokens that extend a node without moving away from the event: a locating participle on a thing ("lines
    leading into Kabul"), an adverb carrying a place ("here in Brussels", "walked away from"), a coordinated noun."""
    dep = child.dep_
    words = _words()
    lemma = child.lemma_.lower()
    if dep in ("acl", "relcl") and depth == 0 and node.pos_ in NOUN_POS and lemma in words.destination:
        return not _is_actor(node)  # "the support the UK has sent to Ukraine": where the thing itself went
    if dep == "acl":
        return (child.tag_ in PARTICIPLE_TAGS and lemma in words.locating
                and not _is_actor(node) and depth > 0)
    if dep == "advmod":
        return child.pos_ == "ADV"
    if dep == "appos":  # "the crime, Serbia's suppression of unrest in Montenegro": one thing, named twice
        return child.pos_ in NOUN_POS and node.pos_ in NOUN_POS and not _is_actor(child) and not _is_actor(node)
    if (dep == "conj" and depth == 0 and child.pos_ == "VERB" and node.pos_ == "VERB"
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" and c.i == trigger_i
                    for c in node.children)):
        # "an agreement was struck and signed in South Africa": a second verb with neither a subject nor an object
        # of its own says the same event again; one with an object is another event ("threatened to attack
        # shipping and launched an attack near Hudaydah").
        return not any(c.dep_ in OWN_ARGUMENT_DEPS for c in child.children)
    return (dep == "conj" and child.pos_ in NOUN_POS and node.pos_ in NOUN_POS) and not _is_actor(child)


def locate(trigger: Token, *, countries_in_play: Collection[str] = (), dateline: Place | None = None,
           actors: Collection[str] = (), text: str | None = None) -> Place | None:
    """The location of the event whose trigger token is given, or None when the text does not place it.

    ``countries_in_play`` (ISO3 codes of the document's states) settles ambiguous names. ``dateline`` (from
    ``dateline_place``) places an event that names no place when the event is the dateline city's news: told in the
    dateline's own paragraph, with the dateline's country among the event's own ``actors`` (ISO3 codes of its
    sources and targets) -- "TAIPEI -- Pelosi met Taiwan's president" is Taipei's news, "SEOUL -- North Korea fired
    missiles" is not. ``text`` is the Doc's text when the caller has it: spaCy rebuilds ``doc.text`` on every
    access, so a caller locating every event of a long document passes it once.
    """
    play = frozenset(countries_in_play)
    best: tuple[int, int, Place] | None = None
    for candidate in _candidates(trigger, play):
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    if best is not None:
        return best[2]
    if dateline is not None and dateline.country_code in actors and _in_dateline_paragraph(trigger, text):
        return replace(dateline, method="dateline",
                       confidence=round(dateline.confidence * DATELINE_CONFIDENCE_FACTOR, 2))
    return None


# -- datelines ---------------------------------------------------------------------------------------------------
def _dateline_at(text: str, start: int) -> re.Match[str] | None:
    return DATELINE.match(text, start)


def _line_starts(text: str, lines: int) -> list[int]:
    starts: list[int] = []
    at = 0
    while len(starts) < lines and at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        starts.append(at)
        newline = text.find("\n", at)
        if newline < 0:
            break
        at = newline + 1
    return starts


def dateline_place(doc: Doc, *, text: str | None = None) -> Place | None:
    """The city of a wire dateline at the top of the text ("TAIPEI —", "KYIV, Ukraine —"), or None. ``text`` is
    the Doc's text when the caller has it (see :func:`locate`)."""
    text = doc.text if text is None else text
    for start in _line_starts(text, DATELINE_LINES):
        found = _dateline_at(text, start)
        if found is None:
            continue
        city = found.group("city").title()
        country = None
        if found.group("where"):
            where = place_of_name(found.group("where"))
            country = where.entry.country if where is not None else None
        match = place_of_name(city, country=country, kind="city")
        if match is None:
            continue
        span = doc.char_span(found.start("city"), found.end("city"), alignment_mode="expand")
        place = _place(span, match, "dateline") if span is not None else None
        if place is not None:
            return replace(place, text=found.group("city"))
    return None


def _in_dateline_paragraph(trigger: Token, text: str | None = None) -> bool:
    """The trigger is in the paragraph that opens with the dateline: the lead, told from the dateline's city."""
    text = trigger.doc.text if text is None else text
    start = text.rfind("\n", 0, trigger.idx) + 1
    while start < len(text) and text[start].isspace():
        start += 1
    return _dateline_at(text, start) is not None
