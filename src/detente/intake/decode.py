"""Bytes to text without guessing wrong: byte-order marks, UTF-16 without one, strict UTF-8 (a few stray bytes
repaired and recorded), and only then a charset guess, which is reported when it reads UTF-8 as mojibake.

A wrong guess is worse than a reported repair: one stray ``\\xff`` in a UTF-8 article once sent the whole article
to a charset detector, which read every ``’`` as ``‚Äô`` with status ok. So the order here puts the evidence
first: valid multi-byte UTF-8 sequences almost never occur by chance in a legacy charset, and NUL bytes at every
other position are what ASCII-range text in UTF-16 looks like.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field

import charset_normalizer

from detente.core.records import WarningRecord
from detente.intake.clean import CONTROL_CHARACTERS

__all__ = [
    "Decoded",
    "MAX_CONTROL_SHARE",
    "UTF8_EVIDENCE_RATIO",
    "UTF16_NUL_SHARE",
    "Undecodable",
    "decode_bytes",
    "decode_line",
]

logger = logging.getLogger(__name__)

#: Bytes that are not all valid UTF-8 are still read as UTF-8 (each invalid sequence replaced by U+FFFD and
#: recorded) when their valid multi-byte characters outnumber the invalid sequences at least this many times.
#: A legacy charset (cp1252, Latin-1, mac_roman) almost never forms a valid multi-byte sequence by chance: that
#: takes a lead byte (Â-ô) followed by exactly the right number of bytes in 0x80-0xBF, which are punctuation and
#: symbols there. Many such sequences beside a few invalid bytes are UTF-8 damaged in transit; a few beside many
#: invalid bytes are a legacy charset. Text with no multi-byte character at all (ASCII plus a stray byte) is no
#: evidence for UTF-8 either way, and goes to detection, where cp1252 reads 0x92 as ’ as its writer meant.
UTF8_EVIDENCE_RATIO = 2
#: ASCII-range text in UTF-16 has a NUL in every other byte: at odd positions little-endian, even big-endian.
#: Without a byte-order mark, a head where at least this share of one side's bytes are NUL, and the other side
#: has under a tenth as many, is UTF-16 of that byte order. Text in a byte charset has no NULs; binary data
#: rarely has them on one side only.
UTF16_NUL_SHARE = 0.6
#: Bytes of the head looked at for the UTF-16 NUL pattern (an even number).
UTF16_SAMPLE = 4096
#: Decoded text whose control characters (other than tab, newline, carriage return, form feed) exceed this share
#: of its characters is binary data that happened to decode, not text with a few stray controls.
MAX_CONTROL_SHARE = 0.1
#: Characters of the decoded text looked at for that share.
CONTROL_SAMPLE = 64 * 1024
#: A charset guess whose decoded head the detector rates more chaotic than this is refused, not used.
MAX_GUESS_CHAOS = 0.3

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# A well-formed multi-byte UTF-8 character, to show what a legacy guess made of one.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass(frozen=True)
class Decoded:
    """Text, the encoding it was read with, and what decoding had to do to it."""

    text: str
    encoding: str
    warnings: list[WarningRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Undecodable:
    """Bytes that are not text in any encoding Detente trusts, with the reason."""

    reason: str


@dataclass(frozen=True)
class _Utf8:
    text: str
    invalid: int  # invalid sequences, each replaced by one U+FFFD
    multibyte: int  # valid multi-byte characters
    first_invalid: int | None  # byte offset

    @property
    def mostly_valid(self) -> bool:
        return self.multibyte > 0 and self.multibyte >= UTF8_EVIDENCE_RATIO * self.invalid


def decode_bytes(data: bytes, *, final: bool = True) -> Decoded | Undecodable:
    """Decode ``data`` (a whole file, or with ``final=False`` the head of one, whose last character may be cut).

    BOM, then UTF-16 without BOM, then strict UTF-8, then UTF-8 with a few stray bytes replaced, then a guess
    (cp1252, else the charset detector); NUL bytes outside UTF-8 and UTF-16 mean binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_wide(data, encoding, final=final))
    wide = _utf16_without_bom(data)
    if wide is not None:
        return _checked(_wide(data, wide, final=final))
    utf8 = _utf8(data, final=final)
    if utf8.invalid == 0:
        return _checked(Decoded(utf8.text, "utf-8"))
    if utf8.mostly_valid:
        return _checked(Decoded(utf8.text, "utf-8", [_stray(utf8)]))
    if b"\x00" in data:
        return Undecodable("binary file (contains NUL bytes)")
    return _guess(data, utf8, final=final)


def decode_line(raw: bytes, encoding: str) -> Decoded | None:
    """One line of a record file whose encoding was settled from its head; None if it does not decode.

    A UTF-8 line gets the same stray-byte rule as a whole file; a line in a legacy charset must decode strictly,
    and is reported when it holds UTF-8 read as mojibake."""
    if encoding in ("utf-8", "utf-8-sig"):
        utf8 = _utf8(raw.removeprefix(b"\xef\xbb\xbf") if encoding == "utf-8-sig" else raw, final=True)
        if utf8.invalid == 0:
            return Decoded(utf8.text, encoding)
        return Decoded(utf8.text, encoding, [_stray(utf8)]) if utf8.mostly_valid else None
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    mojibake = _mojibake(raw, encoding)
    return Decoded(text, encoding, [mojibake] if mojibake else [])


