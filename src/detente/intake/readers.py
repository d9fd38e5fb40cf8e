"""Readers for the files users actually have: txt, html, jsonl/json, csv, their .gz, directories, stdin.

Readers never raise on bad input: they yield a :class:`ReadFailure` naming the file (and line) and the
reason, and go on. Record formats are streamed so a large corpus never sits in memory; whole-document
formats (txt, html) are bounded by ``max_file_mb``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from detente.core import settings
from detente.core.records import WarningRecord
from detente.intake.decode import Decoded, Undecodable, decode_bytes, decode_line
from detente.intake.html import MAX_HTML_DEPTH, flatten_deep_nesting

__all__ = ["RawDocument", "ReadFailure", "ReadSkip", "read_paths", "FIELDS", "SUPPORTED_SUFFIXES"]

logger = logging.getLogger(__name__)

FIELDS = ("id", "text", "published", "url", "title", "source")
RECORD_SUFFIXES = {".jsonl", ".ndjson", ".json", ".csv"}
DOCUMENT_SUFFIXES = {".txt", ".text", ".html", ".htm"}
SUPPORTED_SUFFIXES = RECORD_SUFFIXES | DOCUMENT_SUFFIXES
# Enough bytes to tell text from binary and to guess a charset; more adds time, not accuracy.
SNIFF_BYTES = 64 * 1024
# Fewer words than this after extraction is a menu or a stub ("Home"), not an article.
MIN_ARTICLE_WORDS = 15
# CSV cells holding whole articles exceed the csv module's 128 KB default.
csv.field_size_limit(64 * 1024 * 1024)


@dataclass
class RawDocument:
    """One article as read, before cleaning."""

    text: str
    origin: str
    format: str
    line: int | None = None
    id: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    raw: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    warnings: list[WarningRecord] = field(default_factory=list)


@dataclass
class ReadFailure:
    """A file or record that could not be read, with the reason."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line is not None else f"{self.path}: {self.reason}"


@dataclass
class ReadSkip:
    """A file deliberately not read (hidden or unsupported type inside a directory)."""

    path: str
    reason: str


Item = RawDocument | ReadFailure | ReadSkip


def read_paths(paths: Iterable[str | Path], *, field_map: dict[str, str] | None = None) -> Iterator[Item]:
    """Yield documents, failures and skips from files, directories or ``-`` (stdin), in a stable order."""
    mapping = {name: name for name in FIELDS}
    mapping.update(field_map or {})
    for given in paths:
        if str(given) == "-":
            yield from _read_stdin(mapping)
            continue
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    yield ReadSkip(str(child), "hidden file")
                    continue
                if _format_of(child) is None:
                    yield ReadSkip(str(child), f"unsupported file type '{child.suffix or '(none)'}'")
                    continue
                yield from _read_file(child, mapping)
        elif path.exists():
            yield from _read_file(path, mapping)
        else:
            yield ReadFailure(str(path), "no such file or directory")


def _format_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "csv"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".txt", ".text"):
        return "txt"
    return None


def _read_file(path: Path, mapping: dict[str, str]) -> Iterator[Item]:
    name = str(path)
    fmt = _format_of(path) or "txt"  # an explicitly named file without a known suffix is sniffed as text
    try:
        if path.stat().st_size == 0:
            yield ReadFailure(name, "empty file")
            return
        with _open_binary(path) as handle:
            yield from _read_stream(handle, name, fmt, mapping)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield ReadFailure(name, f"cannot read file: {error}")


def _open_binary(path: Path) -> BinaryIO:
    """The file's bytes, through gzip for ``.gz``."""
    if path.suffix.lower() == ".gz":
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _read_stdin(mapping: dict[str, str]) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    head = data.lstrip()[:1]
    fmt = "jsonl" if head == b"{" else "json" if head == b"[" else "html" if head == b"<" else "txt"
    yield from _read_stream(io.BytesIO(data), "<stdin>", fmt, mapping)


