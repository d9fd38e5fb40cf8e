"""Event frames: the constructions that state events. Each frame reads one token of a sentence and returns the
events it finds there; they are registered (``detente.core.registry.event_frames``) like a user's own would be.

* ``detente.lexicon.v1``: a trigger of the lexicon (``data/events/lexicon.tsv``) with its arguments;
* ``detente.demand.v1``: a request made without a request verb ("said Sudan must return the helicopter").
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.ontology import types_with
from detente.core.registry import event_frames
from detente.core.syntax import (
    REPORTING,
    clause_verb,
    conditional,
    is_passive,
    negated,
    object_of,
    prep_objects,
    subject_of,
)
from detente.core.words import words
from detente.events.arguments import VERBAL_TYPES, actors_of, attribution_of, noun_source, targets_of
from detente.events.lexicon import Trigger
from detente.events.model import Event, SentenceContext
from detente.events.status import status_of
from detente.events.timing import PUBLISHED_PRECISION, after_publication, context_tags, event_date
from detente.events.triggers import match_stance, match_trigger, willing_head

__all__ = ["demand_frame", "lexicon_frame"]
# Abuses whose report, with no agent named, is an allegation against the state where they happened.
ALLEGED_TYPES = types_with("alleged")
# Cooperative acts whose agentless passive, in a first-person statement, is the author's own act.
AUTHOR_PASSIVE_TYPES = types_with("author_passive")
# Acts whose stated willingness is an offer, AGREE (PLOVER): "open to dialogue with X", "ready to work with X".
OFFERED_TYPES = types_with("offered")
OFFER_TYPE = "AGREE"
# Verbs that end an act going on ("must end its war", "would halt its joint exercises").
ENDING_VERBS = words("ending_verbs")
# Acts of force going on, which a verb that ends them states ("must end its war", "halt the repression"); the
# end of any other act ("would halt its joint exercises", "stop the talks") means it does not take place.
ONGOING_TYPES = frozenset({"ASSAULT", "COERCE"})
# Warnings whose agentless passive in a statement is its author's: "X will be held accountable".
WARNING_TYPES = frozenset({"THREATEN"})
# Symmetric types (GUIDELINES section 6): "A and B held talks" is A with B.
RECIPROCAL_TYPES = types_with("symmetric")
# Events whose sides an agentless passive may name after "between": agreements, talks, cooperation, signings.
BETWEEN_TYPES = RECIPROCAL_TYPES | {"SUPPORT"}
BETWEEN = frozenset({"between"})
# "must", "should", "has to": what a speaker says another actor must do is a demand.
OBLIGATION_AUX = frozenset({"must", "should"})
# Verbs of wishing whose object is asked to act: "wants Germany to pay", "would like the G7 to take steps".
WISH_VERBS = words("wish_verbs")
# "We must do more" is a resolve of the speaker's own side, not a demand.
FIRST_PERSON = words("first_person_pronouns")
# Verbs that state as firmly as "say" does: "declared that X must ...".
DECLARING_VERBS = words("declaring_verbs")
# Place kinds whose state is the state where an act happened.
PLACE_KINDS = frozenset({"country", "capital", "region"})
# Prepositions that set an act inside a place: "in camps in Xinjiang".
INSIDE_PREPS = frozenset({"in", "inside", "across"})
# Confidence of an event: a base for a lexicon match, raised by how sure its least certain actor is, times a
# discount for what the parse can get wrong. Priors, not measurements: they order events, they are not
# probabilities. A demand frame is a fixed construction and is trusted more; an allegation inferred from an
# agentless report a little less than the report itself.
BASE_CONFIDENCE = 0.6
ACTOR_WEIGHT = 0.4
NO_ACTOR_CONFIDENCE = 0.5
PARSE_DISCOUNT = 0.9
DEMAND_CONFIDENCE = 0.85
ALLEGATION_DISCOUNT = 0.9


@event_frames.register("detente.lexicon.v1")
def lexicon_frame(token: Token, ctx: SentenceContext) -> list[Event]:
    """A lexicon trigger with its source and target; an agentless abuse also gives the allegation it implies."""
    if token.i in ctx.consumed or match_stance(token, ctx.lexicon) is not None:
        return []  # "is encouraged to see": an experiencer's stance (detente.stance.v1), not "encourage X to"
    trigger = match_trigger(token, ctx.lexicon)
    if trigger is None:
        return []
    if trigger.objects is not None and token.lemma_.lower() not in ENDING_VERBS:
        obj = object_of(token)
        if obj is not None:
            ctx.consumed.add(obj.i)  # "impose sanctions": one event, not two ("end the war" states two)
    state = ctx.state
    sources = _sources(token, trigger, ctx)
    joint = trigger.event_type in RECIPROCAL_TYPES or _done_together(trigger)
    together = False
    if len(sources) > 1 and joint and not targets_of(token, trigger, state, others=False):
        # "Gondor and Osgiliath renewed ties"; "the leaders agreed to press Russia": the agreement is between
        # the leaders, what they agreed to do is its content
        targets, sources, together = sources[1:], sources[:1], True
    else:
        targets = targets_of(token, trigger, state)
    attribution = attribution_of(token, state)
    if not sources and not targets:  # "an agreement was signed between X and Y": its parties, not the author
        sources, targets = _parties_between(token, trigger, state)
    if not sources and len(targets) > 1 and trigger.pos == "NOUN" and trigger.event_type in RECIPROCAL_TYPES \
            and prep_objects(token, BETWEEN) and any(a.sector != "CVL" for a in targets):
        # "the ceasefire deal between Israel and Hamas": an agreement or talks between two sides is theirs
        # ("dialogue between Uyghurs and Han Chinese" is between peoples, no dyad of states)
        sources, targets, together = targets[:1], targets[1:], True
    if not sources:
        sources = _implied_sources(token, trigger, state, attribution)
    if not sources and not targets:
        return []
    if not targets and len(sources) > 1 and joint:
        sources, targets, together = sources[:1], sources[1:], True  # the attribution made them the sources
    event_type, mode, status = _reading(token, trigger, ctx)
    when, precision = event_date(ctx.span, token, ctx.published, status == "planned", ctx.times,
                                 reaction=trigger.event_type in VERBAL_TYPES)
    from_text = precision not in (PUBLISHED_PRECISION, None)
    if status == "asserted" and from_text and after_publication(when, ctx.published):
        status = "planned"  # "I leave on Monday for a trip to London", said on a Friday: still to happen
    least = min([a.confidence for a in sources + targets] or [NO_ACTOR_CONFIDENCE])
    confidence = BASE_CONFIDENCE + ACTOR_WEIGHT * least
    event = Event(ctx.doc_id, event_type, mode, sources, targets, status, when,
                  precision if from_text else "day", ctx.number, ctx.span, token, attribution,
                  context_tags(ctx.span, ctx.lexicon), round(confidence * PARSE_DISCOUNT, 3),
                  date_from_text=from_text, joint=together)
    alleged = _allegation(event, state) if not sources and trigger.pos == "VERB" else None
    return [event] if alleged is None else [event, alleged]


def _reading(token: Token, trigger: Trigger, ctx: SentenceContext) -> tuple[str, str | None, str]:
    """The event's type, mode and status; a stated willingness to do a cooperative act is the offer, an AGREE
    made now ("remains open to dialogue with X", "stands ready to work with X"). Ending an act of force states it,
    ending any other act cancels it. An act named as the object of a
    stance taken on it is not denied by the stance's negation: "will never recognise Russia's annexation of
    Crimea" refuses the annexation, which took place."""
    willing = willing_head(token) if trigger.event_type in OFFERED_TYPES else None
    if willing is not None:
        return OFFER_TYPE, None, "negated" if negated(token) or _denied(willing) else "asserted"
    status = _trigger_status(token, trigger)
    if status == "negated" and trigger.pos == "NOUN" and _object_of_stance(token, ctx):
        status = "asserted"
    if trigger.pos == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and token.head.lemma_.lower() in ENDING_VERBS:
        # "Russia must end its war": the war goes on, whatever the mood of its end; "would halt its joint
        # exercises": exercises still to come will not take place
        status = "asserted" if trigger.event_type in ONGOING_TYPES else "negated"
    return trigger.event_type, trigger.mode, status


