"""Event extraction on a parsed Doc: triggers from the lexicon, arguments from the dependency parse,
actors from the actor layer, status from modality and negation, dates from the time expressions.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from detente.actors.resolve import REPORTING, Actor, DocActors
from detente.events.dates import find_time_expressions, format_date
from detente.events.lexicon import Lexicon, Trigger, load_lexicon
from detente.words import words

__all__ = ["Event", "extract_doc", "extract_records", "extract_text", "subject_of"]

logger = logging.getLogger(__name__)

SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj")
# Heads that put the event they govern in the future: "plans to visit", "is due to meet".
PLANNED_HEADS = words("planned_heads")
# Heads that make it only possible: "is considering sanctions", "discussed the possibility of ...".
HYPOTHETICAL_HEADS = words("hypothetical_heads")
# Heads whose infinitive complement did not happen: "refused to meet", "failed to agree".
REFUSAL_HEADS = words("refusal_heads")
HYPOTHETICAL_PHRASAL = words("hypothetical_phrasal")
# Verbs whose object event does not take place: "postponed the talks", "cancelled the visit".
CANCELLING_VERBS = words("cancelling_verbs")
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "may", "might", "should", "must", "can", "would"})
# Events that are speech acts: when their clause has no subject, the reporting speaker performs them.
VERBAL_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "AGREE"})
# Cooperative acts whose agentless passive, in a first-person statement, is the author's own act.
AUTHOR_PASSIVE_TYPES = frozenset({"COOPERATE", "AGREE", "CONSULT", "AID", "SUPPORT"})
# Abuses whose report, with no agent named, is an allegation against the state where they happened.
ALLEGED_TYPES = frozenset({"COERCE", "ASSAULT"})
# "I want to thank ...": a first-person wish that performs the act it names.
PERFORMATIVE_HEADS = words("performative_heads")
# "must", "should", "has to": what a speaker says another actor must do is a demand.
OBLIGATION_AUX = frozenset({"must", "should"})
# Verbs of wishing whose object is asked to act: "wants Germany to pay", "would like the G7 to take steps".
WISH_VERBS = words("wish_verbs")
# Nouns that carry an event noun used as their modifier: "a mediation effort", "a peace mission".
LIGHT_NOUNS = words("light_nouns")
# Heads that only count or group the actors named by their "of" complement.
QUANTITY_HEADS = words("quantity_heads")
# Entity labels of names that stand for actors even when the gazetteers do not know them.
NAMED_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Precision marker for a date that is the publication date because the text states none (GUIDELINES 5).
PUBLISHED_PRECISION = "day (publication)"
# Symmetric types (GUIDELINES section 6): "A and B held talks" is A with B.
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# Prepositions that name the other party of an event noun: "ties with X", "an attack by X".
NOMINAL_PARTICIPANT_PREPS = frozenset({"with", "between", "to", "against", "by", "on"})
# Clauses that give background rather than the sentence's news.
SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl"})
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})


@dataclass
class Event:
    doc_id: str
    event_type: str
    mode: str | None
    source: list[Actor]
    target: list[Actor]
    status: str
    date: str | None
    date_precision: str | None
    sentence: int
    sentence_span: Span
    trigger: Token
    attribution: Actor | None = None
    context: list[str] = field(default_factory=list)
    confidence: float = 0.5
    mentions: list[dict[str, Any]] = field(default_factory=list)
    date_from_text: bool = True

    @property
    def event_id(self) -> str:
        text = f"{self.doc_id}|{self.sentence}|{self.trigger.i}|{self.event_type}"
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def key(self) -> tuple:
        return (self.event_type, tuple(sorted(str(a.code) for a in self.source)),
                tuple(sorted(str(a.code) for a in self.target)), self.status)

    def record(self, lexicon: Lexicon) -> dict[str, Any]:
        derived = lexicon.derive(self.event_type, self.mode)
        span = self.sentence_span
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "source": [a.record() for a in self.source],
            "target": [a.record() for a in self.target],
            "date": self.date,
            "date_precision": self.date_precision,
            "status": self.status,
            "location": None,
            "context": self.context,
            "evidence": span.text.strip(),
            "sentence": self.sentence,
            "start_char": span.start_char,
            "end_char": span.end_char,
            "trigger": {"text": self.trigger.text, "lemma": self.trigger.lemma_, "start_char": self.trigger.idx},
            "attribution": self.attribution.record() if self.attribution else None,
            "confidence": round(self.confidence, 3),
            "cameo": derived.cameo,
            "plover_score": derived.plover_score,
            "quad_class": derived.quad_class,
            "mentions": self.mentions,
        }


# -- trigger matching -------------------------------------------------------------------------------
def _object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ == "nsubjpass":
            return child
    return None


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
    obj = _object(token) if pos == "VERB" else None
    # For verbs the condition words are objects; for nouns, modifiers ("punitive measures").
    lemmas = _object_lemmas(obj) if pos == "VERB" else {
        c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
    head_lemma = obj.lemma_.lower() if obj is not None else None
    particles = _particles(token)
    flags = {"ccomp"} if any(c.dep_ == "ccomp" for c in token.children) else set()
    if obj is not None:
        flags.add("obj")
    if _negated(token) or (token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSAL_HEADS):
        flags.add("neg")  # "did not rule out", "refused to rule out"
    for trigger in candidates:
        if trigger.needs - flags:
            continue
        if trigger.particles is not None and not (trigger.particles & particles):
            continue
        if trigger.objects is not None and not (trigger.objects & lemmas):
            continue
        if trigger.not_objects is not None and head_lemma in trigger.not_objects:
            continue
        return trigger
    return None


def _object_lemmas(obj: Token | None) -> set[str]:
    """The object's head lemma, and for "25,000 tons of food aid" or "part of a military aid programme" the
    lemmas of the noun the quantity or part is of (with its compounds)."""
    if obj is None:
        return set()
    lemmas = {obj.lemma_.lower()}
    for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            lemmas.add(pobj.lemma_.lower())
            lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    return lemmas


# -- arguments --------------------------------------------------------------------------------------
def _expand(token: Token) -> list[Token]:
    """A token and its conjuncts: "the US, the EU, the UK and Canada"; "thousands of people" is the people."""
    if token.lemma_.lower() in QUANTITY_HEADS:
        inner = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj"]
        if inner:
            return _expand(inner[0])
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            found.extend(_expand(child))
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ == "PROPN":
            found.extend(_expand(child))  # "The US, the EU and Canada" parsed as apposition
    return found


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The acting subject of a verb, following conjunctions, infinitives and relative clauses."""
    if _is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    if depth > 3:
        return None
    head = verb.head
    if verb.dep_ == "relcl" and head.pos_ in ("NOUN", "PROPN"):
        return head
    if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp", "acomp") and head.i != verb.i and head.pos_ in (
            "VERB", "AUX", "ADJ"):
        return subject_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        accused = [c for c in head.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if head.lower_ in ("of", "for") and accused:
            return accused[0]  # "accused Russia of shelling": Russia shelled, not the accuser
        return subject_of(head.head, depth + 1)
    if verb.dep_ == "prep" and verb.pos_ == "VERB" and head.pos_ in ("VERB", "AUX"):
        return subject_of(head, depth + 1)  # "..., including selling arms to Taiwan"
    topic = [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < verb.i]
    if topic:
        return topic[0]  # "Washington, he said, would like ..."
    return None


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _allegation(event: Event, state: DocActors) -> Event | None:
    """"UN experts have said a million Muslims have been detained in camps in Xinjiang": reporting abuses with no
    agent, in a place of another state, accuses that state (ACCUSE allege). A state reporting what happened on
    its own territory ("Afghan police said three people were killed in Kabul") accuses no one."""
    trigger, speaker = event.trigger, event.attribution
    if event.event_type not in ALLEGED_TYPES or speaker is None or event.status != "asserted" or \
            not _is_passive(trigger):
        return None
    if speaker.code is None and speaker.sector not in ("NGO", "IGO"):
        return None
    place = _place_state(trigger, state)
    if place is None or place.code == speaker.code:
        return None
    return Event(event.doc_id, "ACCUSE", "allege", [speaker], [place], "asserted", event.date, event.date_precision,
                 event.sentence, event.sentence_span, trigger, speaker, event.context,
                 round(event.confidence * 0.9, 3), date_from_text=event.date_from_text)


def _place_state(trigger: Token, state: DocActors) -> Actor | None:
    """The state of the place where an act happened: "in camps in Xinjiang", "in Iran"."""
    frontier = [trigger]
    for _ in range(3):
        following: list[Token] = []
        for node in frontier:
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in ("in", "inside", "across")):
                for place in (c for c in prep.children if c.dep_ == "pobj"):
                    actor = state.resolve(place)
                    hit = state.hits.get(place.i)
                    if actor is not None and actor.code and hit is not None and hit[1].kind in (
                            "country", "capital", "region"):
                        return actor
                    following.append(place)
        frontier = following
    return None


