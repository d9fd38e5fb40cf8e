"""Statement frames: events a speaker performs by how a clause is put, with no event verb.

* ``detente.stance.v1``: a predicative adjective of the lexicon's ADJ rows. An *experiencer* adjective says
  what its subject feels about a target ("The EU is deeply concerned about China's crackdown": ACCUSE EU ->
  CHN); an *evaluative* one is the speaker's judgement of its subject ("These decisions by the Taliban are
  indefensible": ACCUSE speaker -> Taliban).
* ``detente.judgement.v1``: a judgement folded into a noun phrase in the speaker's own voice: an evaluative
  adjective on someone's act ("Russia's brutal, unprovoked invasion", "Putin's despicable blockade") or a noun
  of accusation with its author ("North Korea's provocations", "disinformation by the regime"): ACCUSE.
* ``detente.deontic.v1``: what the speaker says another actor must do ("Moscow must withdraw its troops",
  "Provocations by the regime must stop"): a REQUEST of the speaker on that actor.

The speaker is the subject of a reporting verb above the clause, else a quote's speaker, else the author of
a statement published by a government or organisation (``detente.actors.author``); with none, no event.
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.registry import event_frames
from detente.core.syntax import conditional, negated, subject_of
from detente.core.words import words
from detente.events.arguments import actors_of, attribution_of, responsible_tokens
from detente.events.model import Event, SentenceContext
from detente.events.timing import PUBLISHED_PRECISION, context_tags, event_date
from detente.events.triggers import match_stance

__all__ = ["deontic_frame", "judgement_frame", "speaker_of", "stance_frame"]

# Prepositions that name what an experiencer feels about: "concerned about X", "alarmed by", "angry at".
ABOUT_PREPS = frozenset({"about", "over", "by", "at", "with", "regarding", "concerning", "of"})
# Modals of obligation in the speaker's voice: "X must ...", "X should ...".
OBLIGATION_AUX = frozenset({"must", "should"})
# Verbs of obligation taking an infinitive: "X needs to ...", "X has to ...".
OBLIGATION_VERBS = frozenset({"need", "have"})
# Verbs whose subject, when it is a deed, is what the speaker wants stopped: "the violence must end".
STOPPING_VERBS = words("stopping_verbs")
# First-person pronouns: "we must do more" is the speaker's own resolve, not a demand on someone.
FIRST_PERSON = words("first_person_pronouns")
# Who a demand in a statement is addressed to: states, their organs and organisations, armed groups; "they
# should take pride" said of soldiers or families is praise, not a demand.
ADDRESSABLE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD", "IGO", "REB", "PTY"})
# Nouns that accuse whoever they are attributed to: "North Korea's provocations", "disinformation by Moscow".
ACCUSATION_NOUNS = words("accusation_nouns")
# Verbs that accuse their subject when their object is a norm: "X violated international law".
TRANSGRESSION_VERBS = words("transgression_verbs")
NORM_NOUNS = words("norm_nouns")
# Adjectives of blame: "X was responsible for the attack" is the speaker's accusation of X.
BLAME_ADJECTIVES = words("blame_adjectives")
# Acts of force and repression: being responsible for one is blame, not a duty ("responsible for trade").
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
# Nouns that accuse whoever a deed is told of when their "of" phrase is a norm: "in violation of the Charter".
TRANSGRESSION_NOUNS = words("transgression_nouns")
# "X poses a threat", "the threat posed by X", "X is a danger": labelling X a danger is accusing X.
THREAT_LABELS = words("threat_label_nouns")
POSING_VERBS = words("posing_verbs")
# Determiners of a subject that points back to an act ("these decisions", "such actions").
DEFINITE_DETS = frozenset({"this", "that", "these", "those", "such"})
# Statements are judged a little less certain than a lexicon verb that names the act.
STATEMENT_CONFIDENCE = 0.7


def speaker_of(token: Token, state: DocActors) -> Actor | None:
    """Who says the clause of ``token``: a reporting verb's subject, else a quote's speaker, else the author of
    a statement in its own voice."""
    attributed = attribution_of(token, state)
    if attributed is not None:
        return attributed
    if state.in_quote(token):
        person = state._speaker(token)
        if person is None or person.code is None:
            return None
        return Actor(person.key, person.key, person.code, person.sector or "GOV", "pronoun", 0.5,
                     token.idx, token.idx, token.i)
    return state.author_actor() if state.author_voice() else None


def _responsible(tokens: list[Token], state: DocActors) -> list[Actor]:
    """The actors named by ``tokens``, else the actors behind them ("Russia's actions": Russia)."""
    for token in tokens:
        actors = [a for a in actors_of([token], state) if a.code]
        if actors:
            return actors
        for inner in responsible_tokens(token):
            actors = [a for a in actors_of([inner], state) if a.code]
            if actors:
                return actors
    return []


def _anaphoric(subject: Token) -> bool:
    """A subject that may stand for an earlier act: "this", "these decisions", "such actions"."""
    if subject.pos_ == "PRON":
        return subject.lower_ in ("this", "that", "these", "those")
    return subject.pos_ == "NOUN" and any(c.dep_ in ("det", "predet", "amod") and c.lower_ in DEFINITE_DETS
                                          for c in subject.children)


def _event(ctx: SentenceContext, token: Token, event_type: str, mode: str | None, sources: list[Actor],
           targets: list[Actor], attribution: Actor | None, *, partial: bool = False) -> list[Event]:
    """One statement event; with ``partial``, one with no target yet (event anaphora may give it one)."""
    sources = [a for a in sources if a.code]
    targets = [a for a in targets if a.code and a.code not in {s.code for s in sources}]
    if not sources or not (targets or partial):
        return []
    when, precision = event_date(ctx.span, token, ctx.published, False, ctx.times)
    from_text = precision not in (PUBLISHED_PRECISION, None)
    status = "hypothetical" if conditional(token) else "asserted"
    return [Event(ctx.doc_id, event_type, mode, sources, targets, status, when, precision if from_text else "day",
                  ctx.number, ctx.span, token, attribution, context_tags(ctx.span, ctx.lexicon),
                  STATEMENT_CONFIDENCE, date_from_text=from_text)]


@event_frames.register("detente.stance.v1")
def stance_frame(token: Token, ctx: SentenceContext) -> list[Event]:
    """A stance adjective of the lexicon (ADJ rows) with its holder and its target."""
    trigger = match_stance(token, ctx.lexicon)
    if trigger is None:
        return []
    state = ctx.state
    head = token.head if token.dep_ in ("acomp", "oprd") else token
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if "experiencer" in trigger.needs:
        sources = actors_of(subjects, state)
        preps = frozenset(p for kind, listed in trigger.targets if kind == "pobj" for p in listed) or ABOUT_PREPS
        about = [o for p in token.children if p.dep_ in ("prep", "agent") and p.lower_ in preps
                 for o in p.children if o.dep_ == "pobj"]
        about += [c for clause in token.children if clause.dep_ == "ccomp" for c in clause.children
                  if c.dep_ in ("nsubj", "nsubjpass")]
        return _event(ctx, token, trigger.event_type, trigger.mode, sources, _responsible(about, state), None)
    speaker = speaker_of(token, state)
    if speaker is None:
        return []
    targets = _responsible(subjects, state)
    # "These decisions are indefensible": with no actor in the subject, event anaphora may find the act judged
    return _event(ctx, token, trigger.event_type, trigger.mode, [speaker], targets, speaker,
                  partial=not targets and any(_anaphoric(s) for s in subjects))


@event_frames.register("detente.deontic.v1")
def deontic_frame(token: Token, ctx: SentenceContext) -> list[Event]:
    """"Moscow must withdraw", "the regime needs to release ...", "Provocations by X must stop": a demand of the
    speaker on the actor who must act (the actor behind a deed that must stop). The speaker is the reporting
    verb's subject ("..., the minister said"), a quote's speaker or the statement's author."""
    if token.pos_ != "VERB" or negated(token) or (token.dep_ == "xcomp" and negated(token.head)):
        return []
    obliged = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in token.children) or (
        token.dep_ == "xcomp" and token.head.lemma_.lower() in OBLIGATION_VERBS and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children))
    if not obliged:
        return []
    verb = token.head if token.dep_ == "xcomp" else token
    subject = subject_of(verb)
    if subject is None or subject.lower_ in FIRST_PERSON or subject.lower_ in ("there", "it"):
        return []
    state = ctx.state
    speaker = speaker_of(token, state)
    if speaker is None:
        return []
    targets = [a for a in actors_of([subject], state) if a.code and a.sector in ADDRESSABLE_SECTORS]
    if not targets and token.lemma_.lower() in STOPPING_VERBS:
        targets = _responsible([subject], state)
    return _event(ctx, token, "REQUEST", None, [speaker], targets, speaker)


