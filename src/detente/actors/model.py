"""The actor layer's records and vocabulary: a coded mention, the answer of a lookup, a person met in a text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from detente.actors.roles import Role
from detente.core.dates import MONTHS, WEEKDAYS
from detente.core.records import ActorRecord
from detente.core.words import words

__all__ = ["CONFIDENCE", "Actor", "KnownActor", "Person", "Resolution"]  # and the word lists of actor resolution

# Dependency labels of modifiers that name the state of a noun: "Chinese officials", "China's envoy",
# "UK Foreign Secretary", "officials of China".
MODIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod", "npadvmod", "nn"})
# Confidence by method: how often each kind of evidence is right, as a prior, not a measurement.
CONFIDENCE = {"gazetteer": 0.95, "extra": 0.95, "title": 0.9, "roles": 0.85, "coreference": 0.75,
              "memory": 0.7, "pronoun": 0.6, "context": 0.5, "author": 0.45, "modifier": 0.6,
              "topic": 0.45, "ambiguous": 0.0}
THIRD_PERSON = words("third_person_pronouns")
# Capitalised words that are never surnames here even when a holder has that name ("May", "Friday").
WEEKDAYS_MONTHS = frozenset(WEEKDAYS) | frozenset(MONTHS)
NON_PERSON = words("non_person_pronouns")
# Modifiers that make a description generic rather than a reference to one state.
GENERIC_MODIFIERS = words("generic_modifiers")
# People who act for someone named in their "of" complement.
ASSOCIATE_NOUNS = words("associate_nouns")
# The ground of a place stands for the place: "the soil of the United Kingdom".
TERRITORY_NOUNS = words("territory_nouns")
# Document nouns stand for their authors: "a report by British MPs urged ...".
DOCUMENT_NOUNS = words("document_nouns")
# Documents written by the public: "a petition" with no named author is the population's request.
PUBLIC_DOCUMENTS = words("public_documents")
# Cue words of an opposition that exists only against a state ("dissidents", "pro-democracy figures"): such a
# group belongs to the state the text is about even with no state named.
REGIME_OPPOSITION = words("regime_opposition")
STANCE_NOUNS = words("stance_nouns")
# Verbs that hold someone to account: "those responsible" refers back to their object.
BLAME_VERBS = words("blame_verbs")
GOVERNMENT_ERA_NOUNS = words("government_era_nouns")
# State bodies a bare "the regime" refers back to when named before with their state ("the Assad regime"), and how
# far back (in tokens: a few paragraphs of a statement) that described mention may be.
DESCRIBED_ANTECEDENTS = words("described_antecedent_nouns")
DESCRIBED_ANTECEDENT_TOKENS = 400
# Bodies rather than persons: a name after "the administration said" is not the administration's name.
INSTITUTION_NOUNS = words("institution_nouns")
# Heads of a meeting that stands for its members: "the meeting of advanced economies" is the G7.
GATHERING_NOUNS = words("gathering_nouns")
# Sectors that name a state organ: an unmodified one used by a state's clause belongs to that state.
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "SPY"})
FIRST_PERSON = words("first_person_pronouns")
SECOND_PERSON = words("second_person_pronouns")
# Words before a name that are not part of it ("Mr Raab", "Dame Karen"): matched case-sensitively.
HONORIFICS = words("honorifics")
# Titles before a given or regnal name ("Pope Francis", "King Charles"): the name is not a surname use.
GIVEN_NAME_TITLES = words("given_name_titles")
# Nouns for whoever heads a body: with the body in their "of" complement they take its sector.
HEAD_TITLES = words("head_titles")
# A government's or organisation's own offices: with no state named, in its statement, they are the author's.
OWN_INSTITUTIONS = words("own_institution_nouns")
# Nouns for people in general: a phrase headed by one is a person, but nothing says who ("two men").
PEOPLE_NOUNS = words("people_nouns")


@dataclass
class Actor:
    """A coded actor mention."""

    text: str
    name: str | None
    code: str | None
    sector: str | None
    method: str
    confidence: float
    start_char: int = 0
    end_char: int = 0
    root: int = -1
    # The office of the roles knowledge base the code comes from, and, for a name several people share that
    # nothing in the document tells apart (method "ambiguous", no code), each one's office on the date.
    office: Role | None = None
    candidates: tuple[Role, ...] = ()

    def record(self) -> ActorRecord:
        return {"text": self.text, "name": self.name, "code": self.code, "sector": self.sector}


@dataclass
class Resolution:
    """The answer of :func:`resolve_actor`.

    ``office``: the roles knowledge base's fact the code comes from (its role, start, end and source), when it
    does; ``current``: whether the office is held on the date (False: a former holder, coded ELI).
    ``candidates``: for a name several people share that nothing tells apart, each one's office on the date
    (the phrase is then left uncoded, method ``ambiguous``).
    """

    text: str
    code: str | None
    sector: str | None
    name: str | None
    method: str
    confidence: float
    office: Role | None = None
    current: bool | None = None
    candidates: tuple[Role, ...] = ()


@dataclass(frozen=True)
class KnownActor:
    """One fact Detente knows about a state or organisation (:func:`detente.actors_kb`).

    ``kind`` "person": an office someone held (``role``, from ``start`` to ``end``, exclusive, per ``source``);
    "body": a party, armed group, institution or organisation of the gazetteer (``role`` says what it is, and
    for a dated standing, e.g. a party in government or an insurgency that took power, the period).
    ``current``: with a date asked, whether the office or standing holds on it.
    """

    kind: str
    name: str
    code: str
    sector: str
    role: str
    start: date | None
    end: date | None
    source: str
    current: bool | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Person:
    key: str
    surname: str
    code: str | None
    sector: str | None
    role: str
    first: int
    subject_at: list[int] = field(default_factory=list)