def _nested_targets(obj: Token, trigger: Trigger, state: DocActors) -> list[Actor]:
    """"offered bounties for information leading to the capture of X": the target of an event noun of the same
    type inside the object phrase (or the phrase of a target preposition)."""
    lexicon = load_lexicon()
    for inner in obj.subtree:
        if inner.i == obj.i or inner.pos_ != "NOUN":
            continue
        found = match_trigger(inner, lexicon)
        if found is not None and found.event_type == trigger.event_type:
            actors = [a for a in _targets(inner, found, state) if a.code or a.sector]
            if actors:
                return actors
    return []


def _prep_after(obj: Token, preps: frozenset[str]) -> list[Token]:
    """"impose asset bans and travel freezes on X" when the parser made "freezes" a verb: the preposition right
    after the object phrase, past at most two nouns the tagger took for verbs."""
    doc = obj.doc
    index = obj.right_edge.i + 1
    skipped = 0
    while index < len(doc) and skipped < 2 and doc[index].tag_ in ("NN", "NNS", "VBZ") and doc[index].is_lower:
        index, skipped = index + 1, skipped + 1
    if index < len(doc) and skipped and doc[index].lower_ in preps and doc[index].dep_ == "prep":
        return [c for c in doc[index].children if c.dep_ == "pobj"]
    return []


