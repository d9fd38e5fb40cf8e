"""Arguments of an event: the actors that are its source and target, found through the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from detente.actors.model import GATHERING_NOUNS, Actor
from detente.actors.state import DocActors
from detente.core.ontology import types_with
from detente.core.syntax import (
    OBJECT_DEPS,
    RELATIVE_TAGS,
    REPORTING,
    WILLINGNESS,
    clause_verb,
    is_passive,
    object_of,
    possessor,
    prep_objects,
    stranded_subject,
    subject_of,
)
from detente.core.words import words
from detente.events.lexicon import Lexicon, Trigger, load_lexicon
from detente.events.triggers import match_trigger

__all__ = ["actors_of", "attribution_of", "expand", "noun_source", "responsible_tokens", "targets_of"]

# Nouns that carry an event noun used as their modifier: "a mediation effort", "a peace mission".
LIGHT_NOUNS = words("light_nouns")
# Things sent by one actor to another: their "from" complement is their author ("the proposal from Seoul").
SENT_NOUNS = words("sent_nouns")
# Heads that only count or group the actors named by their "of" complement.
QUANTITY_HEADS = words("quantity_heads")
SHARED_OFFICE_HEADS = words("shared_office_heads")
# Entity labels of names that stand for actors even when the gazetteers do not know them.
NAMED_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Prepositions that name the other party of an event noun: "ties with X", "an attack by X".
NOMINAL_PARTICIPANT_PREPS = frozenset({"with", "between", "to", "against", "by", "on"})
# Speech acts: when their clause has no subject, the reporting speaker performs them.
VERBAL_TYPES = types_with("speech_act")
# First- and second-person pronouns: a third-person possessive ("his", "its") never stands for them.
SPEECH_PERSONS = frozenset({"i", "me", "we", "us", "you"})
# Qualities and conduct that belong to their "of" owner ("the bravery of the armed forces").
OWNED_QUALITIES = words("owned_quality_nouns")
# Confidence of an actor the actor layer does not know but whose name the entity recogniser found.
UNRESOLVED_CONFIDENCE = 0.3


def expand(token: Token) -> list[Token]:
    """A token and its conjuncts: "the US, the EU, the UK and Canada"; "thousands of people" is the people."""
    if token.lemma_.lower() in QUANTITY_HEADS:
        inner = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj"]
        if inner:
            return expand(inner[0])
    found = [token, *_office_states(token)]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            if not _starts_clause(child):
                found.extend(expand(child))
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ == "PROPN" and \
                not (child.left_edge.i == token.i + 1 and child.ent_type_ == "PERSON" and token.ent_type_ != "PERSON"):
            # "The US, the EU and Canada" parsed as apposition; not "Prime Minister Abiy Ahmed", one person
            found.extend(expand(child))
    return found



def _office_states(token: Token) -> list[Token]:
    """"the governments of Norway and Cuba": the states after the first of a plural office's "of" list (the head
    itself resolves to the first); none for a singular head or a list of one."""
    if token.tag_ != "NNS" or token.lower_ not in SHARED_OFFICE_HEADS:
        return []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "GPE":
                    return [c for c in expand(obj)[1:] if c.ent_type_ == "GPE"]
    return []


def _starts_clause(noun: Token) -> bool:
    """A conjunct that is really the subject of the next clause ("arming the Houthis and its foreign minister
    blasted ..."), not one more party of this one."""
    after = noun.right_edge.i + 1
    if after >= len(noun.doc):
        return False
    subject = stranded_subject(noun.doc[after])
    return subject is not None and subject.i == noun.i


def _nested_targets(obj: Token, trigger: Trigger, state: DocActors) -> list[Actor]:
    """"offered bounties for information leading to the capture of X": the target of an event noun of the same
    type inside the object phrase (or the phrase of a target preposition)."""
    lexicon = load_lexicon()
    for inner in obj.subtree:
        if inner.i == obj.i or inner.pos_ != "NOUN":
            continue
        found = match_trigger(inner, lexicon)
        if found is not None and found.event_type == trigger.event_type:
            actors = [a for a in targets_of(inner, found, state) if a.code or a.sector]
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



def targets_of(token: Token, trigger: Trigger, state: DocActors, *, others: bool = True) -> list[Actor]:
    """Target actors by the lexicon's preference list; the first kind that yields an actor wins, then (with
    ``others``) the constructions that name a target elsewhere (an infinitive's object, a nested event noun, a
    dative)."""
    obj = object_of(token) if trigger.pos == "VERB" else None
    fallback: list[Actor] = []
    for kind, preps in trigger.targets:
        if kind == "none":
            return []
        candidates = _dobj_candidates(token, obj) if kind == "dobj" and trigger.pos == "VERB" else \
            _pobj_candidates(token, obj, trigger, preps) if kind == "pobj" else []
        if trigger.event_type in VERBAL_TYPES:
            candidates = _with_responsible(candidates)
            if candidates and trigger.pos == "VERB" and not is_passive(token):
                # "respond to aggression by Iran": the parser hangs the noun's "by" on the active verb
                candidates += prep_objects(token, frozenset({"by"}))
        known, unknown = _first_actors(candidates, state)
        if known:
            return known
        fallback = fallback or unknown  # an unknown name, used only if no known actor turns up
    return _other_targets(token, trigger, obj, state, fallback) if others else fallback


def _first_actors(candidates: list[Token], state: DocActors) -> tuple[list[Actor], list[Actor]]:
    """The actors of the first candidate that resolves to a known actor, and the first unknown-name actors."""
    unknown: list[Actor] = []
    for candidate in candidates:
        actors = actors_of([candidate], state)
        if any(a.code or a.sector for a in actors):
            return actors, unknown
        if actors and not unknown:
            unknown = actors
    return [], unknown


def _dobj_candidates(token: Token, obj: Token | None) -> list[Token]:
    candidates: list[Token] = []
    if obj is None:  # "hold Russia accountable": the parser makes the one held the complement's subject
        obj = next((s for c in token.children if c.dep_ in ("ccomp", "oprd") and c.pos_ == "ADJ"
                    for s in c.children if s.dep_ == "nsubj"), None)
    if obj is not None:
        candidates = [obj, *[c for c in obj.children if c.dep_ in ("poss", "compound", "amod") and c.i < obj.i]]
        # "welcomed the resumption of ties with X", "condemned an attack by X": the act's participant
        candidates += prep_objects(obj, NOMINAL_PARTICIPANT_PREPS)
        if obj.lemma_.lower() in GATHERING_NOUNS:  # "convened a meeting of the Security Council": its members
            candidates += prep_objects(obj, frozenset({"of"}))
    return candidates + [c for c in token.children if c.dep_ == "dative"]


def _pobj_candidates(token: Token, obj: Token | None, trigger: Trigger, preps: frozenset[str]) -> list[Token]:
    candidates = prep_objects(token, preps)
    if token.dep_ == "compound" and token.head.lemma_.lower() in LIGHT_NOUNS:
        candidates += prep_objects(token.head, preps)
    if obj is not None:  # "impose asset bans and travel freezes on X": the preposition may sit on a conjunct
        for conjunct in (obj, *(c for c in obj.children if c.dep_ == "conj")):
            candidates += prep_objects(conjunct, preps)
        if not candidates:
            candidates = _prep_after(obj, preps)
    if not candidates and trigger.pos == "NOUN" and token.head.pos_ == "VERB":
        candidates = prep_objects(token.head, preps)
    if not candidates and trigger.pos == "NOUN":  # "sanctions imposed by X on Y", "support the UK sent to Y"
        candidates += _act_clause_objects(token, preps)
    if not candidates:  # "raised concerns at meetings with officials": one preposition deeper
        candidates += _deeper_objects(token, preps)
    if not candidates and trigger.pos == "NOUN" and any(c.dep_ == "poss" for c in token.children):
        candidates = prep_objects(token, frozenset({"of"}))  # "its support of Guaido": the possessor acts on it
    if trigger.prep_objects is not None:  # "withdrew from the accord with Iran": the accord's other parties
        named = trigger.prep_objects[1]
        candidates += [p for c in candidates if c.lemma_.lower() in named
                       for p in prep_objects(c, NOMINAL_PARTICIPANT_PREPS)]
    return candidates


def _act_clause_objects(noun: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of ``preps`` on the clauses that carry an event noun's act (and on their agents): the last resort
    of ``_pobj_candidates`` for a noun, kept apart for its nested loops."""
    found: list[Token] = []
    for clause in _act_clauses(noun, load_lexicon()):
        for verb in (clause, *(c for c in clause.children if c.dep_ == "xcomp")):
            found += prep_objects(verb, preps)
        agent = _agent_of(clause)  # "attacks carried out by groups against civilians": parsed on the agent
        if agent is not None:
            found += prep_objects(agent, preps)
    return found


def _deeper_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of "with", "to", "against" one preposition below the token's own prepositional objects."""
    found: list[Token] = []
    for prep in (c for c in token.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            found += prep_objects(pobj, preps & {"with", "to", "against"})
    return found


def responsible_tokens(noun: Token) -> list[Token]:
    """Who is behind a thing that is not itself an actor: "Moscow's annexation", "the decision by Canberra",
    "the report issued by the panel", "Chinese aggression". A speech act aimed at the thing is aimed at them."""
    found = [c for c in noun.children if c.dep_ == "poss"]
    authors = ("by", "from") if noun.lemma_.lower() in SENT_NOUNS else ("by",)  # "the proposal from Seoul"
    found += [o for p in noun.children if p.dep_ == "prep" and p.lower_ in authors for o in p.children
              if o.dep_ == "pobj"]
    for clause in (c for c in noun.children if c.dep_ == "acl"):  # "the report issued by the panel"
        found += [o for agent in clause.children if agent.dep_ == "agent" for o in agent.children
                  if o.dep_ == "pobj"]
    found += [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i]
    if noun.lemma_.lower() in OWNED_QUALITIES:  # "the courage of the Ukrainian people": the people's
        for owner in (o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                      if o.dep_ == "pobj"):
            found.append(owner)
            # "the work of the teams and the role played by Norway": the parser hangs the second quality on
            # the first one's owner; it is the noun's conjunct, with an owner of its own
            found += [t for c in owner.conjuncts if c.i > owner.i and c.lemma_.lower() in OWNED_QUALITIES
                      for t in responsible_tokens(c)]
    return found


def _with_responsible(candidates: list[Token]) -> list[Token]:
    """Each candidate followed by who is behind it and its conjoined things, when it is a thing (a noun that
    names no actor itself): "praised the courage of the doctors and the role played by Chile"."""
    out: list[Token] = []
    for candidate in candidates:
        out.append(candidate)
        if candidate.pos_ == "NOUN":
            for member in (m for m in expand(candidate) if m.pos_ == "NOUN"):
                out += [t for t in responsible_tokens(member) if t not in out]
    return out


def _other_targets(token: Token, trigger: Trigger, obj: Token | None, state: DocActors,
                   fallback: list[Actor]) -> list[Actor]:
    """Targets named outside the lexicon's slots: an infinitive's object ("urged X to ..."), an event noun of
    the same type inside the object, a dative, the subject of a demanded act."""
    if trigger.pos != "VERB":
        return fallback
    if trigger.event_type in VERBAL_TYPES:
        for clause in (c for c in token.children if c.dep_ == "xcomp"):
            inner = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            inner += prep_objects(clause, NOMINAL_PARTICIPANT_PREPS - {"by"})
            for clause_obj in (c for c in clause.children if c.dep_ == "dobj"):
                inner += prep_objects(clause_obj, NOMINAL_PARTICIPANT_PREPS - {"by"})
            actors = actors_of(inner, state)
            if actors:
                return actors
    if obj is not None and not fallback:
        preps = frozenset(p for kind, words_ in trigger.targets if kind == "pobj" for p in words_)
        for root in (obj, *prep_objects(token, preps)):
            nested = _nested_targets(root, trigger, state)
            if nested:
                return nested
    dative = actors_of([c for c in token.children if c.dep_ == "dative"], state)
    if dative or trigger.event_type != "REQUEST":
        return dative or fallback
    # "demanded the British Museum return the relics": the one asked is the subject of the demanded act
    for clause in (c for c in token.children if c.dep_ in ("ccomp", "xcomp")):
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if subjects:
            return actors_of(subjects, state)
    return fallback


def _act_clauses(noun: Token, lexicon: Lexicon) -> list[Token]:
    """The clause that tells who did the act an event noun names, when its verb only carries the act: "attacks
    carried out by X", "sanctions imposed by X", "the support the UK has sent to Y", "restrictions the
    government continues to impose on Y". Other verbs say something else about the act ("the claims rejected
    by China": China is not their author), so only support verbs of the agent role count."""
    found: list[Token] = []
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"):
        verbs = [clause, *(c for c in clause.children if c.dep_ == "xcomp" and c.pos_ == "VERB")]
        if any(lexicon.support_verbs.get(v.lemma_) == "agent" for v in verbs):
            found.append(clause)
    return found


def _agent_of(verb: Token) -> Token | None:
    return next((o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"), None)


def noun_source(noun: Token, lexicon: Lexicon, state: DocActors) -> Token | None:
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in LIGHT_NOUNS:
        noun = noun.head  # "launched a mediation effort": the effort stands where the event noun would
    for child in noun.children:
        if child.dep_ == "poss":
            return _possessor_source(noun, possessor(child))
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < noun.i:
            actor = state.resolve(child)
            if actor is not None and actor.code:
                return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    doer = _clause_doer(noun, lexicon)
    if doer is not None:
        return doer
    return _governing_subject(noun, lexicon)


def _possessor_source(noun: Token, possessor: Token) -> Token:
    """A possessive pronoun stands for the subject of the clause around the noun, when it has one; any other
    possessor is the source itself."""
    if possessor.lower_ in ("its", "their", "his", "her"):
        verb = clause_verb(noun)
        small = _small_clause_subject(noun, verb)
        if small is not None:
            return small  # "hold the Russian Federation accountable for its war": the Federation's war
        subject = subject_of(verb) if verb is not noun else None
        if subject is not None and subject.lower_ in SPEECH_PERSONS:
            # "for me to welcome Minister Zarif for his visit": a third person is not the speaker but the one
            # the clause acts on
            return object_of(verb) or possessor
        if subject is not None:
            return subject  # "China responded with its own punitive measures": China's measures
    return possessor


def _small_clause_subject(noun: Token, verb: Token) -> Token | None:
    """The subject of an adjective between a noun and its clause verb ("hold X accountable for its war")."""
    for ancestor in noun.ancestors:
        if ancestor.i == verb.i:
            return None
        if ancestor.pos_ == "ADJ":
            subject = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def _clause_doer(noun: Token, lexicon: Lexicon) -> Token | None:
    """The doer named in the first clause that carries the noun's act: its agent ("carried out by X") or, for a
    relative clause, its subject."""
    for verb in _act_clauses(noun, lexicon):
        doer = _agent_of(verb) if verb.dep_ == "acl" else next(
            (c for c in verb.children if c.dep_ == "nsubj" and c.tag_ not in RELATIVE_TAGS), None)
        if doer is not None:
            return doer
    return None


def _governing_subject(noun: Token, lexicon: Lexicon) -> Token | None:
    """The subject of the verb that governs the noun, the last place its doer is looked for: for an object only
    when the verb is a support verb of the agent role; for a passive subject or a prepositional object always."""
    head = noun.head
    if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB":
        role = lexicon.support_verbs.get(head.lemma_)
        if role == "agent":
            return subject_of(head)
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":
        return subject_of(head)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return subject_of(head.head)
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "ADJ" \
            and head.head.lower_ in WILLINGNESS:
        return subject_of(head.head)  # "the EU remains open to dialogue with X": the EU's dialogue, offered
    return None



def attribution_of(token: Token, state: DocActors) -> Actor | None:
    for ancestor in clause_verb(token).ancestors:
        if ancestor.lemma_ in REPORTING and ancestor.pos_ == "VERB":
            subject = subject_of(ancestor)
            return state.resolve(subject) if subject is not None else None
    return None



def actors_of(tokens: Iterable[Token], state: DocActors) -> list[Actor]:
    found: list[Actor] = []
    for token in tokens:
        for member in expand(token):
            resolved = [a for a in state.resolve_all(member) if a.code or a.sector]
            if resolved:
                found.extend(a for a in resolved if a not in found)
            elif member.ent_type_ in NAMED_ACTOR_LABELS or (member.pos_ == "PROPN" and not member.ent_type_):
                # A name the actor layer does not know is still an actor: kept with code null, so the event and
                # its evidence are not lost; dyad counts and scoring skip null codes.
                span = state.phrase(member)
                found.append(Actor(span.text, span.text, None, None, "unresolved", UNRESOLVED_CONFIDENCE,
                                   span.start_char, span.end_char, member.i))
    return found


