"""The one set of rules for a document seen again, shared by ``ingest`` and ``extract``: by id, then by text.

An id seen again with the same text is a ``duplicate``; with another text it is ``changed`` (the earlier
version is kept and the change reported, never dropped as a duplicate), or ``updated`` when the caller asked for
updates (the last version wins). A new id whose text is already stored or seen under another id is a
``duplicate`` too: the same article scraped twice is stored once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Identities", "Known", "Outcome", "Stored", "Verdict"]

logger = logging.getLogger(__name__)

Outcome = Literal["new", "duplicate", "changed", "updated"]


@dataclass(frozen=True)
class Stored:
    """What a store holds for a document id: its content hash, status and whether events were extracted."""

    content_hash: str
    status: str = "ok"
    events_extracted: bool = True


@dataclass
class Known:
    """What a store already holds of a batch: id -> :class:`Stored`, and content hash -> the id stored with it."""

    ids: Mapping[str, Stored] = field(default_factory=dict)
    hashes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """What to do with a document: ``outcome``; ``earlier`` is the id (for a text stored under another id) and
    ``old_hash`` the hash of the version kept or replaced; ``stored`` is set when the earlier version is in the
    store rather than earlier in this run."""

    outcome: Outcome
    earlier: str | None = None
    old_hash: str | None = None
    stored: Stored | None = None


class Identities:
    """The ids and texts seen in one run, and the verdict on each next document (``update``: last wins)."""

    def __init__(self, *, update: bool = False) -> None:
        self.update = update
        self._ids: dict[str, str] = {}  # id -> content hash of the version kept
        self._hashes: dict[str, str] = {}  # content hash -> id

    def judge(self, doc_id: str, content_hash: str, known: Known | None = None) -> Verdict:
        """The verdict on one document, remembered for the next ones (``known``: what the store holds)."""
        known = known or Known()
        stored = known.ids.get(doc_id) if doc_id not in self._ids else None
        earlier_hash = self._ids.get(doc_id) or (stored.content_hash if stored else None)
        if earlier_hash is not None:
            if earlier_hash == content_hash:
                self._remember(doc_id, content_hash)
                return Verdict("duplicate", doc_id, earlier_hash, stored)
            if not self.update:
                return Verdict("changed", doc_id, earlier_hash, stored)
            self._hashes.pop(earlier_hash, None)
            self._remember(doc_id, content_hash)
            return Verdict("updated", doc_id, earlier_hash, stored)
        other = self._hashes.get(content_hash) or known.hashes.get(content_hash)
        if other is not None:
            return Verdict("duplicate", other, content_hash)
        self._remember(doc_id, content_hash)
        return Verdict("new")

    def stored_duplicate(self, doc_id: str, content_hash: str, known: Known) -> Verdict | None:
        """The duplicate verdict :meth:`judge` would give a document the store already holds as it is (the id
        with the same text, or the text under another id), without remembering it; None for anything else,
        including an id already seen in this run. The caller remembers a stored id it skips."""
        if doc_id in self._ids:
            return None
        stored = known.ids.get(doc_id)
        if stored is not None:
            return Verdict("duplicate", doc_id, content_hash, stored) if stored.content_hash == content_hash \
                else None
        other = self._hashes.get(content_hash) or known.hashes.get(content_hash)
        return Verdict("duplicate", other, content_hash) if other is not None else None

    def remember(self, doc_id: str, content_hash: str) -> None:
        """Remember an id and its text as seen in this run."""
        self._remember(doc_id, content_hash)

    def _remember(self, doc_id: str, content_hash: str) -> None:
        self._ids[doc_id] = content_hash
        self._hashes.setdefault(content_hash, doc_id)