def _targets(token: Token, trigger: Trigger, state: DocActors) -> list[Actor]:
    """Target actors by the lexicon's preference list; the first kind that yields an actor wins."""
    obj = _object(token) if trigger.pos == "VERB" else None
    fallback: list[Actor] = []
    for kind, preps in trigger.targets:
        if kind == "none":
            return []
        candidates: list[Token] = []
        if kind == "dobj" and trigger.pos == "VERB":
            if obj is not None:
                candidates = [obj, *[c for c in obj.children if c.dep_ in ("poss", "compound", "amod") and c.i < obj.i]]
                # "welcomed the resumption of ties with X", "condemned an attack by X": the act's participant
                candidates += _prep_objects(obj, NOMINAL_PARTICIPANT_PREPS)
            candidates += [c for c in token.children if c.dep_ == "dative"]
        elif kind == "pobj":
            candidates = _prep_objects(token, preps)
            if token.dep_ == "compound" and token.head.lemma_.lower() in LIGHT_NOUNS:
                candidates += _prep_objects(token.head, preps)
            if obj is not None:  # "impose asset bans and travel freezes on X": the preposition may sit on a conjunct
                for conjunct in (obj, *(c for c in obj.children if c.dep_ == "conj")):
                    candidates += _prep_objects(conjunct, preps)
                if not candidates:
                    candidates = _prep_after(obj, preps)
            if not candidates and trigger.pos == "NOUN" and token.head.pos_ == "VERB":
                candidates = _prep_objects(token.head, preps)
            if not candidates:  # "raised concerns at meetings with officials": one preposition deeper
                for prep in (c for c in token.children if c.dep_ == "prep"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        candidates += _prep_objects(pobj, preps & {"with", "to", "against"})
        for candidate in candidates:
            actors = _actors([candidate], state)
            if any(a.code or a.sector for a in actors):
                return actors
            if actors and not fallback:
                fallback = actors  # an unknown name, used only if no known actor turns up
    if trigger.pos == "VERB" and trigger.event_type in VERBAL_TYPES:
        for clause in (c for c in token.children if c.dep_ == "xcomp"):
            inner = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            inner += _prep_objects(clause, NOMINAL_PARTICIPANT_PREPS - {"by"})
            for obj in (c for c in clause.children if c.dep_ == "dobj"):
                inner += _prep_objects(obj, NOMINAL_PARTICIPANT_PREPS - {"by"})
            actors = _actors(inner, state)
            if actors:
                return actors
    if trigger.pos == "VERB" and obj is not None and not fallback:
        preps = frozenset(p for kind, words_ in trigger.targets if kind == "pobj" for p in words_)
        for root in (obj, *_prep_objects(token, preps)):
            nested = _nested_targets(root, trigger, state)
            if nested:
                return nested
    if trigger.pos == "VERB":
        dative = _actors([c for c in token.children if c.dep_ == "dative"], state)
        if dative or trigger.event_type != "REQUEST":
            return dative or fallback
        # "demanded the British Museum return the relics": the one asked is the subject of the demanded act
        for clause in (c for c in token.children if c.dep_ in ("ccomp", "xcomp")):
            subjects = [c for c in clause.children if c.dep_ == "nsubj"]
            if subjects:
                return _actors(subjects, state)
    return fallback


def _noun_source(noun: Token, lexicon: Lexicon, state: DocActors) -> Token | None:
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in LIGHT_NOUNS:
        noun = noun.head  # "launched a mediation effort": the effort stands where the event noun would
    for child in noun.children:
        if child.dep_ == "poss":
            if child.lower_ in ("its", "their", "his", "her"):
                verb = _clause_verb(noun)
                subject = subject_of(verb) if verb is not noun else None
                if subject is not None:
                    return subject  # "China responded with its own punitive measures": China's measures
            return child
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
            actor = state.resolve(child)
            if actor is not None and actor.code:
                return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    head = noun.head
    if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB":
        role = lexicon.support_verbs.get(head.lemma_)
        if role == "agent":
            return subject_of(head)
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":
        return subject_of(head)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return subject_of(head.head)
    return None


# -- status -----------------------------------------------------------------------------------------
def _clause_verb(token: Token) -> Token:
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


def _status(token: Token) -> str:
    if token.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return "negated"
    verb = _clause_verb(token)
    # Governors reached through complements ("plans to visit", "is due to meet", "not about attacking") pass on
    # their modality; adverbial clauses and coordination do not ("set off a firestorm when it demanded").
    chain: list[tuple[Token, str]] = []
    head = verb
    for _ in range(4):
        if head.dep_ in ("xcomp", "ccomp", "acomp", "pcomp", "pobj", "prep", "conj") and head.head.i != head.i:
            chain.append((head.head, head.dep_))
            head = head.head
        else:
            break
    if verb is not token:  # "is considering sanctions", "plans new sanctions": the verb governing the noun
        lemma = verb.lemma_.lower()
        if lemma in CANCELLING_VERBS and token.dep_ in ("dobj", "nsubjpass"):
            return "negated"  # "postponed their meeting": the meeting did not take place
        if lemma in HYPOTHETICAL_HEADS and lemma not in REPORTING or " ".join(
                [lemma, *(c.lower_ for c in verb.children if c.dep_ == "prt")]) in HYPOTHETICAL_PHRASAL:
            return "hypothetical"  # "is considering sanctions"; "sanctions cannot be ruled out"
        if lemma in PLANNED_HEADS and lemma not in ("set", "go", "move", "agree", "decide"):
            return "planned"
    children = list(verb.children)
    if _negated(verb) or any(_negated(g) for g, relation in chain if relation in ("pcomp", "pobj", "prep", "xcomp")):
        return "negated"
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if auxes & HYPOTHETICAL_AUX - {"would"}:
        return "hypothetical"
    if _conditional(token):
        return "hypothetical"
    if auxes & FUTURE_AUX and verb.lemma_ != "continue":
        return "planned"
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
        if lemma in REFUSAL_HEADS and relation == "xcomp":
            return "negated"  # "refused to meet": the meeting did not happen (the refusal is the REJECT)
        if lemma in HYPOTHETICAL_HEADS and lemma not in REPORTING:
            return "hypothetical"
        if lemma in PLANNED_HEADS and relation in ("xcomp", "acomp", "ccomp"):
            return "planned" if not (g_aux & HYPOTHETICAL_AUX - {"would"}) else "hypothetical"
        if g_aux & FUTURE_AUX and relation in ("xcomp", "acomp"):
            return "planned"
    if "would" in auxes:
        reported = any(g.lemma_ in REPORTING for g, _ in chain)
        return "planned" if reported else "hypothetical"
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in ("possibility", "prospect", "option") and ancestor.pos_ == "NOUN":
            return "hypothetical"
    return "asserted"


def _conditional(token: Token) -> bool:
    verb = _clause_verb(token)
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "preconj")) for c in verb.children)