def _object_of_stance(noun: Token, ctx: SentenceContext) -> bool:
    """Whether an event noun is the object of a negated speech act on it ("did not recognise the annexation"),
    with no negation of its own ("no attack")."""
    verb = noun.head
    if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB" or not negated(verb):
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children):
        return False
    reading = match_trigger(verb, ctx.lexicon)
    return reading is not None and reading.event_type in VERBAL_TYPES


def _denied(word: Token) -> bool:
    """A willingness word is denied by its own negation or its copula's: "is not ready to negotiate"."""
    return negated(word) or word.dep_ in ("acomp", "xcomp") and negated(word.head)


def _done_together(trigger: Trigger) -> bool:
    """A supportive reading whose other party is named with "with" ("signed a pact with X", "established ties
    with X") is an act done together: "Japan and Australia signed a pact" is each side's act with the other (not
    "China and Russia lodged complaints": an accusation is not made together with its co-signer)."""
    return trigger.event_type in BETWEEN_TYPES and any(kind == "pobj" and "with" in preps
                                                       for kind, preps in trigger.targets)


def _implied_sources(token: Token, trigger: Trigger, state: DocActors, attribution: Actor | None) -> list[Actor]:
    """Sources the text implies when the trigger has none of its own: the speaker of a reported threat, or the
    author of a first-person statement for an agentless passive (none otherwise)."""
    if attribution is not None and trigger.event_type in VERBAL_TYPES:
        return [attribution]  # "said sanctions cannot be ruled out": the speaker threatens
    if trigger.event_type in WARNING_TYPES and trigger.pos == "VERB" and is_passive(token) \
            and state.author_voice() and not state.in_quote(token):
        # "Russia will be held accountable", in a statement: its author warns (not "Iran was accused of ...",
        # which reports someone else's accusation)
        author = state.author_actor()
        if author is not None:
            return [author]
    # "Today's action was taken in coordination with our partners": a noun's passive clause verb counts too
    # (not in a relative clause: "work that was done in cooperation with the IAEA" is the work's doer's)
    passive = is_passive(token) if trigger.pos == "VERB" else token.dep_ == "pobj" and is_passive(
        clause_verb(token)) and clause_verb(token).dep_ != "relcl"
    if passive and state.first_person_text() and trigger.event_type in AUTHOR_PASSIVE_TYPES \
            and not state.in_quote(token):
        author = state.author_actor()
        if author is not None:
            # A statement in the first person ("we have ...") reporting "These measures were coordinated with
            # the US" leaves its own government as the agent.
            return [author]
    return []


