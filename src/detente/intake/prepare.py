"""Turn a raw document into a clean, dated, identified one, ready for the store and the NLP stages."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date

from detente.core.records import WarningRecord
from detente.intake.clean import Removal, clean_text, strip_controls
from detente.intake.language import detect_language
from detente.intake.pubdate import find_dateline, find_text_date, parse_date, parse_published
from detente.intake.readers import RawDocument

__all__ = ["Document", "content_hash", "identity", "prepare"]

logger = logging.getLogger(__name__)

_WS = re.compile(r"\s+")


def _where(raw: RawDocument) -> str:
    return f"{raw.origin}:{raw.line}" if raw.line is not None else raw.origin


def content_hash(text: str) -> str:
    """Hash of the whitespace- and case-normalised text: the same article scraped twice hashes the same
    (``surrogatepass``: a lone surrogate from a JSON escape must not make hashing fail)."""
    return hashlib.sha256(_WS.sub(" ", text).strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()


def identity(raw: RawDocument) -> tuple[str, str]:
    """(document id, content hash) of a raw document, as :func:`prepare` gives them: both come from the raw
    text, so an ingest can tell a stored document before it cleans it."""
    digest = content_hash(raw.text)
    return (str(raw.id) if raw.id else f"doc-{digest[:16]}"), digest


@dataclass
class Document:
    """A cleaned article: what the NLP stages read and the store keeps."""

    doc_id: str
    text: str
    published: date | None = None
    published_from: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""
    line: int | None = None
    format: str = "txt"
    raw_text: str = ""
    content_hash: str = ""
    language: str = "en"
    status: str = "ok"
    removals: list[Removal] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    warnings: list[WarningRecord] = field(default_factory=list)

    def row(self) -> dict:
        return {
            "doc_id": self.doc_id, "origin": self.origin, "line": self.line, "format": self.format,
            "title": self.title, "url": self.url, "source": self.source, "published": self.published,
            "published_from": self.published_from, "raw_text": self.raw_text, "clean_text": self.text,
            "content_hash": self.content_hash, "language": self.language, "status": self.status,
            "removals": [r.as_dict() for r in self.removals], "metadata": self.metadata,
            "encoding": self.encoding, "warnings": self.warnings,
        }


def _plain(value: str) -> str:
    return strip_controls(value)[0]


def prepare(raw: RawDocument) -> Document:
    """Clean, date, identify and language-check one raw document (never raises on content)."""
    # HTML text comes from trafilatura without the page chrome; the line rules still catch widgets inside it.
    cleaned = clean_text(raw.text)
    cleaned_text, removals, header = cleaned.text, cleaned.removals, cleaned.date_header

    published, published_from, rejected = None, None, None
    if raw.published is not None:  # 0 and False are values given, to be parsed or rejected, not ignored
        published, rejected = parse_published(raw.published)
        published_from = raw.metadata.get("published_from", "field") if published else None
        if rejected:
            logger.warning("%s: published %s; dated from the text if it can be", _where(raw), rejected)
    if published is None and header:
        published = parse_date(header)
        published_from = "date-header" if published else None
    if published is None:
        found, line = find_dateline(cleaned_text)
        if found:
            published, published_from = found, f"dateline: {line}"
    if published is None:
        found, line = find_text_date(cleaned_text)
        if found:
            published, published_from = found, f"text date: {(line or '')[:80]}"

    doc_id, digest = identity(raw)
    doc = Document(
        doc_id=doc_id,
        text=cleaned_text,
        published=published,
        published_from=published_from,
        title=raw.title,
        url=raw.url,
        source=raw.source,
        origin=raw.origin,
        line=raw.line,
        format=raw.format,
        raw_text=raw.raw if raw.raw is not None else raw.text,
        content_hash=digest,
        removals=list(removals),
        metadata={k: _plain(v) for k, v in raw.metadata.items() if k != "published_from"},
        encoding=raw.encoding,
        warnings=[*raw.warnings, *cleaned.warnings],
    )
    # The fields beside the text are stored as they are: no control character or lone surrogate may reach them.
    doc.title, doc.url, doc.source = (_plain(v) if v is not None else None for v in (raw.title, raw.url, raw.source))
    doc.raw_text = _plain(doc.raw_text)
    if rejected:  # the value as given, so nothing the user supplied is lost
        doc.metadata.update(published_raw=str(raw.published), published_rejected=rejected)
    if not cleaned_text.strip():
        doc.status = "failed: no text after cleaning"
        return doc
    language, _ = detect_language(cleaned_text)
    doc.language = language
    if language != "en":
        doc.status = f"skipped: language {language}"
    return doc