# -- dates ------------------------------------------------------------------------------------------
def _date(sentence: Span, trigger: Token, published: date | None, future: bool) -> tuple[str | None, str | None]:
    cache = sentence.doc.user_data.setdefault("time_expressions", {})
    if sentence.start_char not in cache:  # several events share a sentence; find its expressions once
        cache[sentence.start_char] = find_time_expressions(sentence.text)
    expressions = cache[sentence.start_char]
    if expressions:
        base = sentence.start_char
        subtree = {t.i for t in _clause_verb(trigger).subtree} | {t.i for t in trigger.subtree}
        doc = sentence.doc

        def rank(expr) -> tuple[int, int]:
            span = doc.char_span(base + expr.start, base + expr.end, alignment_mode="expand")
            inside = span is not None and any(t.i in subtree for t in span)
            distance = abs((span.start if span is not None else trigger.i) - trigger.i)
            return (0 if inside else 1, distance)

        for expr in sorted(expressions, key=rank):
            value, precision = expr.resolve(published, future=future)
            if value:
                return value, precision
    if published is None:
        return None, None
    return format_date(published, "day"), PUBLISHED_PRECISION


def _context(sentence: Span, lexicon: Lexicon) -> list[str]:
    text = sentence.text.lower()
    tags = {tag for cue, tag in lexicon.context.items() if cue in text}
    return sorted(tags)


