"""Quotes with their speakers, and numeric claims with their claimants.

Direct quotes come from the quotation marks (found per paragraph, so an unclosed quote never swallows the
next paragraph); indirect speech from reporting verbs and "according to X". Speakers are resolved through the
actor layer; a quote with no reporting verb of its own (a paragraph that continues a quote) belongs to the
last speaker.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from detente.actors.model import Actor
from detente.actors.state import DocActors
from detente.core.dates import MONTHS
from detente.core.marks import QuoteIndex
from detente.core.syntax import OBJECT_CONTROL, REPORTING, subject_of

__all__ = ["Quote", "Claim", "extract_quotes", "extract_claims", "parse_number"]

# Quotes shorter than this many words are partial quotes ("fake", "gross and egregious") inside a sentence.
PARTIAL_MAX_WORDS = 6
QUALIFIERS = ("at least", "more than", "less than", "fewer than", "up to", "as many as", "as few as", "over",
              "under", "nearly", "almost", "about", "around", "approximately", "roughly", "some", "some of",
              "at most", "no fewer than", "no more than", "upwards of", "close to", "an estimated")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "a": 1, "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_NUMBER = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?|\d+/\d+)(?P<scale>k|m|mn|bn|b|tn)?$", re.IGNORECASE)


@dataclass
class Quote:
    doc_id: str
    kind: str  # direct, partial, indirect
    text: str
    start_char: int
    end_char: int
    sentence: int
    speaker: Actor | None
    verb: str | None
    addressee: str | None
    event_ids: list[str] = field(default_factory=list)

    @property
    def quote_id(self) -> str:
        return hashlib.sha1(f"{self.doc_id}|{self.start_char}|{self.kind}".encode()).hexdigest()[:16]

    def record(self) -> dict[str, Any]:
        return {"quote_id": self.quote_id, "doc_id": self.doc_id, "kind": self.kind, "text": self.text,
                "start_char": self.start_char, "end_char": self.end_char, "sentence": self.sentence,
                "speaker": self.speaker.record() if self.speaker else None, "verb": self.verb,
                "addressee": self.addressee, "event_ids": self.event_ids}


@dataclass
class Claim:
    doc_id: str
    text: str
    value: float
    qualifier: str | None
    unit: str | None
    thing: str | None
    start_char: int
    end_char: int
    sentence: int
    claimant: Actor | None
    quote_id: str | None = None

    @property
    def claim_id(self) -> str:
        return hashlib.sha1(f"{self.doc_id}|{self.start_char}|claim".encode()).hexdigest()[:16]

    def record(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "doc_id": self.doc_id, "text": self.text, "value": self.value,
                "qualifier": self.qualifier, "unit": self.unit, "thing": self.thing, "start_char": self.start_char,
                "end_char": self.end_char, "sentence": self.sentence,
                "claimant": self.claimant.record() if self.claimant else None, "quote_id": self.quote_id}


def _sentence_index(doc: Doc, state: DocActors) -> tuple[list[Span], list[int]]:
    if "sentence_index" not in state.cache:  # computed once per document, shared with the claim finder
        sents = state.sentences()[0]
        state.cache["sentence_index"] = (sents, [s.start_char for s in sents])
    return state.cache["sentence_index"]


def _sentence_of(starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _reporting_verb(sentence: Span, state: DocActors, *, outside_quotes: bool = True) -> Token | None:
    for token in sentence:
        if token.pos_ == "VERB" and token.lemma_ in REPORTING and not (outside_quotes and state.in_quote(token)):
            return token
    return None


def _speaker_of(verb: Token, state: DocActors) -> Actor | None:

    subject = subject_of(verb)
    if subject is None or state.in_quote(subject):
        return None
    return state.resolve(subject)


def _governing_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb outside a partial quote that governs it: "accused China of 'gross and egregious' abuses"; the words
    in what one urges another to do are the urger's ("urged Britain to join a 'broad alliance'")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for ancestor in span.root.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") and not (start <= ancestor.idx < end):
            while ancestor.dep_ == "xcomp" and ancestor.head.lemma_.lower() in OBJECT_CONTROL:
                ancestor = ancestor.head
            return ancestor
    return None


def _addressee(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("PROPN", "NOUN") and verb.lemma_ in ("tell", "inform"):
            return verb.doc[child.left_edge.i : child.i + 1].text
        if child.dep_ in ("prep", "dative") and child.lower_ == "to":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return verb.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text
    return None


def _according_to(sentence: Span, state: DocActors) -> Actor | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            for child in token.nbor().children:
                if child.dep_ == "pobj":
                    return state.resolve(child)
    return None


def extract_quotes(doc: Doc, state: DocActors, *, doc_id: str) -> list[Quote]:
    sents, starts = _sentence_index(doc, state)
    quotes: list[Quote] = []
    last_speaker: Actor | None = None
    last_verb: str | None = None
    full_text = state.text  # spaCy joins the tokens on every ``doc.text``: once per document, not once per quote
    for start, end, _closed in state.quotes:
        text = full_text[start:end].strip(" ,.")
        if not text:
            continue
        number = _sentence_of(starts, start)
        sentence = sents[number]
        # The reporting verb may sit in the sentence of the quote's start or end (quotes span sentences).
        verb = _reporting_verb(sentence, state)
        last_sentence = sents[_sentence_of(starts, max(start, end - 1))]
        if verb is None and last_sentence is not sentence:
            verb = _reporting_verb(last_sentence, state)
        if verb is None and number + 1 < len(sents) and sents[number + 1].start_char <= end + 2:
            verb = _reporting_verb(sents[number + 1], state)
        words = len(text.split())
        outside = len(sentence.text) - (min(end, sentence.end_char) - max(start, sentence.start_char))
        kind = "partial" if words <= PARTIAL_MAX_WORDS and outside > 25 else "direct"
        if kind == "partial" and verb is None:
            verb = _governing_verb(doc, start, end)
        speaker = _speaker_of(verb, state) if verb is not None else _according_to(sentence, state)
        if speaker is None and verb is None and kind == "direct":
            speaker, verb_lemma = last_speaker, last_verb  # a paragraph that carries on a quote
        else:
            verb_lemma = verb.lemma_ if verb is not None else ("according to" if speaker else None)
        if speaker is not None and verb is not None and verb.lemma_ in REPORTING:
            last_speaker, last_verb = speaker, verb_lemma
        quotes.append(Quote(doc_id, kind, text, start, end, number, speaker, verb_lemma,
                            _addressee(verb) if verb is not None else None))
    quotes.extend(_indirect(doc, state, doc_id, sents, starts))
    return quotes


def _indirect(doc: Doc, state: DocActors, doc_id: str, sents: list[Span], starts: list[int]) -> list[Quote]:
    found: list[Quote] = []
    for number, sentence in enumerate(sents):
        for token in sentence:
            if token.pos_ != "VERB" or token.lemma_ not in REPORTING or state.in_quote(token):
                continue
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None or state.in_quote(clause):
                continue
            span = doc[clause.left_edge.i : clause.right_edge.i + 1]
            if state.quote_at(span.start_char) is not None:
                continue
            text = span.text.strip(" ,.")
            if text.lower().startswith("that "):
                text = text[5:]
            found.append(Quote(doc_id, "indirect", text, span.start_char, span.end_char, number,
                               _speaker_of(token, state), token.lemma_, _addressee(token)))
    return found


def parse_number(text: str) -> tuple[float, str | None] | None:
    """'100,000' -> 100000; '1m' -> 1e6; 'one million' -> 1e6; '1/3' -> 0.333 (fraction)."""
    words = text.lower().replace("-", " ").split()
    if not words:
        return None
    value: float | None = None
    unit = None
    for word in words:
        match = _NUMBER.match(word)
        if match:
            number = match["num"]
            if "/" in number:
                top, bottom = number.split("/")
                value, unit = (int(top) / int(bottom) if int(bottom) else None), "fraction"
            else:
                value = float(number.replace(",", ""))
            if match["scale"]:
                value = (value or 0) * SCALES[match["scale"].lower()]
        elif word in SCALES and value is not None:
            value *= SCALES[word]
        elif word in SCALES and value is None and word not in ("m", "b", "k"):
            value = SCALES[word]
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word] if value is None else value * NUMBER_WORDS[word]
        elif word in ("%", "percent", "per"):
            unit = "percent"
    if value is None:
        return None
    return value, unit


DURATION_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "decade", "decades"})
CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_SHORT_SCALE = re.compile(r"^\d+(?:\.\d+)?(?:k|m|mn|bn|tn)$", re.IGNORECASE)


def _is_number(token: Token) -> bool:
    return (token.like_num and not token.is_punct) or bool(_SHORT_SCALE.match(token.text)) or (
        token.lower_ in ("a", "an") and token.i + 1 < len(token.doc) and token.nbor().lower_ in SCALES)


_NUMBER_CANDIDATE = re.compile(
    r"\d|\b(?:" + "|".join(sorted((w for w in {*NUMBER_WORDS, *SCALES} if len(w) > 2), key=len, reverse=True))
    + r")\b", re.IGNORECASE)


def _number_spans(doc: Doc, text: str) -> list[Span]:
    """Stretches of number words: "up to a million", "more than 1m", "100,000", "1/3", "one million".

    Candidates are found in the text first: numbers are rare, and looking at every token costs more than the
    rest of the claim finder.
    """
    spans: list[Span] = []
    covered = -1
    # token start offsets, for a binary search instead of doc.char_span's scan (a list: numpy's searchsorted
    # converts the whole uint64 array to compare it with a Python int, a copy per number)
    offsets = doc.to_array(IDX).tolist()
    for match in _NUMBER_CANDIDATE.finditer(text):
        index = bisect.bisect_right(offsets, match.start()) - 1
        if index < 0:
            continue
        if index <= covered:
            continue
        if index > 0 and doc[index - 1].lower_ in ("a", "an") and doc[index].lower_ in SCALES:
            index -= 1  # "a million"
        token = doc[index]
        if not _is_number(token) or token.ent_type_ in ("ORDINAL", "TIME"):
            continue
        end = index + 1
        while end < len(doc) and (_is_number(doc[end]) or doc[end].lower_ in SCALES):
            end += 1
        spans.append(doc[index:end])
        covered = end - 1
    return spans


def extract_claims(doc: Doc, state: DocActors, quotes: list[Quote], *, doc_id: str) -> list[Claim]:
    sents, starts = _sentence_index(doc, state)
    claims: list[Claim] = []
    full_text = state.text
    quote_of = _direct_quote_finder(quotes)
    for span in _number_spans(doc, full_text):
        parsed = parse_number(span.text)
        if parsed is None:
            continue
        value, unit = parsed
        last = span[-1]
        following = doc[span.end] if span.end < len(doc) else None
        if last.ent_type_ == "DATE" and not (following is not None and following.lower_ in DURATION_UNITS):
            continue  # a date or a year, not a count ("in 2020", "31 October")
        if following is not None and not last.whitespace_ and following.is_alpha and following.lower_ not in SCALES:
            continue  # part of a name or code: "5G", "COVID-19"
        neighbours = [t.lower_.rstrip(".") for t in (doc[span.start - 1] if span.start else None, following) if t]
        if any(word in MONTHS for word in neighbours):
            continue  # "Jan 9", "9 January": a date spaCy did not tag
        if following is not None and following.lower_ in ("%", "percent", "per"):
            unit = "percent"
        previous = doc[span.start - 1] if span.start > 0 else None
        if previous is not None and previous.text in CURRENCY:
            unit = CURRENCY[previous.text]
        thing_token = _counted(last) or next((t for t in (_counted(x) for x in span) if t is not None), None)
        if thing_token is None and following is not None and following.lower_ in DURATION_UNITS:
            thing_token = following
        if thing_token is None and last.lower_ in SCALES:  # "1m Muslim Uighurs" parsed loosely
            ahead = doc[span.end : min(span.end + 3, len(doc))]
            nouns = [t for t in ahead if t.pos_ in ("NOUN", "PROPN")]
            if nouns and all(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in ahead[: nouns[0].i - span.end + 1]):
                thing_token = nouns[-1] if len(nouns) > 1 and nouns[-1].i == nouns[0].i + 1 else nouns[0]
        if thing_token is None and unit is None:
            continue  # a bare number (phone numbers, references, scores) claims nothing
        thing = doc[_thing_left(thing_token, span) : thing_token.i + 1].text.lower() if thing_token else None
        before = doc[max(span.start - 3, 0) : span.start].text.lower()
        qualifier = next((q for q in sorted(QUALIFIERS, key=len, reverse=True) if before.endswith(q)), None)
        start = span.start_char - (len(qualifier) + 1 if qualifier else 0)
        end = thing_token.idx + len(thing_token) if thing_token is not None and thing_token.i >= span.end \
            else span.end_char
        number = _sentence_of(starts, span.start_char)
        quote = quote_of(span.start_char)
        claimant = quote.speaker if quote is not None else _claimant(sents[number], state)
        claims.append(Claim(doc_id, full_text[start:end], value, qualifier, unit, thing, start, end, number, claimant,
                            quote.quote_id if quote else None))
    return claims


def _direct_quote_finder(quotes: list[Quote]) -> Callable[[int], Quote | None]:
    """The direct or partial quote holding a character offset, by binary search (a claim finder that scanned
    every quote for every number was quadratic on a document of quotes); the first such quote in the list, as the
    scan found it."""
    direct = QuoteIndex(sorted((q.start_char, q.end_char, True) for q in quotes if q.kind != "indirect"))
    by_span: dict[tuple[int, int], Quote] = {}
    for q in quotes:
        if q.kind != "indirect":
            by_span.setdefault((q.start_char, q.end_char), q)

    def find(char: int) -> Quote | None:
        holding = direct.at(char)
        return by_span[holding[0], holding[1]] if holding is not None else None
    return find


def _counted(token: Token) -> Token | None:
    """The noun a number counts: "23 countries", "one million Muslims", "1/3 of global GDP"."""
    if token.dep_ in ("nummod", "quantmod", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if token.head.pos_ in ("NUM",) and token.head.head.pos_ in ("NOUN", "PROPN"):
        return token.head.head
    return None


def _thing_left(noun: Token, ent: Span) -> int:
    left = noun.i
    for child in noun.lefts:
        if child.i >= ent.end and child.dep_ in ("amod", "compound"):
            left = min(left, child.i)
    return left


def _claimant(sentence: Span, state: DocActors) -> Actor | None:
    verb = _reporting_verb(sentence, state)
    if verb is not None:
        return _speaker_of(verb, state)
    return _according_to(sentence, state)
