"""Trigger matching: a verb or noun token and its lexicon reading, tested against the lexicon's conditions."""

from __future__ import annotations

from spacy.tokens import Token

from detente.core.syntax import ENTITLEMENT, OBJECT_DEPS, WILLINGNESS, negated, object_of
from detente.core.words import words
from detente.events.lexicon import Lexicon, Trigger

__all__ = ["STANCE_DEPS", "match_stance", "match_trigger", "willing_head"]

# Heads whose infinitive complement did not happen: "refused to meet", "failed to agree".
REFUSAL_HEADS = words("refusal_heads")
# How a trigger hangs under a willingness word: "ready [to work]" (xcomp), "readiness [to work]" (acl), "open
# to [dialogue]" (pobj, prep), "willing to hold [talks]" (dobj); a few steps, no further.
WILLING_PATH_DEPS = frozenset({"xcomp", "acl", "pobj", "prep", "pcomp", "dobj"})
WILLING_PATH_STEPS = 3
# Dependencies of a verb's predicative complement ("held X accountable", "declared X persona non grata").
COMPLEMENT_DEPS = frozenset({"ccomp", "oprd", "acomp", "xcomp"})
# Auxiliaries that say what will or would be done: a promise or a threat made now.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would"})
# Where a predicative adjective or experiencer participle sits: "X is concerned", "remains concerned",
# "deeply concerned, the Council ...".
STANCE_DEPS = frozenset({"acomp", "ROOT", "ccomp", "conj", "xcomp", "advcl", "oprd"})