def _attribution(token: Token, state: DocActors) -> Actor | None:
    for ancestor in _clause_verb(token).ancestors:
        if ancestor.lemma_ in REPORTING and ancestor.pos_ == "VERB":
            subject = subject_of(ancestor)
            return state.resolve(subject) if subject is not None else None
    return None


# -- the extractor ----------------------------------------------------------------------------------
def _actors(tokens: Iterable[Token], state: DocActors) -> list[Actor]:
    found: list[Actor] = []
    for token in tokens:
        for member in _expand(token):
            resolved = [a for a in state.resolve_all(member) if a.code or a.sector]
            if resolved:
                found.extend(a for a in resolved if a not in found)
            elif member.ent_type_ in NAMED_ACTOR_LABELS or (member.pos_ == "PROPN" and not member.ent_type_):
                # A name the actor layer does not know is still an actor: kept with code null, so the event and
                # its evidence are not lost; dyad counts and scoring skip null codes.
                span = state.phrase(member)
                found.append(Actor(span.text, span.text, None, None, "unresolved", 0.3, span.start_char,
                                   span.end_char, member.i))
    return found


def extract_doc(doc: Doc, state: DocActors, *, doc_id: str, published: date | None,
                lexicon: Lexicon | None = None) -> list[Event]:
    lexicon = lexicon or load_lexicon()
    events: list[Event] = []
    for number, sentence in enumerate(doc.sents):
        consumed: set[int] = set()
        for token in sentence:
            demand = _demand_frame(token, state)
            if demand is not None:
                sources, targets = demand
                when, precision = _date(sentence, token, published, False)
                precision = "day" if precision == PUBLISHED_PRECISION else precision
                events.append(Event(doc_id, "REQUEST", None, sources, targets, "asserted", when, precision, number,
                                    sentence, token, None, _context(sentence, lexicon), 0.85))
            if token.i in consumed:
                continue
            trigger = match_trigger(token, lexicon)
            if trigger is None:
                continue
            if trigger.objects is not None:
                obj = _object(token)
                if obj is not None:
                    consumed.add(obj.i)  # "impose sanctions": one event, not two
            if trigger.pos == "VERB":
                subject = subject_of(token)
                # "The US, the EU and Canada imposed ...": the parser may give the list as several subjects
                others = [c for c in token.children if c.dep_ == "nsubj" and c is not subject]
                sources = _actors([subject, *others] if subject is not None else [], state)
            else:
                subject = _noun_source(token, lexicon, state)
                sources = _actors([subject] if subject is not None else [], state)
            targets = _targets(token, trigger, state)
            attribution = _attribution(token, state)
            if not sources and attribution is not None and trigger.event_type in VERBAL_TYPES:
                sources = [attribution]  # "said sanctions cannot be ruled out": the speaker threatens
            if not sources and trigger.pos == "VERB" and _is_passive(token) and state.first_person_text() and \
                    trigger.event_type in AUTHOR_PASSIVE_TYPES and not state.in_quote(token):
                author = state.author_actor()
                if author is not None:
                    # A statement in the first person ("we have ...") reporting "These measures were coordinated
                    # with the US" leaves its own government as the agent.
                    sources = [author]
            if not sources and not targets:
                continue
            if not targets and len(sources) > 1 and trigger.event_type in RECIPROCAL_TYPES:
                sources, targets = sources[:1], sources[1:]  # "Gondor and Osgiliath renewed ties"
            status = _status(token)
            if "neg" in trigger.needs:  # the negation is the event ("cannot be ruled out" is the threat)
                status = "hypothetical" if _conditional(token) else "asserted"
            when, precision = _date(sentence, token, published, status == "planned")
            from_text = precision != PUBLISHED_PRECISION
            precision = "day" if not from_text else precision
            confidence = 0.6 + 0.4 * min([a.confidence for a in sources + targets] or [0.5])
            events.append(Event(doc_id, trigger.event_type, trigger.mode, sources, targets, status, when, precision,
                                number, sentence, token, attribution, _context(sentence, lexicon),
                                round(confidence * 0.9, 3), date_from_text=from_text))
            allegation = _allegation(events[-1], state) if not sources and trigger.pos == "VERB" else None
            if allegation is not None:
                events.append(allegation)
    _rank(events)
    return _merge(events)


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
                penalty += 0.3
                break
        if any(t.dep_ in SUBORDINATE_DEPS for t in [event.trigger, *event.trigger.ancestors][:3]):
            penalty += 0.1
        event.confidence = round(max(event.confidence - penalty, 0.05), 3)