@event_frames.register("detente.judgement.v1")
def judgement_frame(token: Token, ctx: SentenceContext) -> list[Event]:
    """An evaluative adjective on an act, or a noun of accusation, with who is behind it: the speaker accuses
    them. Only in a voice that has a speaker (a quote, a reported statement, a statement's author)."""
    state = ctx.state
    if token.pos_ == "ADJ" and token.dep_ == "amod" and token.head.pos_ == "NOUN":
        rows = [t for t in ctx.lexicon.candidates("ADJ", token.lower_)
                if "evaluative" in t.needs and "neg" not in t.needs and t.event_type == "ACCUSE"]
        if not rows:
            return []
        thing, event_type, mode = token.head, rows[0].event_type, rows[0].mode
    elif token.pos_ == "NOUN" and token.lemma_.lower() in ACCUSATION_NOUNS:
        thing, event_type, mode = token, "ACCUSE", "disapprove"
    elif _transgression(token):
        return _transgression_event(token, ctx)
    elif _transgression_noun(token):
        return _transgression_noun_event(token, ctx)
    elif token.pos_ == "ADJ" and token.lower_ in BLAME_ADJECTIVES:
        return _blame_event(token, ctx)
    elif token.pos_ == "NOUN" and token.lemma_.lower() in THREAT_LABELS:
        return _label_event(token, ctx)
    else:
        return []
    behind = [t for t in responsible_tokens(thing) if t.dep_ in ("poss", "pobj")]
    if not behind:
        return []
    speaker = speaker_of(token, state)
    if speaker is None:
        return []
    return _event(ctx, token, event_type, mode, [speaker], _responsible(behind, state), speaker)