def _particles(token: Token) -> set[str]:
    """Particles and prepositions of a verb; "on Thursday" is a time, not the "on" of "fire on".

    For a noun that is the object of a verb, the verb's prepositions count too: the parser often attaches
    "opened a hearing into X" or "called for talks with X" to the verb.
    """
    found = set()
    children = list(token.children)
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in OBJECT_DEPS and token.head.pos_ == "VERB":
        children += [c for c in token.head.children if c.i > token.i]
    for child in children:
        if child.dep_ in ("prt", "prep", "advmod", "dative"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and all(o.ent_type_ in ("DATE", "TIME") for o in objects):
                continue
            found.add(child.lower_)
    return found



def match_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
    if pos is None:
        return None
    lemma = token.lemma_.lower()
    candidates = lexicon.candidates(pos, lemma) or (lexicon.candidates(pos, token.lower_) if pos == "NOUN" else [])
    if not candidates and pos == "VERB" and lemma.startswith("re") and len(lemma) > 5:
        candidates = lexicon.candidates(pos, lemma[2:].lstrip("-"))  # reimpose, reopen, redeploy: the act again
    if not candidates:
        return None
    obj = object_of(token) if pos == "VERB" else None
    # For verbs the condition words are objects; for nouns, modifiers ("punitive measures").
    lemmas = _object_lemmas(obj) if pos == "VERB" else {
        c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
    head_lemma = obj.lemma_.lower() if obj is not None else None
    particles = _particles(token)
    flags = _clause_flags(token, pos, obj)
    for trigger in candidates:
        if _row_fits(trigger, token, flags, particles, lemmas, head_lemma):
            return trigger
    return None


def _clause_flags(token: Token, pos: str, obj: Token | None) -> set[str]:
    """The condition flags the token's clause satisfies (``ccomp``, ``obj``, ``neg``, ``future``): computed once
    per token, tested against every candidate row."""
    flags = {"ccomp"} if any(c.dep_ == "ccomp" for c in token.children) else set()
    if obj is not None:
        flags.add("obj")
    if negated(token) or (token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_HEADS):
        flags.add("neg")  # "did not rule out", "refused to rule out"
    if pos == "VERB" and any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.children):
        flags.add("future")
    elif pos == "VERB" and token.dep_ == "xcomp" and token.head.lemma_ == "continue" and any(
            c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in token.head.children):
        flags.add("future")  # "will continue to work with X": the promise is the governing verb's
    if willing_head(token) is not None or _claimed_right(token):
        # "stands ready to respond", "determined to retaliate", "has the right to respond": made now
        flags.add("future")
    return flags


def _claimed_right(token: Token) -> bool:
    """"has the right to respond", "reserves the right to retaliate": the act is claimed now."""
    return token.dep_ == "acl" and token.head.lemma_.lower() in ENTITLEMENT and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def willing_head(token: Token) -> Token | None:
    """The willingness word that governs a trigger, if one does: "stands ready to work with X", "remains open to
    dialogue with X", "expressed its readiness to negotiate", "is willing to hold talks"."""
    node = token
    for _ in range(WILLING_PATH_STEPS):
        if node.dep_ not in WILLING_PATH_DEPS or node.head.i == node.i:
            return None
        node = node.head
        phrasal = " ".join([node.lemma_.lower(), *(c.lower_ for c in node.children if c.dep_ in ("prt", "advmod"))])
        if node.lemma_.lower() in WILLINGNESS or node.lower_ in WILLINGNESS:
            return node
        if phrasal in WILLINGNESS and token.pos_ == "VERB":
            return node  # "looks forward to working with X" (but "looks forward to the summit" welcomes it)
    return None


def _row_fits(trigger: Trigger, token: Token, flags: set[str], particles: set[str], lemmas: set[str],
              head_lemma: str | None) -> bool:
    """Whether the token meets every condition of one lexicon row; the complement and preposition lookups are
    made only for a row that has those conditions."""
    if trigger.needs - flags:
        return False
    if trigger.particles is not None and not (trigger.particles & particles):
        return False
    if trigger.objects is not None and not (trigger.objects & lemmas):
        return False
    if trigger.not_objects is not None and head_lemma in trigger.not_objects:
        return False
    if trigger.complements is not None and not (trigger.complements & complement_lemmas(token)):
        return False
    if trigger.heads is not None and token.head.lemma_.lower() not in trigger.heads:
        return False
    if trigger.prep_objects is not None:
        return bool(trigger.prep_objects[1] & _prep_object_lemmas(token, trigger.prep_objects[0]))
    return True



def _object_lemmas(obj: Token | None) -> set[str]:
    """The object's head lemma (and its conjuncts'), and for "25,000 tons of food aid" or "part of a military aid
    programme" the lemmas of the noun the quantity or part is of (with its compounds)."""
    if obj is None:
        return set()
    lemmas = {obj.lemma_.lower(), *(c.lemma_.lower() for c in obj.conjuncts)}  # "closed land, sea and airports"
    for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            lemmas.add(pobj.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    return lemmas




def match_stance(token: Token, lexicon: Lexicon) -> Trigger | None:
    """An adjective row for a predicative adjective or an experiencer participle: "is concerned about",
    "remains deeply disappointed", "X's actions are unacceptable" (matched on the word form)."""
    if token.dep_ not in STANCE_DEPS:
        return None
    participle = token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)
    if token.pos_ != "ADJ" and not participle:  # "The US is disappointed that ...": a passive participle
        return None
    denied = negated(token)
    for trigger in lexicon.candidates("ADJ", token.lower_):
        if ("neg" in trigger.needs) == denied:  # a "neg" row only when negated, the others only when not
            return trigger
    return None


def complement_lemmas(token: Token) -> set[str]:
    """Lemmas of a verb's predicative complements: "held Russia [accountable]", "declared X [persona]"."""
    return {c.lemma_.lower() for c in token.children if c.dep_ in COMPLEMENT_DEPS}


def _prep_object_lemmas(token: Token, preposition: str) -> set[str]:
    """Lemmas of the objects of one preposition of a token (and its compounds): "withdrew from the nuclear
    accord" gives {"accord", "nuclear"} for "from"; the preposition may hang from the verb's particle ("walked
    away from the talks")."""
    found: set[str] = set()
    heads = [token, *(c for c in token.children if c.dep_ in ("prt", "advmod"))]
    for prep in (c for head in heads for c in head.children if c.dep_ == "prep" and c.lower_ == preposition):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found.add(pobj.lemma_.lower())
            found.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    return found
