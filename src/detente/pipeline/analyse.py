"""Run the NLP stages on prepared documents: the one place where texts meet the spaCy pipeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, NamedTuple, cast

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.component import ActorComponent
from detente.core.dates import as_date
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument
from detente.nlp.pipeline import load_pipeline
from detente.pipeline.headlines import sentence_case
from detente.pipeline.results import ORIGINAL_TEXT, DocResult, result_of

__all__ = ["Item", "Memory", "analyze_docs", "analyze_texts", "parsed_docs", "prepared_items"]

#: Corpus memory: name -> (code, sector), as the store's ``role_memory`` gives it.
Memory = Mapping[str, tuple[str, str | None]]


class Item(NamedTuple):
    """One document to analyse: its id, cleaned text and publication date, and where it comes from."""

    doc_id: str
    text: str
    published: date | None
    url: str | None = None
    source: str | None = None


def _known_names(nlp: Language) -> Callable[[str], bool]:
    """Whether a capitalised word is part of a name the actor index knows (or a nationality word)."""
    index = cast(ActorComponent, nlp.get_pipe("detente_actors")).index()
    words = {w for phrase in index.entries for w in phrase.split()}
    return words.__contains__


def parsed_docs(items: Iterable[Item | tuple[str, str, date | None]], *,
                extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                batch_size: int = 32, keep_state: bool = False, partial_events: bool = False) -> Iterator[Doc]:
    """Parse items (:class:`Item`, or ``(doc_id, clean text, published)``) into processed Docs, in input order.

    ``keep_state`` leaves the actor component's working state on each Doc (``doc._.actor_state``), for
    diagnostics and tests that ask the resolver about single tokens.
    """
    nlp = load_pipeline()
    names = _known_names(nlp)
    known = {name: [code, sector] for name, (code, sector) in (memory or {}).items()} or None
    dictionary = [[phrase, code, sector] for phrase, (code, sector) in (extra_actors or {}).items()] or None

    def docs() -> Iterator[Doc]:
        for item in items:
            doc_id, text, published, url, source = Item(*item)
            cased = sentence_case(text, names)
            doc = nlp.make_doc(cased)
            if cased != text:  # evidence is cut from the text as written (see headlines.py)
                doc.user_data[ORIGINAL_TEXT] = text
            doc._.doc_id = doc_id
            doc._.published = published.isoformat() if published else None
            doc._.url, doc._.source = url, source
            doc._.actor_memory = known
            doc._.actor_dictionary = dictionary
            doc._.partial_events = partial_events or None
            yield doc

    with nlp.select_pipes(disable=["detente_finish"] if keep_state else []):
        for doc in nlp.pipe(docs(), batch_size=batch_size):
            # the caller's inputs; results do not carry them
            doc._.actor_memory = doc._.actor_dictionary = doc._.partial_events = None
            yield doc


def analyze_docs(items: Iterable[Item | tuple[str, str, date | None]], *,
                 extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                 batch_size: int = 32, partial_events: bool = False) -> Iterator[DocResult]:
    """Parse items (see :func:`parsed_docs`) and yield their results, in input order."""
    for doc in parsed_docs(items, extra_actors=extra_actors, memory=memory, batch_size=batch_size,
                           partial_events=partial_events):
        yield result_of(doc, doc._.doc_id, as_date(doc._.published), original=doc.user_data.get(ORIGINAL_TEXT))


def prepared_items(records: Iterable[Mapping[str, Any]]) -> Iterator[Item]:
    r"""Clean ``{id, text, published[, url, source]}`` dicts into :class:`Item`\ s."""
    for record in records:
        raw = RawDocument(text=str(record.get("text") or ""), origin=str(record.get("id")), format="txt",
                          id=record.get("id"), published=record.get("published"), url=record.get("url"),
                          source=record.get("source"))
        doc = prepare(raw)
        yield Item(doc.doc_id, doc.text, doc.published or as_date(record.get("published")), doc.url, doc.source)


def analyze_texts(records: Iterable[Mapping[str, Any]], *,
                  extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                  batch_size: int = 32, partial_events: bool = False) -> Iterator[DocResult]:
    """Clean and analyse ``{id, text, published}`` dicts (the evaluation and ``extract`` input)."""
    yield from analyze_docs(prepared_items(records), extra_actors=extra_actors, memory=memory, batch_size=batch_size,
                            partial_events=partial_events)
