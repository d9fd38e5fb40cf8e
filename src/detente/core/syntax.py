"""Syntax helpers shared by the stages: who does a verb, what it governs, whether it is negated or conditional.

They read spaCy's dependency parse only (labels of the English models: nsubj, dobj, prep, pobj, ...).
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.core.words import words

__all__ = [
    "ENTITLEMENT", "NEGATIONS", "OBJECT_CONTROL", "OBJECT_DEPS", "PREVENTING", "REPORTING", "SUBJECT_DEPS",
    "WILLINGNESS", "clause_verb", "conditional", "is_passive", "negated", "object_of", "possessor", "prep_objects",
    "stranded_subject", "subject_of",
]

SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj")
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
# Verbs that report speech: their subject is the speaker of what their clause says.
REPORTING = words("reporting_verbs")
# Subordinators that make a clause a condition: "if", "unless", "whether".
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
# Nouns of a stated willingness: "the resolve of the United Nations to work with ..." is the UN's.
WILLINGNESS = words("willingness_heads")
# "the right to respond": who has or reserves it acts.
ENTITLEMENT = words("entitlement_heads")
# Verbs whose object does what their infinitive says: "urged China to release" (China releases).
OBJECT_CONTROL = words("object_control_verbs")
# Verbs whose object is kept from doing their "from" gerund: "stopped Britain from meeting Iraq".
PREVENTING = words("preventing_verbs")
# "put pressure on X to do": the one pressed does the infinitive.
PRESSURE_NOUNS = frozenset({"pressure"})


def object_of(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ == "nsubjpass":
            return child
    return None



def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)



# Tags of a finite verb, one that needs a subject of its own ("blasted", "denies", "say").
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def stranded_subject(verb: Token) -> Token | None:
    """"Iran denies arming the Houthis and its foreign minister blasted the Saudis": the parser hangs the
    second clause's subject on the first clause's object as a conjunct and leaves the finite verb with no
    subject; the conjunct whose phrase ends just before the verb is that subject."""
    if verb.tag_ not in FINITE_TAGS or verb.dep_ not in ("ccomp", "conj") or verb.i == 0:
        return None
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ in ("nsubjpass", "expl") for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    for noun in (before, *before.ancestors):
        if noun.right_edge.i != verb.i - 1:
            return None
        if noun.dep_ == "conj" and noun.pos_ in ("NOUN", "PROPN") and noun.head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "cc" for c in noun.head.children):
            return noun
    return None



def possessor(poss: Token) -> Token:
    """The real possessor behind a ``poss`` token: in "updated the Prime Minister on President Zelenskyy's
    visit" the parser makes "Minister" the possessor, but the "'s" follows Zelenskyy, inside its phrase."""
    case = next((c for c in poss.children if c.dep_ == "case"), None)
    if case is None or case.i - 1 == poss.i:
        return poss
    before = poss.doc[case.i - 1]
    if before.dep_ == "pobj" and poss in before.ancestors:
        return before
    return poss



# Relative pronouns ("that", "which", "who"): a relative clause's subject stands for the noun it modifies.
RELATIVE_TAGS = frozenset({"WDT", "WP"})


def _passive_agent(verb: Token) -> Token | None:
    """A passive verb's doer: the object of its "by" agent, else no one (its grammatical subject is the one
    acted on, so ``subject_of`` looks no further)."""
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _written_subject(verb: Token) -> Token | None:
    """The verb's own subject when the parse gives one; a relative pronoun stands for the noun it modifies.

    An adverb noun between auxiliary and verb ("the United States is today sanctioning ...") makes the parser
    hang the subject on the auxiliary: the auxiliary's subject is the verb's."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    for child in [*verb.children, *(c for a in auxiliaries for c in a.children)]:
        if child.dep_ in SUBJECT_DEPS:
            if child.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head  # "a group that killed 40 soldiers": the group killed them
            return child
    return None


def _dummy_it(verb: Token) -> bool:
    """"It was right to ...", "it is time to ...": a copula whose subject "it" is the extraposed infinitive."""
    return verb.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children) and any(
        c.dep_ in ("acomp", "attr") for c in verb.children)


def _controlling_object(verb: Token) -> Token | None:
    """The object of an object-control verb is the doer of its infinitive: "urged China to release the activists",
    "called on Russia to withdraw", "invited the prime minister to visit", "kept the pressure on Putin to end"."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "advcl") or head.i == verb.i:
        return None
    pressed = [o for o in head.children if o.dep_ in OBJECT_DEPS and o.lemma_.lower() in PRESSURE_NOUNS]
    if head.lemma_.lower() == "call" or pressed:
        # "called on Russia to withdraw", "keep the pressure on Putin to end his war": the object of "on"
        objects = [o for p in [*head.children, *(c for n in pressed for c in n.children)]
                   if p.dep_ in ("prep", "prt") and p.lower_ == "on" for o in p.children if o.dep_ == "pobj"]
    elif verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
        objects = [c for c in head.children if c.dep_ in OBJECT_DEPS]
    else:
        return None
    before = [o for o in objects if o.i < verb.i]
    return before[0] if before else None