def _read_stream(handle: BinaryIO, name: str, fmt: str, mapping: dict[str, str]) -> Iterator[Item]:
    head = handle.read(SNIFF_BYTES)
    if not head.strip():
        yield ReadFailure(name, "empty file")
        return
    sniffed = decode_bytes(head, final=False)
    if isinstance(sniffed, Undecodable):
        yield ReadFailure(name, sniffed.reason)
        return
    if fmt in ("jsonl", "csv"):
        yield from _records(head, handle, name, fmt, mapping, sniffed.encoding)
        return
    limit = int(float(settings.get("max_file_mb")) * 1024 * 1024)
    rest = handle.read(limit + 1 - len(head)) if len(head) <= limit else b""
    data = head + rest
    if len(data) > limit:
        yield ReadFailure(name, f"file larger than the {limit // (1024 * 1024)} MB limit for whole documents "
                                "(set DETENTE_MAX_FILE_MB, or split it into JSONL records)")
        return
    decoded = decode_bytes(data)
    if isinstance(decoded, Undecodable):
        yield ReadFailure(name, decoded.reason)
        return
    if not decoded.text.strip():  # a byte-order mark and spaces: no bytes of text, as empty as an empty file
        yield ReadFailure(name, "empty file (no text after decoding)")
        return
    for warning in decoded.warnings:
        logger.warning("%s: %s", name, warning["detail"])
    for item in _whole(decoded, name, fmt, mapping):
        if isinstance(item, RawDocument):
            item.encoding = decoded.encoding
            item.warnings = [*decoded.warnings, *item.warnings]
        yield item


def _records(head: bytes, handle: BinaryIO, name: str, fmt: str, mapping: dict[str, str],
             encoding: str) -> Iterator[Item]:
    lines = _decoded_lines(head, handle, encoding)
    items = _read_jsonl(lines, name, mapping) if fmt == "jsonl" else _read_csv(lines, name, mapping)
    empty = True
    for item in items:
        empty = False
        if isinstance(item, RawDocument):
            item.encoding = item.encoding or encoding
        yield item
    if empty:  # a header alone, blank lines, a bare byte-order mark: still an input, so it is reported
        yield ReadFailure(name, "no records in file")


def _whole(decoded: Decoded, name: str, fmt: str, mapping: dict[str, str]) -> Iterator[Item]:
    text = decoded.text
    if fmt == "json":
        yield from _read_json(text, name, mapping)
    elif fmt == "html":
        yield _read_html(text, name)
    else:
        yield RawDocument(text=text, origin=name, format="txt", raw=text)


def _decoded_lines(head: bytes, handle: BinaryIO, encoding: str) -> Iterator[tuple[int, Decoded | None]]:
    """Yield (line number, decoded line) and (line number, None) for a line that does not decode."""
    stream = io.BufferedReader(_Chain(head, handle))
    if encoding.lower().startswith(("utf-16", "utf-32")):
        # Wide encodings cannot be split on the byte b"\n"; decode the stream as a whole.
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        for number, line in enumerate(text, 1):
            yield number, (None if "\ufffd" in line else Decoded(line, encoding))
        return
    for number, raw in enumerate(stream, 1):
        yield number, decode_line(raw, encoding)