def _transgression(token: Token) -> bool:
    """"violated international law", "flouted UN resolutions": a verb of transgression with a norm as object."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in TRANSGRESSION_VERBS or negated(token):
        return False
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += [c for obj in objects for c in obj.children if c.dep_ == "conj"]
    return any(obj.lemma_.lower() in NORM_NOUNS for obj in objects)


def _transgression_event(token: Token, ctx: SentenceContext) -> list[Event]:
    """The speaker accuses whoever the transgression is told of (its subject, or who is behind it)."""
    subject = subject_of(token)
    if subject is None or subject.lower_ in FIRST_PERSON:
        return []
    speaker = speaker_of(token, ctx.state)
    if speaker is None:
        return []
    # "the actions of the U.S. violated ...": a deed that transgresses is the deed of its "of" owner.
    owners = [o for p in subject.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
              if o.dep_ == "pobj"]
    targets = _responsible([subject], ctx.state) or _responsible(owners, ctx.state)
    return _event(ctx, token, "ACCUSE", "disapprove", [speaker], targets, speaker)


def _transgression_noun(token: Token) -> bool:
    """"in violation of international law", "a flagrant breach of the UN Charter": a noun of transgression
    whose "of" phrase is a norm."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in TRANSGRESSION_NOUNS:
        return False
    norms = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
             if o.dep_ == "pobj"]
    norms += [c for norm in norms for c in norm.children if c.dep_ == "conj"]
    return any(norm.lemma_.lower() in NORM_NOUNS for norm in norms)


