"""Resolve one actor phrase outside any document: :func:`resolve_actor`."""

from __future__ import annotations

from datetime import date
from datetime import date as _date

from detente.actors.component import index_for
from detente.actors.model import PEOPLE_NOUNS, Resolution
from detente.actors.state import DocActors
from detente.core.dates import as_date
from detente.nlp.pipeline import load_pipeline

__all__ = ["resolve_actor"]


def resolve_actor(text: str, *, date: str | date | None = None, context: str | None = None,
                  extra_actors: dict[str, tuple[str, str | None]] | None = None) -> Resolution:
    """Resolve one actor phrase ("Chinese Vice-President Han Zheng") on a date.

    ``context`` is text that precedes the phrase (e.g. the article so far), used for later mentions.
    """
    nlp = load_pipeline()
    when = as_date(date)
    prefix = (context.rstrip() + "\n\n") if context else ""
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if not p.startswith("detente_")] + ["detente_sentences"]):
        doc = nlp(prefix + text)
    state = DocActors.build(doc, index_for(nlp, extra_actors), when)
    start = len(prefix)
    tokens = [t for t in doc if t.idx >= start and not t.is_space]
    if not tokens:
        return Resolution(text, None, None, None, "none", 0.0)
    span = doc[tokens[0].i : tokens[-1].i + 1]
    candidates = [span.root, *[t for t in span if t.pos_ in ("PROPN", "NOUN", "PRON")]]
    for token in candidates:
        actor = state.resolve(token)
        if actor is not None and (actor.code or actor.sector or actor.candidates):
            current = None if actor.office is None else actor.office.holds_on(when or _date.today())
            return Resolution(text, actor.code, actor.sector, actor.name, actor.method, actor.confidence,
                              office=actor.office, current=current, candidates=actor.candidates)
    for token in span:  # "British" alone names a state but no actor in it
        hit = state.hits.get(token.i)
        if hit is not None and hit[1].code:
            return Resolution(text, hit[1].code, None, hit[1].name, "gazetteer", 0.5)
    if span.root.pos_ == "PRON" or span.root.lower_ in PEOPLE_NOUNS:
        return Resolution(text, None, "UNK", None, "none", 0.0)  # a person, but nothing says who
    return Resolution(text, None, None, None, "none", 0.0)