def _parties_between(token: Token, trigger: Trigger, state: DocActors) -> tuple[list[Actor], list[Actor]]:
    """"An agreement was signed in Pretoria between Ethiopia and the TPLF": an agentless passive agreement, talk
    or signing takes its sides from its "between" phrase (on the verb or on its subject)."""
    if trigger.pos != "VERB" or trigger.event_type not in BETWEEN_TYPES:
        return [], []
    verbs = [token, *token.conjuncts]  # "was struck and signed ... between X and Y"
    if not any(is_passive(v) for v in verbs):
        return [], []
    subjects = [c for v in verbs for c in v.children if c.dep_ == "nsubjpass"]
    parties = actors_of([o for t in [*verbs, *subjects] for o in prep_objects(t, BETWEEN)], state)
    return (parties[:1], parties[1:]) if len(parties) > 1 else ([], [])


def _trigger_status(token: Token, trigger: Trigger) -> str:
    """The event's status from the clause, unless the trigger's condition words make it the event itself."""
    status = status_of(token)
    if "neg" in trigger.needs:  # the negation is the event ("cannot be ruled out" is the threat)
        status = "hypothetical" if conditional(token) else "asserted"
    elif "future" in trigger.needs or "willing" in trigger.needs:
        # "will respond to any aggression", "stands ready to work with X": the threat or offer is made now;
        # "is not ready to negotiate", "will not cooperate" make none
        willing = willing_head(token)
        status = "negated" if negated(token) or (willing is not None and _denied(willing)) else "asserted"
    return status