def _demand_frame(token: Token, state: DocActors) -> tuple[list[Actor], list[Actor]] | None:
    """Requests made without a request verb.

    "Russia said Sudan must return the helicopter" (a statement that another actor must act) and "Sharon wants
    Germany to pay more" (a wish that another actor act) are demands of the speaker on that actor.
    """
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_
    if lemma in REPORTING or lemma in ("declare", "reiterate", "stress", "insist"):
        clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if clause is None or not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in clause.children):
            return None
        addressee = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    elif lemma in WISH_VERBS:
        clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
        addressee = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        if addressee is None:
            addressee = next((c for c in token.children if c.dep_ == "dobj"), None)
        if clause is None or addressee is None:
            return None
    else:
        return None
    speaker = subject_of(token)
    if speaker is None or addressee is None:
        return None
    sources, targets = _actors([speaker], state), _actors([addressee], state)
    if not sources or not targets or {a.code for a in sources} == {a.code for a in targets}:
        return None
    return sources, targets


def _merge(events: list[Event]) -> list[Event]:
    """The same event stated twice in one article (lead and body) becomes one event with two mentions."""
    merged: list[Event] = []
    for event in events:
        mention = {"sentence": event.sentence, "start_char": event.sentence_span.start_char,
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


def extract_records(docs: Iterable[dict[str, Any]], *,
                    extra_actors: dict[str, tuple[str, str | None]] | None = None,
                    batch_size: int = 32) -> Iterator[dict[str, Any]]:
    """Run the whole pipeline (clean -> parse -> actors -> events) on ``{id, text, published}`` dicts."""
    from detente.analysis import analyze_texts

    lexicon = load_lexicon()
    for _, _, _, events in analyze_texts(docs, extra_actors=extra_actors, batch_size=batch_size):
        for event in events:
            yield event.record(lexicon)


def extract_text(text: str, *, published: str | date | None = None, doc_id: str = "text") -> list[dict[str, Any]]:
    """Events of one article given as a string."""
    return list(extract_records([{"id": doc_id, "text": text, "published": published}]))
