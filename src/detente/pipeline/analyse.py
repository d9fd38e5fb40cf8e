"""Run the NLP stages on prepared documents: the one place where texts meet the spaCy pipeline."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import islice
from typing import Any, NamedTuple, cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.component import ActorComponent
from detente.core import settings
from detente.core.dates import as_date
from detente.core.errors import StageError
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument
from detente.nlp.pipeline import load_pipeline
from detente.pipeline.headlines import sentence_case
from detente.pipeline.results import ORIGINAL_TEXT, DocResult, result_of

__all__ = ["Item", "Memory", "analyze_docs", "analyze_texts", "parsed_docs", "prepared_items"]

logger = logging.getLogger(__name__)

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


#: Texts longer than this are parsed in pieces cut at paragraph breaks and joined into one Doc: spaCy's parser
#: needs memory in proportion to the text it is given at once, so a 900 KB article parses in bounded memory.
PARSE_PIECE_CHARS = 100_000
#: The size of those pieces, and how many spaCy parses at once: a 100,000-character piece needs about 1 GB while
#: parsed (and spaCy batches them), so a long text goes in pieces of a few paragraphs, 8 at a time (about
#: 0.5 GB peak for a 900 KB article, where 100,000-character pieces took 4.8 GB).
LONG_PIECE_CHARS = 10_000
LONG_PIECE_BATCH = 8
#: ``doc.user_data`` key of a long text, held by an empty Doc until its pieces are parsed: tokenizing the whole
#: text first (and joining its tokens back into ``doc.text``) cost seconds a megabyte, for nothing.
LONG_TEXT = "detente_long_text"


def _max_chars() -> int:
    return int(settings.get("max_chars"))


def _pieces(text: str, size: int | None = None) -> list[str]:
    """Cut ``text`` into pieces of at most ``size`` characters whose concatenation is the text: after a blank
    line where there is one, else after a line break, a sentence end or a space, else anywhere."""
    size = size or PARSE_PIECE_CHARS
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((at + len(mark) for mark in ("\n\n", "\n", ". ", " ") if (at := window.rfind(mark)) > size // 2),
                   size)
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _piece_processes(requested: int, pieces: int) -> int:
    """How many processes parse a long text's pieces: those requested, at most one per piece, and one in a
    daemonic process (a pool or cluster worker), which may not start children."""
    if requested <= 1 or pieces <= 1 or multiprocessing.current_process().daemon:
        return 1
    return min(requested, pieces)


class _Parser:
    """The pipeline applied to one batch of Docs, with a boundary: a batch that raises is parsed again one Doc at a
    time, so one poisoned document fails by itself (its reason kept) and the others keep their results.

    ``piece_workers`` processes parse the pieces of a long text (spaCy's ``n_process``): its pieces are
    independent until joined, and Detente's components then run once, here, on the whole Doc."""

    def __init__(self, nlp: Language, disable: list[str], *, piece_workers: int = 1) -> None:
        self.nlp = nlp
        self.disable = disable
        self.piece_workers = piece_workers
        self.spacy_pipes = [n for n in nlp.pipe_names if not n.startswith("detente_") or n == "detente_sentences"]
        self.detente_pipes = [n for n in nlp.pipe_names if n not in self.spacy_pipes and n not in disable]

    def batch(self, docs: list[Doc], batch_size: int) -> list[Doc | str]:
        short = [d for d in docs if LONG_TEXT not in d.user_data]
        parsed: Iterator[Doc | str]
        try:
            with self.nlp.select_pipes(disable=self.disable):
                parsed = iter(list[Doc | str](self.nlp.pipe(short, batch_size=batch_size)))
        except Exception:  # noqa: BLE001  (the boundary; each document is tried alone below)
            logger.info("a batch of %d documents failed; parsing them one by one", len(short))
            parsed = iter([self.one(d) for d in short])
        return [next(parsed) if LONG_TEXT not in d.user_data else self.one(d) for d in docs]

    def one(self, doc: Doc) -> Doc | str:
        """A Doc parsed alone (long texts in pieces), or why it could not be."""
        try:
            text = doc.user_data.get(LONG_TEXT) or doc.text
            if len(text) > _max_chars():
                raise ValueError(f"text of {len(text):,} characters is over the max_chars setting "
                                 f"({_max_chars():,})")
            if LONG_TEXT not in doc.user_data:
                with self.nlp.select_pipes(disable=self.disable):
                    return self.nlp(doc)
            return self.long(doc, text)
        except Exception as error:  # noqa: BLE001
            logger.info("%s: analysis failed", doc._.doc_id, exc_info=True)
            return f"parse: {type(error).__name__}: {str(error)[:300]}"

    def long(self, doc: Doc, text: str) -> Doc:
        """Parse the pieces with spaCy's own components, join them (offsets are the whole text's), then run
        Detente's components once on the whole Doc, so events and quotes see the whole document."""
        pieces = _pieces(text, LONG_PIECE_CHARS)
        processes = _piece_processes(self.piece_workers, len(pieces))
        if processes > 1:
            logger.info("%s: parsing %d pieces in %d processes", doc._.doc_id, len(pieces), processes)
        with self.nlp.select_pipes(enable=self.spacy_pipes):
            # the same batches of pieces in either case (spaCy deals them out whole), so the same parse
            parts = [_untensored(part) for part in
                     self.nlp.pipe(pieces, batch_size=LONG_PIECE_BATCH, n_process=processes)]
        joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]  # not in the stub
        del parts  # the pieces' memory is free while the components run
        joined.user_data.update((key, value) for key, value in doc.user_data.items() if key != LONG_TEXT)
        for name in self.detente_pipes:
            joined = self.nlp.get_pipe(name)(joined)
        return joined


