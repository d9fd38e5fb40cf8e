"""Names and titles: "UK Foreign Secretary Dominic Raab", "Mr Raab", "the foreign secretary"."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from detente.actors.model import GOVERNMENT_ERA_NOUNS, HONORIFICS, INSTITUTION_NOUNS, MODIFIER_DEPS, Actor, Person

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["PersonsMixin"]


class PersonsMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _person(self: DocActors, token: Token, span: Span) -> Actor | None:
        if span.start in self._resolving:
            return None  # two names in each other's titles: stop instead of recursing
        self._resolving.add(span.start)
        try:
            return self._person_inner(token, span)
        finally:
            self._resolving.discard(span.start)

    def _person_inner(self: DocActors, token: Token, span: Span) -> Actor | None:
        hit = self.hits.get(span.start)
        named = hit[1].name if hit is not None and hit[1].kind == "person" else span.text
        key = self.index.roles.canonical.get(span.text) or self.index.roles.canonical.get(named) or named
        parts = [p for p in key.split() if p not in HONORIFICS]
        surname = parts[-1] if parts else key
        title_sector, title_code, through_person = self._title(span)
        known = self._known_person(key, surname)
        role = self.index.roles.lookup(key, self.published)
        if role is None and known is None and len(parts) == 1:
            holder = self._holder_by_surname(span, surname)
            if holder is not None:
                key, role = holder, self.index.roles.lookup(holder, self.published)
        code, sector, method, role_name = title_code, title_sector, "title", ""
        if code is None and title_sector is not None:
            code = self._title_state_in_context(span)
        if role is not None:
            office, holds = role
            role_name = office.role if holds else ""
            if holds and through_person and code != office.code:
                # "US President Donald Trump and North Korean leader Kim Jong Un" parsed as one title: a state
                # taken from another person's name yields to the office this person holds on the date
                code, title_code, sector = office.code, None, None
            if code is None or code == office.code:
                code = office.code
                if holds and sector in ("PTY", "OPP"):
                    sector = None  # a sitting prime minister introduced as "Labour leader" acts for the state
                sector = sector or (office.sector if holds else "ELI")
                method = "title" if title_code else "roles"
        if code is None and known is not None:
            code, sector, method, role_name = known.code, sector or known.sector, "coreference", known.role
            key = known.key
        if code is None and key in self.memory:
            code, sector = self.memory[key]
            method = "memory"
        if code is None:
            unnamed = self._unnamed_subject_before(span)
            if unnamed is not None:
                code, sector, method = unnamed.code, sector or unnamed.sector, "coreference"
        if code is None and sector is None:
            return self._make(token, key, None, None, "title", 0.2)
        person = known
        if person is None:
            person = Person(key, surname, code, sector, role_name or self._title_text(span), span.start)
            self.persons.append(person)
        if self._is_subject(span.root):
            person.subject_at.append(span.start)
        return self._make_span(span, key, code, sector or "GOV", method)

    def _holder_by_surname(self: DocActors, span: Span, surname: str) -> str | None:
        """The one office holder of the roles knowledge base with this surname: a sitting one, else (when the
        text uses the name as a surname: "Mr Trump", "the Trump administration" in 2021, not a given name as in
        "Pope Francis") a unique former one."""
        candidates = self.index.surnames.get(surname, set())
        current = [c for c in candidates if (r := self.index.roles.lookup(c, self.published)) and r[1]]
        former = [] if current or not self._surname_use(span) else [
            c for c in candidates if (r := self.index.roles.lookup(c, self.published))
            and r[0].end is not None and r[0].end <= (self.published or date.today())]
        if len(current) == 1 or len(former) == 1:
            return (current or former)[0]
        return None

    def _title_state_in_context(self: DocActors, span: Span) -> str | None:
        """"ministry spokesman Wang Wenbin": a title with no state of its own takes the one its head noun
        resolves to in context."""
        for word in self._title_tokens(span):
            if word.pos_ == "NOUN" and word.i not in self.hits and word.i < span.start and word.dep_ == "compound":
                titled = self.resolve(word)
                if titled is not None and titled.code and titled.method == "context":
                    return titled.code
        return None

    @staticmethod
    def _surname_use(span: Span) -> bool:
        root = span.root
        if span.start > 0 and span.doc[span.start - 1].text in HONORIFICS:
            return True
        return root.dep_ == "compound" and root.head.lemma_.lower() in GOVERNMENT_ERA_NOUNS

    @staticmethod
    def _is_subject(token: Token) -> bool:
        while token.dep_ in ("appos", "compound") and token.head.i != token.i:
            token = token.head
        return token.dep_ in ("nsubj", "nsubjpass")

    def _known_person(self: DocActors, key: str, surname: str) -> Person | None:
        single = " " not in key
        for person in reversed(self.persons):
            if person.key == key or person.surname == surname:
                return person
            if single and key in person.key.split()[:1]:
                return person  # "Zhao" after "Zhao Lijian": family name first in Chinese, Korean, Hungarian names
        return None

    def _title_tokens(self: DocActors, span: Span) -> list[Token]:
        """Title words around a name: "UK Foreign Secretary [Dominic Raab]", "[Pompeo], US secretary of state"."""
        root = span.root
        tokens: list[Token] = []
        for child in root.children:
            if child.i < span.start and child.dep_ in MODIFIER_DEPS | {"appos"}:
                tokens.extend(child.subtree)
            if child.dep_ == "appos" and child.i >= span.end:
                tokens.extend(t for t in child.subtree)
        if root.dep_ in ("appos", "compound") and root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN"):
            head = root.head
            tokens.append(head)
            tokens.extend(t for c in head.children if c.i != root.i and c.dep_ in MODIFIER_DEPS for t in c.subtree)
        tokens = [t for t in tokens if t.i < span.start or t.i >= span.end]
        # "US President Donald Trump and North Korean leader Kim Jong Un" misparsed as one title: the words
        # before another person's name and a conjunction belong to that person
        others = [t.i for t in tokens if t.i < span.start and t.i in self.hits and self.hits[t.i][1].kind == "person"]
        if others:
            last = max(others)
            if any(self.doc[i].dep_ == "cc" for i in range(last + 1, span.start)):
                tokens = [t for t in tokens if t.i > last]
        return tokens

    def _title_text(self: DocActors, span: Span) -> str:
        return " ".join(t.text for t in sorted(self._title_tokens(span), key=lambda t: t.i))

    def _title(self: DocActors, span: Span) -> tuple[str | None, str | None, bool]:
        """Sector and state from the words around a name, and whether the state came from another person named
        in them ("adviser to Biden")."""
        sector = code = party = None
        through_person = False
        tokens = sorted(self._title_tokens(span), key=lambda t: t.i)
        for token in tokens:
            named = self.hits.get(token.i)
            if sector is None and token.pos_ in ("NOUN", "PROPN") and named is None:
                cue = self._cue(token)
                if cue:
                    sector = cue[0]
            if named is not None and named[1].kind == "seat" and named[1].sector == "PTY":
                party = named[1]
            if code is None and named is not None and token.i not in range(span.start, span.end):
                hit_span, entry = named
                if entry.kind == "person":
                    other = self._person(token, hit_span) if hit_span.start != span.start else None
                    code = other.code if other else None
                    through_person = code is not None
                elif entry.kind in ("country", "adjective", "demonym", "capital", "region", "extra", "org", "seat"):
                    code = entry.code
        if party is not None:
            return self._party_sector(party, sector), code, through_person  # "Labour leader Keir Starmer" in 2021
        if sector is None:
            for token in tokens:
                named = self.hits.get(token.i)
                if named is not None and named[1].kind in ("org", "seat"):
                    return named[1].sector, code, through_person
        return sector, code, through_person

    def _unnamed_subject_before(self: DocActors, span: Span) -> Actor | None:
        """"China's UK ambassador said ... Liu Xiaoming told ...": a new name right after an unnamed office
        holder who was the subject of one of the two previous sentences is taken to be that person."""
        sentence = span.sent
        previous = [s for s in self.doc.sents if s.end <= sentence.start][-2:]
        for earlier in reversed(previous):
            for token in earlier:
                if token.dep_ == "nsubj" and token.pos_ == "NOUN" and token.tag_ == "NN" and \
                        token.lemma_.lower() not in INSTITUTION_NOUNS:
                    actor = self.memo.get(token.i)
                    if actor is not None and actor.code and actor.method in ("gazetteer", "title"):
                        return actor
        return None

    def _person_with_title(self: DocActors, words: str, token: Token) -> Person | None:
        """"the foreign secretary" -> the last person met whose title contains those words."""
        for person in reversed(self.persons):
            if person.first < token.i and words in person.role.lower():
                return person
        return None
