"""The event lexicon and the derived-field tables, loaded from ``detente/data/events/``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from detente.core.data import read_table
from detente.core.ontology import PLOVER_TYPES

__all__ = ["CONDITION_FLAGS", "Trigger", "Lexicon", "load_lexicon"]

#: Condition words of a row that test the clause rather than a word (data/events/README.md):
#: ``ccomp`` a that-clause, ``obj`` any direct object, ``neg`` negated ("cannot be ruled out" is the threat),
#: ``future`` said of the future ("will respond to": the promise or threat is made now; a willingness word
#: governing the trigger counts too: "stands ready to respond"), and for adjective
#: rows ``experiencer`` (the subject feels it about the target: "concerned about X") or ``evaluative`` (the
#: speaker judges the subject: "X's actions are unacceptable").
CONDITION_FLAGS = frozenset({"ccomp", "obj", "neg", "future", "experiencer", "evaluative"})


@dataclass(frozen=True)
class Trigger:
    """One lexicon row: a lemma, the conditions under which it names an event, and where its target is."""

    pos: str
    lemma: str
    particles: frozenset[str] | None
    objects: frozenset[str] | None
    not_objects: frozenset[str] | None
    event_type: str
    mode: str | None
    targets: tuple[tuple[str, frozenset[str]], ...]
    needs: frozenset[str] = frozenset()  # "ccomp": a that-clause; "obj": any direct object; "neg": negated
    complements: frozenset[str] | None = None  # "comp:accountable": a predicative complement ("hold X accountable")
    heads: frozenset[str] | None = None  # "head:reaffirm|make": the verb that governs the trigger
    # "pobj_from:treaty|accord": the object of a preposition ("withdrew from the accord")
    prep_objects: tuple[str, frozenset[str]] | None = None

    @property
    def specificity(self) -> int:
        return ((self.particles is not None) * 2 + (self.objects is not None) * 2 + (self.not_objects is not None)
                + 2 * len(self.needs) + (self.complements is not None) * 2 + (self.heads is not None) * 2
                + (self.prep_objects is not None) * 2)


def _words(value: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in value.split("|") if w.strip())


def _targets(spec: str) -> tuple[tuple[str, frozenset[str]], ...]:
    parts = (piece.partition(":") for piece in _split_target(spec or "dobj"))
    return tuple((kind.strip(), _words(preps)) for kind, _, preps in parts)


def _split_target(spec: str) -> list[str]:
    """"dobj|pobj:with|to" -> ["dobj", "pobj:with|to"]: a bar before a kind name starts a new part."""
    parts: list[str] = []
    for piece in spec.split("|"):
        if piece.split(":")[0] in ("dobj", "pobj", "none", "nsubj") or not parts:
            parts.append(piece)
        else:
            parts[-1] += "|" + piece
    return parts


def _rows(name: str) -> list[dict[str, str]]:
    return read_table("events", name)


class Lexicon:
    def __init__(self) -> None:
        self.triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
        self.support_verbs: dict[str, str] = {}
        self.context: dict[str, str] = {}

    def candidates(self, pos: str, lemma: str) -> list[Trigger]:
        return self.triggers.get((pos, lemma), [])


class _Condition(NamedTuple):
    """The conditions of one lexicon row, as read from its ``condition`` column."""

    particles: frozenset[str] | None
    objects: frozenset[str] | None
    not_objects: frozenset[str] | None
    complements: frozenset[str] | None
    heads: frozenset[str] | None
    prep_objects: tuple[str, frozenset[str]] | None
    needs: set[str]


def _parse_condition(condition: str) -> _Condition:
    """A row's ``condition`` column (``key:word|word`` parts joined by ``;``), read apart from the row so that
    ``load_lexicon`` only assembles triggers. A later part of the same key wins ("mod" also sets objects)."""
    particles = objects = not_objects = complements = heads = None
    prep_objects: tuple[str, frozenset[str]] | None = None
    needs: set[str] = set()
    for part in condition.split(";"):
        key, _, value = part.strip().partition(":")
        if key == "prt":
            particles = _words(value)
        elif key == "dobj":
            objects = _words(value)
        elif key == "not_dobj":
            not_objects = _words(value)
        elif key == "mod":  # a noun's adjective or compound modifier: "punitive measures"
            objects = _words(value)
        elif key == "comp":  # a predicative complement: "held Russia accountable"
            complements = _words(value)
        elif key == "head":  # the governing verb: "reaffirmed their commitment to ..."
            heads = _words(value)
        elif key.startswith("pobj_"):  # a preposition's object: "withdrew from the accord"
            prep_objects = (key.removeprefix("pobj_"), _words(value))
        elif key in CONDITION_FLAGS:
            needs.add(key)
    return _Condition(particles, objects, not_objects, complements, heads, prep_objects, needs)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    lex = Lexicon()
    for row in _rows("lexicon.tsv"):
        cond = _parse_condition((row.get("condition") or "-").strip())
        event_type = row["event_type"].strip().upper()
        if event_type not in PLOVER_TYPES:
            continue
        mode = (row.get("mode") or "-").strip()
        trigger = Trigger(row["pos"].strip().upper(), row["lemma"].strip().lower(), cond.particles, cond.objects,
                          cond.not_objects, event_type, None if mode in ("", "-") else mode,
                          _targets((row.get("target") or "").strip()), frozenset(cond.needs), cond.complements,
                          cond.heads, cond.prep_objects)
        lex.triggers[(trigger.pos, trigger.lemma)].append(trigger)
    for entries in lex.triggers.values():
        entries.sort(key=lambda t: -t.specificity)
    for row in _rows("support_verbs.tsv"):
        lex.support_verbs[row["lemma"].strip().lower()] = (row.get("role") or "agent").strip()
    for row in _rows("context.tsv"):
        lex.context[row["cue"].strip().lower()] = row["tag"].strip()
    return lex