def _sources(token: Token, trigger: Trigger, ctx: SentenceContext) -> list[Actor]:
    if trigger.pos == "VERB":
        subject = subject_of(token)
        # "The US, the EU and Canada imposed ...": the parser may give the list as several subjects; "welcomed
        # by Moscow and by NATO leaders": or a passive several agents
        others = [c for c in token.children if c.dep_ == "nsubj" and c is not subject]
        others += [o for agent in token.children if agent.dep_ == "agent" for by in agent.conjuncts
                   for o in by.children if o.dep_ == "pobj" and by.lower_ == "by"]
        return actors_of([subject, *others] if subject is not None else [], ctx.state)
    noun_subject = noun_source(token, ctx.lexicon, ctx.state)
    return actors_of([noun_subject] if noun_subject is not None else [], ctx.state)


def _allegation(event: Event, state: DocActors) -> Event | None:
    """"UN experts have said a million Muslims have been detained in camps in Xinjiang": reporting abuses with no
    agent, in a place of another state, accuses that state (ACCUSE allege). A state reporting what happened on
    its own territory ("Afghan police said three people were killed in Kabul") accuses no one."""
    trigger, speaker = event.trigger, event.attribution
    if event.event_type not in ALLEGED_TYPES or speaker is None or event.status != "asserted" or \
            not is_passive(trigger):
        return None
    if speaker.code is None and speaker.sector not in ("NGO", "IGO"):
        return None
    place = _place_state(trigger, state)
    if place is None or place.code == speaker.code:
        return None
    return Event(event.doc_id, "ACCUSE", "allege", [speaker], [place], "asserted", event.date, event.date_precision,
                 event.sentence, event.sentence_span, trigger, speaker, event.context,
                 round(event.confidence * ALLEGATION_DISCOUNT, 3), date_from_text=event.date_from_text)


def _place_state(trigger: Token, state: DocActors) -> Actor | None:
    """The state of the place where an act happened: "in camps in Xinjiang", "in Iran"."""
    frontier = [trigger]
    for _ in range(3):
        following: list[Token] = []
        for node in frontier:
            for prep in (c for c in node.children if c.dep_ == "prep" and c.lower_ in INSIDE_PREPS):
                for place in (c for c in prep.children if c.dep_ == "pobj"):
                    actor = state.resolve(place)
                    hit = state.hits.get(place.i)
                    if actor is not None and actor.code and hit is not None and hit[1].kind in PLACE_KINDS:
                        return actor
                    following.append(place)
        frontier = following
    return None


@event_frames.register("detente.demand.v1")
def demand_frame(token: Token, ctx: SentenceContext) -> list[Event]:
    """Requests made without a request verb.

    "Russia said Sudan must return the helicopter" (a statement that another actor must act) and "Sharon wants
    Germany to pay more" (a wish that another actor act) are demands of the speaker on that actor.
    """
    found = _demand_parties(token, ctx.state)
    if found is None:
        return []
    sources, targets = found
    when, precision = event_date(ctx.span, token, ctx.published, False, ctx.times)
    precision = "day" if precision == PUBLISHED_PRECISION else precision
    return [Event(ctx.doc_id, "REQUEST", None, sources, targets, "asserted", when, precision, ctx.number, ctx.span,
                  token, None, context_tags(ctx.span, ctx.lexicon), DEMAND_CONFIDENCE)]


def _demand_parties(token: Token, state: DocActors) -> tuple[list[Actor], list[Actor]] | None:
    if token.pos_ != "VERB":
        return None
    lemma = token.lemma_
    if lemma in REPORTING or lemma in DECLARING_VERBS:
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
    if speaker is None or addressee is None or addressee.lower_ in FIRST_PERSON:
        return None  # "we must do more": the speaker's own resolve, not a demand on someone
    sources, targets = actors_of([speaker], state), actors_of([addressee], state)
    if not sources or not targets or {a.code for a in sources} == {a.code for a in targets}:
        return None
    return sources, targets