class _Chain(io.RawIOBase):
    """A raw stream that replays the sniffed head before the rest of the file."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _record(values: dict, name: str, line: int | None, fmt: str, mapping: dict[str, str]) -> Item:
    text = values.get(mapping["text"])
    if not isinstance(text, str) or not text.strip():
        column = mapping["text"]
        return ReadFailure(name, f"record has no text (field '{column}' missing or empty)", line)
    doc = RawDocument(text=text, origin=name, format=fmt, line=line, raw=text)
    for key in ("id", "published", "url", "title", "source"):
        value = values.get(mapping[key])
        if value not in (None, ""):
            setattr(doc, key, str(value))
    known = set(mapping.values())
    doc.metadata = {k: str(v) for k, v in values.items() if k not in known and isinstance(v, str | int | float)}
    return doc


def _read_jsonl(lines: Iterable[tuple[int, Decoded | None]], name: str, mapping: dict[str, str]) -> Iterator[Item]:
    for number, decoded in lines:
        if decoded is None:
            yield ReadFailure(name, "undecodable bytes", number)
            continue
        line = decoded.text
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield ReadFailure(name, f"malformed JSON: {error.msg} (column {error.colno})", number)
            continue
        except RecursionError:
            yield ReadFailure(name, "malformed JSON: nested too deeply", number)
            continue
        if not isinstance(value, dict):
            yield ReadFailure(name, f"expected a JSON object, got {type(value).__name__}", number)
            continue
        item = _record(value, name, number, "jsonl", mapping)
        if isinstance(item, RawDocument) and decoded.warnings:
            item.warnings = list(decoded.warnings)
        yield item


def _read_json(text: str, name: str, mapping: dict[str, str]) -> Iterator[Item]:
    try:
        value = json.loads(text)
    except RecursionError:
        yield ReadFailure(name, "malformed JSON: nested too deeply")
        return
    except json.JSONDecodeError:
        # Many ".json" corpora are really JSON Lines.
        yield from _read_jsonl(((n, Decoded(t, "")) for n, t in enumerate(text.split("\n"), 1)), name, mapping)
        return
    if isinstance(value, dict):
        nested = next((value[k] for k in ("documents", "articles", "items", "data") if isinstance(value.get(k), list)),
                      None)
        records = nested if nested is not None else [value]
    elif isinstance(value, list):
        records = value
    else:
        yield ReadFailure(name, f"expected JSON objects, got {type(value).__name__}")
        return
    for index, item in enumerate(records, 1):
        if isinstance(item, dict):
            yield _record(item, name, index, "json", mapping)
        else:
            yield ReadFailure(name, f"item {index} is not a JSON object", index)


def _read_csv(lines: Iterator[tuple[int, Decoded | None]], name: str, mapping: dict[str, str]) -> Iterator[Item]:
    bad: list[int] = []
    pending: list[WarningRecord] = []  # repairs in the lines of the row being read

    def good_lines() -> Iterator[str]:
        for number, decoded in lines:
            if decoded is None:
                bad.append(number)
                continue
            pending.extend(decoded.warnings)
            yield decoded.text

    reader = csv.DictReader(good_lines())
    try:
        for row in reader:
            while bad:
                yield ReadFailure(name, "undecodable bytes", bad.pop(0))
            if None in row:
                yield ReadFailure(name, "row has more cells than the header", reader.line_num)
                continue
            item = _record(row, name, reader.line_num, "csv", mapping)
            if isinstance(item, RawDocument) and pending:
                item.warnings = list(pending)
            pending.clear()
            yield item
    except csv.Error as error:
        yield ReadFailure(name, f"malformed CSV: {error}", reader.line_num)
    for number in bad:
        yield ReadFailure(name, "undecodable bytes", number)
    if reader.fieldnames and mapping["text"] not in reader.fieldnames:
        logger.warning("%s: no '%s' column; use --field text=COLUMN", name, mapping["text"])


def _read_html(html: str, name: str) -> Item:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    flat, dropped = flatten_deep_nesting(html)
    result = trafilatura.bare_extraction(
        flat, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        return ReadFailure(name, "no article text found in HTML")
    # trafilatura separates paragraphs with one newline; the sentence splitter relies on blank lines.
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    doc = RawDocument(text=text, origin=name, format="html", raw=html)
    if dropped:
        doc.warnings.append(WarningRecord(stage="read", kind="html-nesting", count=dropped, offset=None,
                                          detail=f"{dropped} HTML tags nested deeper than {MAX_HTML_DEPTH} levels "
                                                 "removed before extraction (their text kept)"))
    doc.title = getattr(result, "title", None) or None
    doc.url = getattr(result, "url", None) or None
    doc.source = getattr(result, "sitename", None) or None
    date = getattr(result, "date", None)
    if date:
        doc.published = str(date)
        doc.metadata["published_from"] = "html-metadata"
    return doc
