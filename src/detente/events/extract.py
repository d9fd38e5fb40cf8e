"""Event extraction on a parsed Doc: triggers from the lexicon, arguments from the dependency parse, actors
from the actor layer, status from modality and negation, dates from the time expressions.
"""

from __future__ import annotations

import logging
from datetime import date

from spacy.tokens import Doc

from detente.actors.state import DocActors
from detente.core.ontology import types_with
from detente.core.syntax import conditional, is_passive, object_of, subject_of
from detente.events.arguments import VERBAL_TYPES, actors_of, attribution_of, noun_source, targets_of
from detente.events.frames import allegation, demand_frame
from detente.events.lexicon import Lexicon, load_lexicon
from detente.events.model import Event
from detente.events.status import status_of
from detente.events.timing import PUBLISHED_PRECISION, context_tags, event_date
from detente.events.triggers import match_trigger

__all__ = ["extract_doc"]

logger = logging.getLogger(__name__)

# Cooperative acts whose agentless passive, in a first-person statement, is the author's own act.
AUTHOR_PASSIVE_TYPES = types_with("author_passive")
# Symmetric types (GUIDELINES section 6): "A and B held talks" is A with B.
RECIPROCAL_TYPES = types_with("symmetric")
# Clauses that give background rather than the sentence's news.
SUBORDINATE_DEPS = frozenset({"relcl", "acl", "advcl"})
# Confidence of an event: a base for a lexicon match, raised by how sure its least certain actor is, times a
# discount for what the parse can get wrong. Priors, not measurements: they order events, they are not
# probabilities. A demand frame is a fixed construction and is trusted more.
BASE_CONFIDENCE = 0.6
ACTOR_WEIGHT = 0.4
PARSE_DISCOUNT = 0.9
DEMAND_CONFIDENCE = 0.85
# An event that is the content of another event in the sentence ("urged X to support Y") or sits in a
# subordinate clause is background: its confidence drops by these amounts.
EMBEDDED_PENALTY = 0.3
SUBORDINATE_PENALTY = 0.1
MIN_CONFIDENCE = 0.05


def extract_doc(doc: Doc, state: DocActors, *, doc_id: str, published: date | None,
                lexicon: Lexicon | None = None) -> list[Event]:
    lexicon = lexicon or load_lexicon()
    events: list[Event] = []
    times = state.cache.setdefault("time_expressions", {})
    for number, sentence in enumerate(doc.sents):
        consumed: set[int] = set()
        for token in sentence:
            demand = demand_frame(token, state)
            if demand is not None:
                sources, targets = demand
                when, precision = event_date(sentence, token, published, False, times)
                precision = "day" if precision == PUBLISHED_PRECISION else precision
                events.append(Event(doc_id, "REQUEST", None, sources, targets, "asserted", when, precision, number,
                                    sentence, token, None, context_tags(sentence, lexicon), DEMAND_CONFIDENCE))
            if token.i in consumed:
                continue
            trigger = match_trigger(token, lexicon)
            if trigger is None:
                continue
            if trigger.objects is not None:
                obj = object_of(token)
                if obj is not None:
                    consumed.add(obj.i)  # "impose sanctions": one event, not two
            if trigger.pos == "VERB":
                subject = subject_of(token)
                # "The US, the EU and Canada imposed ...": the parser may give the list as several subjects
                others = [c for c in token.children if c.dep_ == "nsubj" and c is not subject]
                sources = actors_of([subject, *others] if subject is not None else [], state)
            else:
                subject = noun_source(token, lexicon, state)
                sources = actors_of([subject] if subject is not None else [], state)
            targets = targets_of(token, trigger, state)
            attribution = attribution_of(token, state)
            if not sources and attribution is not None and trigger.event_type in VERBAL_TYPES:
                sources = [attribution]  # "said sanctions cannot be ruled out": the speaker threatens
            if not sources and trigger.pos == "VERB" and is_passive(token) and state.first_person_text() and \
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
            status = status_of(token)
            if "neg" in trigger.needs:  # the negation is the event ("cannot be ruled out" is the threat)
                status = "hypothetical" if conditional(token) else "asserted"
            when, precision = event_date(sentence, token, published, status == "planned", times)
            from_text = precision != PUBLISHED_PRECISION
            precision = "day" if not from_text else precision
            confidence = BASE_CONFIDENCE + ACTOR_WEIGHT * min([a.confidence for a in sources + targets] or [0.5])
            events.append(Event(doc_id, trigger.event_type, trigger.mode, sources, targets, status, when, precision,
                                number, sentence, token, attribution, context_tags(sentence, lexicon),
                                round(confidence * PARSE_DISCOUNT, 3), date_from_text=from_text))
            alleged = allegation(events[-1], state) if not sources and trigger.pos == "VERB" else None
            if alleged is not None:
                events.append(alleged)
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
                penalty += EMBEDDED_PENALTY
                break
        if any(t.dep_ in SUBORDINATE_DEPS for t in [event.trigger, *event.trigger.ancestors][:3]):
            penalty += SUBORDINATE_PENALTY
        event.confidence = round(max(event.confidence - penalty, MIN_CONFIDENCE), 3)



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