def _gerund_subject(prep: Token, depth: int) -> Token | None:
    """Who does what a preposition's gerund names: "accused Russia of shelling" (Russia), "held them to account
    by imposing sanctions" (the subject of the clause, wherever the parser hung "by")."""
    accused = [c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass")]
    kept = prep.lower_ == "from" and prep.head.lemma_.lower() in PREVENTING
    if (prep.lower_ in ("of", "for") or kept) and accused:
        # "accused Russia of shelling": Russia shelled, not the accuser; "stopped Britain from meeting": Britain
        return accused[0]
    head = prep.head
    if prep.lower_ == "by" and head.pos_ not in ("VERB", "AUX"):  # the means of the clause's own act
        head = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), head)
    return subject_of(head, depth + 1)


def _intender(noun: Token) -> Token | None:
    """"the UK's decision to ban", "Russia's attempt to seize": the possessor of a noun that governs an infinitive
    does it, unless the noun names someone else ("the EU's call on Russia to withdraw"); a willingness noun's "of"
    complement too ("the resolve of the United Nations to work with"; not "the efforts of X to deal with": an
    effort's "of" is as often what is dealt with as who deals)."""
    if any(c.dep_ == "prep" and c.lower_ in ("on", "upon", "for") for c in noun.children):
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.lower_ in WILLINGNESS:
        owner = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                      for o in p.children if o.dep_ == "pobj" and o.pos_ in ("PROPN", "NOUN")), None)
    if owner is None and noun.lower_ in WILLINGNESS | ENTITLEMENT and noun.dep_ in OBJECT_DEPS \
            and noun.head.pos_ in ("VERB", "AUX"):
        owner = subject_of(noun.head)  # "Israel reserves the right to retaliate", "reaffirmed its readiness to"
    return owner


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The acting subject of a verb, following conjunctions, infinitives and relative clauses."""
    if is_passive(verb):
        return _passive_agent(verb)
    written = _written_subject(verb) or stranded_subject(verb)
    if written is not None:
        return written
    if depth > 3:
        return None
    head = verb.head
    if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN"):
        return head
    controller = _controlling_object(verb)
    if controller is not None:
        return controller
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acomp") and head.i != verb.i and head.pos_ in (
            "VERB", "AUX", "ADJ"):
        if verb.dep_ == "xcomp" and _dummy_it(head):
            return None  # "It was right to offer Russia ...": "it" stands for the infinitive, not its doer
        return subject_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        return _gerund_subject(head, depth)
    if verb.dep_ in ("acl", "xcomp") and head.pos_ == "NOUN":
        return _intender(head)
    if verb.dep_ == "prep" and verb.pos_ == "VERB" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head, depth + 1)  # "..., including selling arms to Taiwan"
    topic = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < verb.i]
    if topic:
        return topic[0]  # "Washington, he said, would like ..."
    return None



# Adverbs the parser gives a phrasal verb's particle as ("walked away from"): prepositions may hang from them.
PARTICLE_ADVERBS = frozenset({"away", "out", "back", "off"})


def prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the prepositions ``preps`` that hang from ``token``: "sanctions on [Russia]", or from its
    particle ("walked away from [the talks]", "pulled out of [the deal]")."""
    found: list[Token] = []
    particles = [c for c in token.children if c.dep_ == "prt" or c.dep_ == "advmod" and c.lower_ in PARTICLE_ADVERBS]
    for child in [*token.children, *(c for p in particles for c in p.children)]:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found



def clause_verb(token: Token) -> Token:
    """The verb whose modality applies to a trigger: the trigger itself or the verb governing a noun."""
    if token.pos_ == "VERB":
        return token
    head = token
    for _ in range(3):
        if head.head.i == head.i:
            break
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return token



def conditional(token: Token) -> bool:
    verb = clause_verb(token)
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children)



def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "preconj")) for c in verb.children)


