"""The actor index: every registered actor source compiled into one phrase table for a vocabulary.

Sources are registered in ``detente.core.registry.actor_sources``; each is a function returning
``(phrase, Entry)`` pairs. The built-ins, ``detente.gazetteer.v1`` (states, capitals, seats of power,
organisations, groups) and ``detente.roles.v1`` (the people of the roles knowledge base, with the user's
``DETENTE_ROLES`` files), register the same way a package's own dictionary does. An earlier source wins a
phrase; the built-ins come first, then the others by name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from detente import __version__
from detente.actors.gazetteer import Entry, Gazetteer, load_gazetteer
from detente.actors.roles import RolesKB, load_roles
from detente.core import settings
from detente.core.cache import cached, digest
from detente.core.registry import actor_sources

__all__ = ["BUILTIN_SOURCES", "ActorIndex", "PhraseTable", "pattern_tokens", "titled_names"]

#: The built-in actor sources, in the order they claim phrases.
BUILTIN_SOURCES = ("detente.gazetteer.v1", "detente.roles.v1")


@actor_sources.register("detente.gazetteer.v1")
def gazetteer_source() -> Iterator[tuple[str, Entry]]:
    """States, capitals and seats of power, organisations, groups and nationality words (data/gazetteer)."""
    yield from load_gazetteer().names.items()


@actor_sources.register("detente.roles.v1")
def roles_source() -> Iterator[tuple[str, Entry]]:
    """Every name and alias of the roles knowledge base, as a person (resolved on the document's date)."""
    kb = load_roles()
    for name in kb.names():
        yield name, Entry(None, None, kb.canonical[name], "person")


def _sources() -> Iterable[Iterable[tuple[str, Entry]]]:
    registered = actor_sources.get_all()
    names = [*BUILTIN_SOURCES, *sorted(set(registered) - set(BUILTIN_SOURCES))]
    return (registered[name]() for name in names)


@dataclass
class _Built:
    """What a base index builds from the sources, kept on disk (``detente.core.cache``) between runs. The
    gazetteer and the roles knowledge base are not in it: unpickling the roles takes as long as reading them."""

    entries: dict[str, Entry]
    surnames: dict[str, set[str]]
    table: PhraseTable

    @classmethod
    def of(cls, nlp: Language, roles: RolesKB, own: dict[str, Entry]) -> _Built:
        entries = dict(own)
        for source in _sources():
            for phrase, entry in source:
                entries.setdefault(phrase, entry)
        surnames: dict[str, set[str]] = {}
        for name in roles.names():
            parts = name.split()
            if len(parts) > 1:
                surnames.setdefault(parts[-1], set()).add(roles.canonical[name])
        return cls(entries, surnames, PhraseTable(nlp, list(entries)))


#: The code that builds an index: a change to it must not load an index an older version built.
_BUILDERS = ("index.py", "gazetteer.py", "roles.py")


def _cache_key(nlp: Language) -> str | None:
    """A hash of everything the default index is built from: the bundled tables, the ``DETENTE_ROLES`` files,
    the code that reads them, and the tokenizer (model and spaCy versions); None (no cache) when a source other
    than the built-ins is registered, since its output cannot be known without running it."""
    if set(actor_sources.get_all()) - set(BUILTIN_SOURCES):
        return None
    parts: list[str | bytes] = [__version__, spacy.about.__version__, str(nlp.meta.get("name")),
                                str(nlp.meta.get("version")), settings.get("roles")]
    data = resources.files("detente.data")
    for folder in ("kb", "gazetteer"):
        for item in sorted(data.joinpath(folder).iterdir(), key=lambda entry: entry.name):
            if item.is_file():
                parts += [f"{folder}/{item.name}", item.read_bytes()]
    here = Path(__file__).parent
    parts += [(here / name).read_bytes() for name in _BUILDERS]
    for path in filter(None, settings.get("roles").split(os.pathsep)):
        parts += [path, Path(path).read_bytes()]
    return digest(parts)


class ActorIndex:
    """Every registered actor source compiled into one phrase table for a vocabulary.

    A suite's own dictionary (``extra``) gets a small table of its own on top of a shared ``base`` index, so
    the large one (about 20,000 names and aliases of the roles knowledge base) is built once per pipeline.
    """

    def __init__(self, nlp: Language, *, gazetteer: Gazetteer | None = None, roles: RolesKB | None = None,
                 extra: dict[str, tuple[str, str | None]] | None = None, base: ActorIndex | None = None) -> None:
        self.gazetteer: Gazetteer = gazetteer or (base.gazetteer if base else load_gazetteer())
        # Loaded when a person is first resolved (a tenth of a second): a cached index does not need it.
        self._roles: RolesKB | None = roles or (base._roles if base else None)
        own = {phrase: Entry(code, sector, phrase, "extra") for phrase, (code, sector) in (extra or {}).items()}
        if base is not None:
            self.entries: dict[str, Entry] = {**base.entries, **own}
            self.surnames: dict[str, set[str]] = base.surnames
            self.matchers: list[PhraseTable] = [*base.matchers, PhraseTable(nlp, list(own))]
        else:
            key = _cache_key(nlp) if gazetteer is None and roles is None and not own else None
            built = _Built.of(nlp, self.roles, own) if key is None else \
                cached("actor-index", key, lambda: _Built.of(nlp, self.roles, own))
            self.entries, self.surnames, self.matchers = built.entries, built.surnames, [built.table]
        self.organisations = {e.code for e in self.entries.values() if e.kind == "org" and e.code}

    @property
    def roles(self) -> RolesKB:
        """The roles knowledge base (the bundled one with ``DETENTE_ROLES`` unless one was given)."""
        if self._roles is None:
            self._roles = load_roles()
        return self._roles

    def matches(self, doc: Doc) -> list[Span]:
        """Every known name in the Doc (overlaps are resolved by the caller)."""
        return [doc[start:end] for matcher in self.matchers for start, end in matcher(doc)]

    def entry(self, span: Span) -> Entry | None:
        return self.entries.get(span.text)

    def cue(self, *words: str) -> str | None:
        return self.gazetteer.cues.get(" ".join(w.lower() for w in words))


def pattern_tokens(nlp: Language, phrases: list[str]) -> list[list[str]]:
    """``phrases`` split into tokens as the pipeline's tokenizer splits them, so that they match as text splits.

    A phrase of letters-only words separated by single spaces, none of them a tokenizer special case (19 of 20
    names: "Kassym Tokayev", "Gitanas Nausėda"), is split on its spaces, which is what the tokenizer does; the
    others ("Kassym-Jomart Tokayev", "Abdullah II", "U.S. Congress") go through the tokenizer (tests check that
    both agree on every phrase of the bundled data)."""
    tokenizer: Any = nlp.tokenizer  # the model's Tokenizer, typed by spaCy as a plain callable
    special = tokenizer.rules or {}
    tokens: list[list[str] | None] = [None] * len(phrases)
    hard: list[int] = []
    for number, phrase in enumerate(phrases):
        words = phrase.split(" ")
        if all(word.isalpha() and word not in special for word in words):
            tokens[number] = words
        else:
            hard.append(number)
    for number, doc in zip(hard, tokenizer.pipe([phrases[n] for n in hard]), strict=True):
        tokens[number] = [t.text for t in doc]
    return [t for t in tokens if t is not None]


class PhraseTable:
    """Exact token sequences, found in a Doc wherever they occur (overlaps included, as spaCy's PhraseMatcher does).

    Kept as string hashes by first token: building it for the ~24,000 names of the bundled data takes a tenth of
    a second (spaCy's PhraseMatcher needs a Doc per phrase, and so a lexeme per new word: about 1 s), and finding
    them costs a dictionary look-up per token."""

    def __init__(self, nlp: Language, phrases: list[str]) -> None:
        self.sequences: set[tuple[int, ...]] = set()
        lengths: dict[int, set[int]] = {}
        for tokens in pattern_tokens(nlp, phrases):
            if tokens:
                key = tuple(get_string_id(t) for t in tokens)
                self.sequences.add(key)
                lengths.setdefault(key[0], set()).add(len(key))
        self.lengths: dict[int, tuple[int, ...]] = {first: tuple(sorted(n, reverse=True))
                                                    for first, n in lengths.items()}

    def __len__(self) -> int:
        return len(self.sequences)

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every occurrence."""
        orths = doc.to_array("ORTH").tolist() if len(doc) else []
        found: list[tuple[int, int]] = []
        size = len(orths)
        for start, orth in enumerate(orths):
            lengths = self.lengths.get(orth)
            if lengths is None:
                continue
            for length in lengths:
                if start + length <= size and (length == 1 or tuple(orths[start:start + length]) in self.sequences):
                    found.append((start, start + length))
        return found


def titled_names(doc: Doc, index: ActorIndex) -> list[Span]:
    """Names right after a title word ("UK Trade Envoy Jane Quillfeather", "spokesman Wang Wenbin") that the
    entity recogniser missed: two or three capitalised proper nouns following a role noun."""
    found: list[Span] = []
    i = 1
    while i < len(doc):
        token = doc[i]
        previous = doc[i - 1]
        if token.pos_ == "PROPN" and token.is_title and previous.is_alpha and index.cue(previous.text) and \
                index.entries.get(token.text) is None:
            end = i
            while end < len(doc) and end - i < 3 and doc[end].pos_ == "PROPN" and doc[end].is_title:
                end += 1
            run = doc[i:end]
            if end - i >= 2 and run.text not in index.entries and not any(index.cue(t.text) for t in run) \
                    and previous.pos_ in ("NOUN", "PROPN"):
                span = Span(doc, i, end, label="PERSON")
                found.append(span)
                i = end
                continue
        i += 1
    return found


