"""Pronouns: "he" after a person, "we" as the author or a quote's speaker, "you" in quotes."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from detente.actors.model import CONFIDENCE, FIRST_PERSON, NON_PERSON, SECOND_PERSON, THIRD_PERSON, Actor, Person
from detente.core.syntax import REPORTING
from detente.core.words import words

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["PronounsMixin"]

# Head nouns of a title that names one person ("the Prime Minister", "the Foreign Secretary").
PERSON_TITLES = words("person_title_heads")


class PronounsMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _pronoun(self: DocActors, token: Token) -> Actor | None:
        lower = token.lower_
        quoted = self.in_quote(token)
        if lower in THIRD_PERSON:
            return self._third_person_pronoun(token)
        if lower in NON_PERSON and token.dep_ == "poss":
            return self._owner_subject(token) or self._last_thing_subject(token)
        if lower in NON_PERSON and token.dep_ in ("nsubj", "nsubjpass"):
            return self._last_thing_subject(token)
        if lower in FIRST_PERSON:
            return self._first_person_pronoun(token, lower, quoted)
        if lower in SECOND_PERSON and quoted:
            return self._second_person_pronoun(token)
        return None

    def _third_person_pronoun(self: DocActors, token: Token) -> Actor | None:
        """"he", "she", "they": a subject named by a title after the last person, else that person, else the
        last office holder (one helper per person of the pronoun keeps ``_pronoun`` a dispatch)."""
        person = self._last_person(token)
        titled = self._titled_subject(token)
        if titled is not None and (person is None or titled[0] > max([person.first, *person.subject_at])):
            named = titled[1]
            return Actor(token.text, named.name, named.code, named.sector, "pronoun", CONFIDENCE["pronoun"],
                         token.idx, token.idx + len(token), token.i)
        if person is not None:
            return self._from_person(token, person, "pronoun")
        holder = self._last_office_holder(token)
        if holder is not None:
            return Actor(token.text, holder.name, holder.code, holder.sector, "pronoun", 0.5,
                         token.idx, token.idx + len(token), token.i)
        return None

    def _first_person_pronoun(self: DocActors, token: Token, lower: str, quoted: bool) -> Actor | None:
        """"I", "we": inside a quotation the speaker (else, in a published statement, its author); outside one
        the author."""
        if quoted:
            person = self._speaker(token)
            if person is None and self.publisher is not None:
                # a statement published by a government quoting its own minister, or a Hansard speech
                # printed in quotation marks: with no other speaker named, the words are the author's side
                author = self._as_author(token)
                if author is not None:
                    return author
            if person is None:
                return None
            sector = person.sector if lower in ("i", "me", "my") else (person.sector or "GOV")
            return self._from_person(token, person, "pronoun", sector=sector)
        return self._as_author(token)

    def _as_author(self: DocActors, token: Token) -> Actor | None:
        """The pronoun as the document's author, when the document has one (written once for both uses)."""
        author = self._author()
        if author is not None:
            return Actor(token.text, author.name, author.code, author.sector, "author",
                         CONFIDENCE["author"], token.idx, token.idx + len(token), token.i)
        return None

    def _second_person_pronoun(self: DocActors, token: Token) -> Actor | None:
        """A quoted "you": the last government actor before it that is not the speaker's state."""
        speaker = self._speaker(token)
        for candidate in reversed(range(token.i)):
            actor = self.memo.get(candidate)
            if actor and actor.code and (speaker is None or actor.code != speaker.code) and actor.method in (
                    "gazetteer", "title", "roles", "modifier") and actor.sector == "GOV":
                return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.4,
                             token.idx, token.idx + len(token), token.i)
        return None

    def _from_person(self: DocActors, token: Token, person: Person, method: str, sector: str | None = None) -> Actor:
        return Actor(token.text, person.key, person.code, sector or person.sector, method, CONFIDENCE[method],
                     token.idx, token.idx + len(token), token.i)

    def _titled_subject(self: DocActors, token: Token) -> tuple[int, Actor] | None:
        """"The Prime Minister began by ... He offered his thanks": a person the text names only by a title, as
        the subject of the sentence before, is who "he" or "she" continues with (a name met later in an object,
        "spoke to Prime Minister Netanyahu", is less salient than that subject)."""
        if self.in_quote(token):
            return None
        earlier = self.sentences_before(token.sent, 1)
        if not earlier:
            return None
        root = earlier[-1].root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.lemma_.lower() not in PERSON_TITLES or subject.tag_ not in ("NN", "NNP"):
            return None
        actor = self.resolve(subject)
        return (subject.i, actor) if actor is not None and actor.code else None

    def _last_person(self: DocActors, token: Token) -> Person | None:
        """The most salient person before ``token``: the last one who was a clause subject, else the last one."""
        self._people_until(token.i)
        before = [p for p in self.persons if p.first < token.i and p.code]
        if not before:
            return None
        # each person's subject positions are kept sorted: the last one before the token is a binary search
        # (scanning them all for every pronoun was quadratic in the mentions of a long article)
        subjects = [(p.subject_at[at - 1], p) for p in before
                    if (at := bisect.bisect_left(p.subject_at, token.i))]
        if subjects:
            return max(subjects, key=lambda pair: pair[0])[1]
        return before[-1]

    def _people_until(self: DocActors, index: int) -> None:
        """Resolve the named persons before ``index`` so that the person list is complete up to there."""
        # the persons' first tokens in order, sorted once per document (hits are all marked when the state is
        # built): sorting every hit for every pronoun was quadratic on a long article. Those before the cursor
        # are resolved already (resolution is memoised), so each is visited once per document, not per pronoun.
        key = f"person_starts {len(self.hits)}"
        if key not in self.cache:
            self.cache[key] = [(i, span) for i, (span, entry) in sorted(self.hits.items())
                               if entry.kind == "person" and i == span.start]
            self.cache[f"{key} cursor"] = 0
        starts = self.cache[key]
        while (at := self.cache[f"{key} cursor"]) < len(starts) and starts[at][0] < index:
            self.resolve(starts[at][1].root)
            self.cache[f"{key} cursor"] = max(self.cache[f"{key} cursor"], at + 1)

    def _speaker(self: DocActors, token: Token) -> Person | None:
        """Who says a quote: the subject of a reporting verb in the sentence, else in the sentence just before it
        (news style: 'A Pentagon spokesman told VOA that ... "We continue ..."'), else the last person met. A
        quote of several sentences is attributed where it closes ('"... It must stop. ..." a statement said')."""
        sentence = token.sent
        found = self._reporting_subject(sentence)
        closing = self._closing_sentence(token)
        if found is None and closing is not None and closing.start != sentence.start:
            found = self._reporting_subject(closing)
        if found is None and sentence.start > 0:
            before = self.doc[sentence.start - 1].sent
            if not self.in_quote(before.root):
                found = self._reporting_subject(before)
        return found if found is not None else self._last_person(token)

    def _closing_sentence(self: DocActors, token: Token) -> Span | None:
        """The sentence in which the quote holding ``token`` closes."""
        quote = self.quote_at(token.idx)
        if quote is None:
            return None
        start, end, _ = quote
        last = self.doc.char_span(max(start, end - 1), end, alignment_mode="expand")
        return last[0].sent if last is not None and len(last) else None

    def _reporting_subject(self: DocActors, sentence: Span) -> Person | None:
        """The coded subject of a reporting verb outside quotes in ``sentence``, if any."""
        for candidate in sentence:
            if candidate.lemma_ in REPORTING and candidate.pos_ == "VERB" and not self.in_quote(candidate):
                for child in candidate.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(child):
                        if child.pos_ == "PRON":
                            return self._last_person(child)
                        actor = self.resolve(child)
                        if actor and actor.code:
                            return Person(actor.name or actor.text, actor.text.split()[-1], actor.code,
                                          actor.sector, "", child.i)
        return None

    def _owner_subject(self: DocActors, token: Token) -> Actor | None:
        """"Iran said its foreign minister criticised ...", "Iran denies arming the Houthis and its foreign
        minister ...": a possessive "its" is the body that is the subject of a clause around it."""
        for ancestor in token.head.ancestors:
            if ancestor.pos_ not in ("VERB", "AUX"):
                continue
            nearer = self._nearer_owner(ancestor, token)
            if nearer is not None:
                return nearer
            for subject in ancestor.children:
                if subject.dep_ == "nsubj" and subject.i < token.i and subject.pos_ in ("NOUN", "PROPN") \
                        and subject.ent_type_ != "PERSON" and not _plural(subject) and token not in subject.subtree:
                    actor = self.resolve(subject)
                    if actor is not None and actor.code:
                        return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.5,
                                     token.idx, token.idx + len(token), token.i)
        return None

    def _nearer_owner(self: DocActors, verb: Token, token: Token) -> Actor | None:
        """"hold the Russian Federation accountable for its war": a singular body the verb acts on, between
        its subject and "its", is the nearer antecedent ("arming the Houthis and its minister": a plural is not)."""
        for obj in verb.children:
            if obj.dep_ in ("dobj", "nsubjpass") and obj.i < token.i and token not in obj.subtree and not _plural(obj):
                actor = self.resolve(obj)
                if actor is not None and actor.code and obj.ent_type_ != "PERSON":
                    return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.5,
                                 token.idx, token.idx + len(token), token.i)
        return None

    def _last_thing_subject(self: DocActors, token: Token) -> Actor | None:
        """"the Global Times ... when it demanded": the last non-person actor that was a subject nearby."""
        start = max(token.sent.start - 60, 0)
        for index in range(token.i - 1, start - 1, -1):
            candidate = self.doc[index]
            if candidate.dep_ == "nsubj" and candidate.pos_ in ("NOUN", "PROPN") and candidate.ent_type_ != "PERSON" \
                    and not _plural(candidate):
                actor = self.resolve(candidate)
                if actor is not None and actor.code:
                    return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.5,
                                 token.idx, token.idx + len(token), token.i)
        return None

    def _last_office_holder(self: DocActors, token: Token) -> Actor | None:
        """"The US president will attend ..., where he is expected to ...": an unnamed office holder."""
        for index in range(token.i - 1, max(token.i - 200, -1), -1):
            candidate = self.doc[index]
            if candidate.dep_ == "nsubj" and candidate.pos_ == "NOUN":
                actor = self.resolve(candidate)
                if actor is not None and actor.code and actor.sector == "GOV":
                    return actor
        return None


def _plural(noun: Token) -> bool:
    """"crowds", "the Houthis": a plural noun is never what "it" or "its" stands for."""
    return noun.tag_ in ("NNS", "NNPS") or (noun.tag_ == "NNP" and noun.text.endswith("s") and noun.ent_type_ != "GPE")
