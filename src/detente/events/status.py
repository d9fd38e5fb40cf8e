"""The status of an event (GUIDELINES section 1): asserted, planned, hypothetical or negated, from modality,
negation and the verbs that govern the trigger."""

from __future__ import annotations

from spacy.tokens import Token

from detente.core.syntax import (
    ENTITLEMENT,
    PREVENTING,
    REPORTING,
    clause_verb,
    conditional,
    negated,
    stranded_subject,
)
from detente.core.words import words

__all__ = ["status_of"]

# Heads that put the event they govern in the future: "plans to visit", "is due to meet".
PLANNED_HEADS = words("planned_heads")
# Planning heads whose object is decided now, not later: "agreed to", "decided to", "set to" (as a head noun).
NOT_PLANNING_OBJECT_HEADS = words("not_planning_object_heads")
# Heads that make it only possible: "is considering sanctions", "discussed the possibility of ...".
HYPOTHETICAL_HEADS = words("hypothetical_heads")
# Nouns whose complement is only a possibility: "the possibility of sanctions".
POSSIBILITY_NOUNS = words("possibility_nouns")
# Heads whose infinitive complement did not happen: "refused to meet", "failed to agree".
REFUSAL_HEADS = words("refusal_heads")
HYPOTHETICAL_PHRASAL = words("hypothetical_phrasal")
# Heads whose complement clause is denied: "denies arming the Houthis".
DENIAL_VERBS = words("denial_verbs")
# Verbs whose object event does not take place: "postponed the talks", "cancelled the visit".
CANCELLING_VERBS = words("cancelling_verbs")
# "I want to thank ...": a first-person wish that performs the act it names.
PERFORMATIVE_HEADS = words("performative_heads")
# Nouns whose infinitive is an act still to come: "an agreement to free", "a plan to visit", "a pledge to send".
PLAN_NOUNS = words("plan_nouns")
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "may", "might", "should", "must", "can", "would"})


def status_of(token: Token) -> str:
    if token.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return "negated"
    verb = clause_verb(token)
    chain = _governors(verb)
    if verb is not token:  # "is considering sanctions", "plans new sanctions": the verb governing the noun
        found = _governing_verb_status(token, verb)
        if found is not None:
            return found
    if negated(verb) or any(negated(g) for g, relation in chain if relation in ("pcomp", "pobj", "prep", "xcomp")):
        return "negated"
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & HYPOTHETICAL_AUX - {"would"}:
        return "hypothetical"
    if conditional(token):
        return "hypothetical"
    if auxes & FUTURE_AUX and verb.lemma_ != "continue":
        return "planned"
    found = _chain_status(chain)
    if found is not None:
        return found
    if "would" in auxes:
        reported = any(g.lemma_ in REPORTING for g, _ in chain)
        return "planned" if reported else "hypothetical"
    return _noun_status(token, verb)


def _noun_status(token: Token, verb: Token) -> str:
    """What a governing noun makes of the event: "the possibility of sanctions" is hypothetical, "its agreement
    to free five Iranians" planned (the release is still to come); else the event is asserted."""
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in POSSIBILITY_NOUNS and ancestor.pos_ == "NOUN":
            return "hypothetical"
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in ENTITLEMENT:  # "the right to negotiate": only claimed
        return "hypothetical"  # "Palestinians have the right to negotiate": a right, not yet the act
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in PLAN_NOUNS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return "planned"
    return "asserted"


def _governors(verb: Token) -> list[tuple[Token, str]]:
    """Governors reached through complements ("plans to visit", "is due to meet", "not about attacking"), which
    pass on their modality; adverbial clauses and coordination do not ("set off a firestorm when it demanded"),
    nor does a clause with a subject of its own that the parser hung on the previous clause."""
    chain: list[tuple[Token, str]] = []
    head = verb
    for _ in range(4):
        if head.dep_ not in ("xcomp", "ccomp", "acomp", "pcomp", "pobj", "prep", "conj") or head.head.i == head.i:
            break
        if stranded_subject(head) is not None:
            break  # "Iran denies arming X and its minister blasted Y": a clause of its own, misattached
        chain.append((head.head, head.dep_))
        head = head.head
    return chain


def _governing_verb_status(token: Token, verb: Token) -> str | None:
    """The status a verb gives the event noun it governs, if it gives one."""
    lemma = verb.lemma_.lower()
    if lemma in CANCELLING_VERBS and token.dep_ in ("dobj", "nsubjpass"):
        return "negated"  # "postponed their meeting": the meeting did not take place
    if lemma in HYPOTHETICAL_HEADS and lemma not in REPORTING or " ".join(
            [lemma, *(c.lower_ for c in verb.children if c.dep_ == "prt")]) in HYPOTHETICAL_PHRASAL:
        return "hypothetical"  # "is considering sanctions"; "sanctions cannot be ruled out"
    if lemma in PLANNED_HEADS and lemma not in NOT_PLANNING_OBJECT_HEADS:
        return "planned"
    return None


def _chain_status(chain: list[tuple[Token, str]]) -> str | None:
    """The status the nearest governor that decides one passes on."""
    for governor, relation in chain:
        lemma = governor.lemma_.lower()
        if lemma == "continue":
            return "asserted"  # "will continue to press": the act is already going on
        first_person = any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in governor.children)
        if lemma in PERFORMATIVE_HEADS and first_person:
            return "asserted"
        g_aux = {c.lower_ for c in governor.children if c.dep_ in ("aux", "auxpass")}
        if relation == "conj":
            if g_aux & FUTURE_AUX:
                return "planned"  # "will visit Belgium and meet ...": coordinated verbs share the auxiliary
            continue
        if relation == "pcomp" and governor.lower_ == "from" and governor.head.lemma_.lower() in PREVENTING:
            return "negated"  # "prevented women from working with NGOs": the work is kept from happening
        if lemma in DENIAL_VERBS and relation in ("xcomp", "ccomp") and not negated(governor):
            return "negated"  # "denies arming the Houthis": the subject says the act did not happen
        if lemma in REFUSAL_HEADS and relation == "xcomp":
            return "negated"  # "refused to meet": the meeting did not happen (the refusal is the REJECT)
        if lemma in HYPOTHETICAL_HEADS and lemma not in REPORTING:
            return "hypothetical"
        if lemma in PLANNED_HEADS and relation in ("xcomp", "acomp", "ccomp"):
            return "planned" if not (g_aux & HYPOTHETICAL_AUX - {"would"}) else "hypothetical"
        if g_aux & FUTURE_AUX and relation in ("xcomp", "acomp"):
            return "planned"
    return None