def _transgression_noun_event(token: Token, ctx: SentenceContext) -> list[Event]:
    """The speaker accuses whoever did the deed the transgression is said of: the noun's possessor ("Russia's
    violation of"), the doer of the verb it qualifies ("seized the ships in violation of": who seized), or the
    subject it is predicated of ("the annexation is a breach of": who annexed)."""
    accused = next((c for c in token.children if c.dep_ == "poss"), None)
    head = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "in" else token.head
    if accused is None and token.dep_ in ("attr", "pobj") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_ == "be" or token.dep_ == "attr":
            accused = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        else:
            accused = subject_of(head)
    if accused is None and any(c.dep_ in ("amod", "compound") and c.i < token.i for c in token.children):
        accused = token  # "the Russian violation of the treaty": the state named on the noun
    if accused is None or accused.lower_ in FIRST_PERSON or negated(head):
        return []
    speaker = speaker_of(token, ctx.state)
    if speaker is None:
        return []
    return _event(ctx, token, "ACCUSE", "disapprove", [speaker], _responsible([accused], ctx.state), speaker)


def _labelled(token: Token) -> Token | None:
    """Who a threat label is predicated of: the subject of "poses a threat" / "is a danger", or the agent of
    "the threat posed by X"; None for a threat made ("issued a threat") or denied ("poses no threat")."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return None
    head = token.head
    if token.dep_ in ("dobj", "attr") and head.lemma_.lower() in POSING_VERBS and not negated(head):
        subject = subject_of(head) if head.lemma_ != "be" else next(
            (c for c in head.children if c.dep_ == "nsubj"), None)
        return subject
    for clause in token.children:
        if clause.dep_ == "acl" and clause.lemma_.lower() in POSING_VERBS:
            return next((o for a in clause.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"),
                        None)
    return None


def _label_event(token: Token, ctx: SentenceContext) -> list[Event]:
    """"North Korea's actions posed a clear threat to peace", the Security Council said: the speaker accuses
    the one labelled a danger (or who is behind the deed labelled so)."""
    labelled = _labelled(token)
    if labelled is None or labelled.lower_ in FIRST_PERSON or labelled.lower_ in ("there", "it", "this", "that"):
        return []
    speaker = speaker_of(token, ctx.state)
    if speaker is None:
        return []
    return _event(ctx, token, "ACCUSE", "disapprove", [speaker], _responsible([labelled], ctx.state), speaker)


def _blame_event(token: Token, ctx: SentenceContext) -> list[Event]:
    """"Russia was responsible for this reckless act": the speaker accuses the subject of an adjective of blame
    whose "for"/"of" phrase is a hostile deed (an act of force or repression, an accusation noun, an act the
    speaker calls reckless); "the ministry responsible for trade" is a duty, not blame."""
    head = token.head if token.dep_ in ("acomp", "oprd") else None
    if head is None or head.lemma_ != "be" or negated(head) or negated(token):
        return []
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    deeds = [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("for", "of") for o in p.children
             if o.dep_ in ("pobj", "pcomp")]
    if subject is None or subject.lower_ in FIRST_PERSON or not any(_hostile(d, ctx) for d in deeds):
        return []
    speaker = speaker_of(token, ctx.state)
    if speaker is None:
        return []
    return _event(ctx, token, "ACCUSE", "allege", [speaker], _responsible([subject], ctx.state), speaker)


def _hostile(deed: Token, ctx: SentenceContext) -> bool:
    """A deed of force or repression, by its lexicon reading, its noun, or the speaker's adjective on it."""
    lemma = deed.lemma_.lower()
    if lemma in ACCUSATION_NOUNS or any(t.event_type in HOSTILE_TYPES
                                        for t in ctx.lexicon.candidates(deed.pos_, lemma)):
        return True
    return any(t.event_type == "ACCUSE" and "evaluative" in t.needs for c in deed.children if c.dep_ == "amod"
               for t in ctx.lexicon.candidates("ADJ", c.lower_))