def _items_docs(nlp: Language, items: Iterable[Item | tuple[str, str, date | None]], names: Callable[[str], bool],
                known: dict[str, list[str | None]] | None, dictionary: list[list[str | None]] | None,
                partial_events: bool) -> Iterator[Doc]:
    for item in items:
        doc_id, text, published, url, source = Item(*item)
        cased = sentence_case(text, names)
        doc = _unparsed(nlp, cased) if len(cased) > min(PARSE_PIECE_CHARS, nlp.max_length) else nlp.make_doc(cased)
        if cased != text:  # evidence is cut from the text as written (see headlines.py)
            doc.user_data[ORIGINAL_TEXT] = text
        doc._.doc_id = doc_id
        doc._.published = published.isoformat() if published else None
        doc._.url, doc._.source = url, source
        doc._.actor_memory = known
        doc._.actor_dictionary = dictionary
        doc._.partial_events = partial_events or None
        yield doc


def _unparsed(nlp: Language, text: str) -> Doc:
    """The stand-in for a long text until it is parsed in pieces: an empty Doc holding the text (under
    :data:`LONG_TEXT`) and, like any other, the document's extensions."""
    doc = Doc(nlp.vocab, words=[])
    doc.user_data[LONG_TEXT] = text
    return doc


def _untensored(doc: Doc) -> Doc:
    """A parsed piece without the token vectors spaCy leaves on it (no Detente component reads them; 384 bytes
    a token, 110 MB for a 1 MB text, kept twice while the pieces are joined)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def _processed(items: Iterable[Item | tuple[str, str, date | None]], *,
               extra_actors: Mapping[str, tuple[str, str | None]] | None, memory: Memory | None, batch_size: int,
               keep_state: bool, partial_events: bool,
               piece_workers: int = 1) -> Iterator[Doc | tuple[str, date | None, str]]:
    """Processed Docs in input order, or ``(doc_id, published, reason)`` for a document that failed."""
    nlp = load_pipeline()
    names = _known_names(nlp)
    known = {name: [code, sector] for name, (code, sector) in (memory or {}).items()} or None
    dictionary = [[phrase, code, sector] for phrase, (code, sector) in (extra_actors or {}).items()] or None
    parser = _Parser(nlp, ["detente_finish"] if keep_state else [], piece_workers=piece_workers)
    stream = _items_docs(nlp, items, names, known, dictionary, partial_events)
    while batch := list(islice(stream, batch_size)):
        for doc, outcome in zip(batch, parser.batch(batch, batch_size), strict=True):
            if isinstance(outcome, str):
                yield doc._.doc_id, as_date(doc._.published), outcome
                continue
            # the caller's inputs; results do not carry them
            outcome._.actor_memory = outcome._.actor_dictionary = outcome._.partial_events = None
            yield outcome


def parsed_docs(items: Iterable[Item | tuple[str, str, date | None]], *,
                extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                batch_size: int = 32, keep_state: bool = False, partial_events: bool = False) -> Iterator[Doc]:
    """Parse items (:class:`Item`, or ``(doc_id, clean text, published)``) into processed Docs, in input order.

    ``keep_state`` leaves the actor component's working state on each Doc (``doc._.actor_state``), for
    diagnostics and tests that ask the resolver about single tokens. A document that cannot be analysed raises
    :class:`~detente.core.errors.StageError` (:func:`analyze_docs` reports it and goes on).
    """
    for outcome in _processed(items, extra_actors=extra_actors, memory=memory, batch_size=batch_size,
                              keep_state=keep_state, partial_events=partial_events):
        if isinstance(outcome, tuple):
            raise StageError(outcome[0], outcome[2])
        yield outcome


def analyze_docs(items: Iterable[Item | tuple[str, str, date | None]], *,
                 extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                 batch_size: int = 32, partial_events: bool = False, piece_workers: int = 1) -> Iterator[DocResult]:
    """Parse items (see :func:`parsed_docs`) and yield their results, in input order; a document that cannot be
    analysed gives a result with its ``failure`` and no records. ``piece_workers`` processes parse the pieces of
    a long text (the same results as one)."""
    for outcome in _processed(items, extra_actors=extra_actors, memory=memory, batch_size=batch_size,
                              keep_state=False, partial_events=partial_events, piece_workers=piece_workers):
        if isinstance(outcome, tuple):
            yield DocResult(outcome[0], outcome[1], failure=outcome[2])
            continue
        yield result_of(outcome, outcome._.doc_id, as_date(outcome._.published),
                        original=outcome.user_data.get(ORIGINAL_TEXT))


def prepared_items(records: Iterable[Mapping[str, Any]]) -> Iterator[Item]:
    r"""Clean ``{id, text, published[, url, source]}`` dicts into :class:`Item`\ s."""
    for record in records:
        raw = RawDocument(text=str(record.get("text") or ""), origin=str(record.get("id")), format="txt",
                          id=record.get("id"), published=record.get("published"), url=record.get("url"),
                          source=record.get("source"))
        doc = prepare(raw)
        # prepare's date only: a value it rejected (0001-01-01, 2099) must not come back as the anchor
        yield Item(doc.doc_id, doc.text, doc.published, doc.url, doc.source)


def analyze_texts(records: Iterable[Mapping[str, Any]], *,
                  extra_actors: Mapping[str, tuple[str, str | None]] | None = None, memory: Memory | None = None,
                  batch_size: int = 32, partial_events: bool = False) -> Iterator[DocResult]:
    """Clean and analyse ``{id, text, published}`` dicts (the evaluation and ``extract`` input)."""
    yield from analyze_docs(prepared_items(records), extra_actors=extra_actors, memory=memory, batch_size=batch_size,
                            partial_events=partial_events)