def _utf8(data: bytes, *, final: bool) -> _Utf8:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    text = decoder.decode(data, final=final)
    # U+FFFD written as valid UTF-8 in the input is a character, not a repair.
    invalid = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if not invalid:
        return _Utf8(text, 0, 0, None)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    try:
        data.decode("utf-8")
        first = None
    except UnicodeDecodeError as error:
        first = error.start
    return _Utf8(text, invalid, non_ascii - invalid, first)


def _stray(utf8: _Utf8) -> WarningRecord:
    detail = (f"{utf8.invalid} invalid UTF-8 byte sequence{'s' if utf8.invalid != 1 else ''} replaced by U+FFFD "
              f"(first at byte {utf8.first_invalid}) in text that is otherwise UTF-8 "
              f"({utf8.multibyte} valid multi-byte characters)")
    return WarningRecord(stage="decode", kind="stray-bytes", count=utf8.invalid, offset=utf8.first_invalid,
                         detail=detail)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[: UTF16_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= UTF16_NUL_SHARE * half and even * 10 < odd:
        return "utf-16-le"
    if even >= UTF16_NUL_SHARE * half and odd * 10 < even:
        return "utf-16-be"
    return None


def _wide(data: bytes, encoding: str, *, final: bool) -> Decoded:
    """UTF-16/32 text; a broken code unit is replaced and recorded (there is no better reading of it)."""
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    text = decoder.decode(data, final=final)
    replaced = text.count("\ufffd") - _count_wide_fffd(data, encoding)
    if replaced <= 0:
        return Decoded(text, encoding)
    try:
        data.decode(encoding)
        first: int | None = None
    except UnicodeDecodeError as error:
        first = error.start
    return Decoded(text, encoding, [WarningRecord(
        stage="decode", kind="stray-bytes", count=replaced, offset=first,
        detail=f"{replaced} invalid {encoding} code unit{'s' if replaced != 1 else ''} replaced by U+FFFD "
               f"(first at byte {first})")])


def _count_wide_fffd(data: bytes, encoding: str) -> int:
    try:
        return data.decode(encoding, errors="ignore").count("\ufffd")
    except LookupError:
        return 0


def _guess(data: bytes, utf8: _Utf8, *, final: bool) -> Decoded | Undecodable:
    """Not UTF-8: cp1252 if it decodes cleanly, else the charset detector's best guess if it is not chaos."""
    body = data if final else _drop_cut_tail(data)
    try:
        # Windows-1252 is what non-UTF-8 English and Western European news almost always is; it has five
        # undefined bytes, so text that decodes with it and has no control characters is taken as it.
        text = body.decode("cp1252")
        if not CONTROL_CHARACTERS.search(text):
            return _checked(_with_mojibake(Decoded(text, "cp1252"), data, utf8))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    if best is None or best.encoding is None:
        return Undecodable("binary or undecodable bytes (no text encoding fits)")
    if best.chaos > MAX_GUESS_CHAOS:
        return Undecodable(f"undecodable bytes (best guess {best.encoding} looks garbled)")
    try:
        text = body.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as error:
        start = getattr(error, "start", "?")
        return Undecodable(f"undecodable bytes at offset {start} as {best.encoding}")
    return _checked(_with_mojibake(Decoded(text, best.encoding), data, utf8))


def _drop_cut_tail(head: bytes) -> bytes:
    """A head without a possibly cut last multi-byte character (for charsets of up to four bytes a character)."""
    return head if len(head) < 4 else head[:-3] if any(b >= 0x80 for b in head[-3:]) else head


def _with_mojibake(decoded: Decoded, data: bytes, utf8: _Utf8) -> Decoded:
    if utf8.multibyte <= 0:
        return decoded
    warning = _mojibake(data, decoded.encoding)
    return Decoded(decoded.text, decoded.encoding, [*decoded.warnings, warning]) if warning else decoded


def _mojibake(data: bytes, encoding: str) -> WarningRecord | None:
    """A warning when ``data`` holds well-formed UTF-8 characters that ``encoding`` reads as something else."""
    matches = [m for m in _UTF8_MULTIBYTE.finditer(data)]
    if not matches:
        return None
    first = matches[0]
    seen = first.group().decode(encoding, errors="replace")
    meant = first.group().decode("utf-8", errors="replace")
    logger.debug("mojibake: %r read as %r", meant, seen)
    return WarningRecord(
        stage="decode", kind="mojibake", count=len(matches), offset=first.start(),
        detail=f"read as {encoding}, but {len(matches)} byte sequence{'s' if len(matches) != 1 else ''} "
               f"look like UTF-8 read wrongly (first at byte {first.start()}: {meant!r} shows as {seen!r}); "
               "the file may be UTF-8 with damaged bytes")


def _checked(decoded: Decoded) -> Decoded | Undecodable:
    """Refuse decoded text that is mostly control characters: binary data that happened to decode."""
    sample = decoded.text[:CONTROL_SAMPLE]
    if sample and len(CONTROL_CHARACTERS.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        return Undecodable(f"binary file (mostly control characters as {decoded.encoding})")
    return decoded
