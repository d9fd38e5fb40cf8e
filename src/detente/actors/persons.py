"""Names and titles: "UK Foreign Secretary Dominic Raab", "Mr Raab", "the foreign secretary"."""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from detente.actors.gazetteer import Entry
from detente.actors.model import (
    GIVEN_NAME_TITLES,
    GOVERNMENT_ERA_NOUNS,
    HONORIFICS,
    INSTITUTION_NOUNS,
    MODIFIER_DEPS,
    Actor,
    Person,
)
from detente.actors.roles import Match, Role, head_rank, on_date

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["PersonsMixin"]

# At most this many people are recorded as the candidates of a lone surname nothing tells apart.
MAX_CANDIDATES = 5


def _held_office(fact: Role, holds: bool, code: str | None, title_code: str | None, sector: str | None,
                 through_person: bool) -> tuple[str | None, str | None, str, str, Role | None]:
    """Code, sector, method, role name and office once the roles table knows the person's office: split out of
    ``_person_inner`` so the title-versus-office arbitration reads on its own."""
    method, office = "title", None
    role_name = fact.role if holds else ""
    if holds and through_person and code != fact.code:
        # "US President Donald Trump and North Korean leader Kim Jong Un" parsed as one title: a state
        # taken from another person's name yields to the office this person holds on the date
        code, title_code, sector = fact.code, None, None
    if code is None or code == fact.code:
        code, office = fact.code, fact
        if holds and sector in ("PTY", "OPP"):
            sector = None  # a sitting prime minister introduced as "Labour leader" acts for the state
        sector = sector or (fact.sector if holds else "ELI")
        method = "title" if title_code else "roles"
    return code, sector, method, role_name, office


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
        if self._is_given_name_title(span):
            return self._title_alone(token, span)
        hit = self.hits.get(span.start)
        named = hit[1].name if hit is not None and hit[1].kind == "person" else span.text
        place = self._misread_place(span, named)
        if place is not None:
            return self._make_span(span[:-1], place.name, place.code, self._entry_sector(place), "gazetteer")
        key = self.index.roles.canonical.get(span.text) or self.index.roles.canonical.get(named) or named
        parts = [p for p in key.split() if p not in HONORIFICS]
        surname = parts[-1] if parts else key
        title_sector, title_code, through_person = self._title(span)
        known = self._known_person(key, surname)
        key, match, candidates = self._office_match(span, key, parts, surname, known,
                                                    None if through_person else title_code)
        code, sector, method, role_name, office = title_code, title_sector, "title", "", None
        if code is None and title_sector is not None:
            code = self._title_state_in_context(span)
        if match is not None and match.role is not None:
            code, sector, method, role_name, office = _held_office(match.role, match.current, code, title_code,
                                                                   sector, through_person)
        if code is None and known is not None:
            code, sector, method, role_name = known.code, sector or known.sector, "coreference", known.role
            key = known.key
        if code is None and key in self.memory:
            code, sector = self.memory[key]
            method = "memory"
        if code is None and candidates:
            # several people of this name and nothing in the document tells them apart: no code, the candidates
            # recorded (a title's sector stands: it is written in the text)
            return replace(self._make_span(span, span.text, None, sector, "ambiguous"), candidates=candidates)
        if code is None:
            unnamed = self._unnamed_subject_before(span)
            if unnamed is not None:
                code, sector, method = unnamed.code, sector or unnamed.sector, "coreference"
        if code is None and sector is None:
            sector = self._given_name_title_sector(span)
            if sector is None:
                return self._make(token, key, None, None, "title", 0.2)
        return self._remember_person(span, known, key, surname, code, sector, method,
                                     role_name or self._title_text(span), office)

    def _title_alone(self: DocActors, token: Token, span: Span) -> Actor | None:
        """"the Pope said", "Pope" in "Pope Francis": the title, not IOM's Amy Pope. A religious leader's title
        names no state (like an international NGO); a monarch's is read as any title noun."""
        cue = self._cue(token)
        if cue is not None and cue[0] == "REL":
            return self._make(token, span.text, None, "REL", "title")
        return self._resolve_common(token)

    def _office_match(self: DocActors, span: Span, key: str, parts: list[str], surname: str, known: Person | None,
                      title_code: str | None) -> tuple[str, Match | None, tuple[Role, ...]]:
        """The office this person holds on the date: by the name as written, else (a bare surname) by the
        holders of offices among the states in play."""
        states = self._states_in_play(title_code)
        # the spelling as written: people who share it ("King Abdullah") are told apart, not folded into one
        spelling = span.text if self.index.roles.candidates(span.text) else key
        match = self.index.roles.resolve(spelling, self.published, states, self._title_text(span))
        candidates = match.candidates if match is not None else ()
        if match is not None and match.role is not None:
            key = match.role.name
        if match is None and known is None and len(parts) == 1 and not self._after_given_name_title(span):
            holder, found, candidates = self._holder_by_surname(span, surname, states)
            if holder is not None:
                key, match = holder, found
        return key, match, candidates

    def _given_name_title_sector(self: DocActors, span: Span) -> str | None:
        """"Pope Leo" read as one name: the title in it gives the sector (a pope names no state)."""
        if not self._after_given_name_title(span):
            return None
        word = span[0] if span[0].text in GIVEN_NAME_TITLES else span.doc[span.start - 1]
        cue = self._cue(word)
        return cue[0] if cue is not None else None

    def _remember_person(self: DocActors, span: Span, known: Person | None, key: str, surname: str,
                         code: str | None, sector: str | None, method: str, role_name: str,
                         office: Role | None) -> Actor:
        """The actor for this mention, with the person kept for later mentions by surname or pronoun."""
        person = known
        if person is None:
            person = Person(key, surname, code, sector, role_name, span.start)
            self.persons.append(person)
        if self._is_subject(span.root):
            bisect.insort(person.subject_at, span.start)  # sorted, for the pronouns' binary search
        return replace(self._make_span(span, key, code, sector or "GOV", method), office=office)

    def _misread_place(self: DocActors, span: Span, named: str) -> Entry | None:
        """A state or body the entity recogniser took for a person with its possessive ("Burkina Faso’s")."""
        if named != span.text or len(span) < 2 or span[-1].tag_ != "POS" or self.index.roles.candidates(named):
            return None
        entry = self.index.entries.get(span[:-1].text)
        return entry if entry is not None and entry.kind in ("country", "capital", "seat", "org") else None

    def _states_in_play(self: DocActors, title_code: str | None) -> list[str]:
        """The states that tell people of one name apart: the one a title names ("Spanish Prime Minister ..."),
        else every state the document names."""
        if title_code:
            return [title_code]
        key = f"states_in_play {len(self.state_codes)}"  # the list grows only while spans are marked
        if key not in self.cache:
            self.cache[key] = list(dict.fromkeys(self.state_codes))
        return list(self.cache[key])

    def _holder_by_surname(self: DocActors, span: Span, surname: str,
                           states: list[str]) -> tuple[str | None, Match | None, tuple[Role, ...]]:
        """The office holder of the roles knowledge base a lone surname stands for: a sitting one, else (when the
        text uses the name as a surname: "Mr Trump", "the Trump administration" in 2021, not a given name as in
        "Pope Francis") a former one. Of several, one of a state in play, then a head of state or government over
        a minister over a generic official. Returns the name and office found, or, when the best are still
        several, none and them as the candidates (at most a few: a surname many minor officials share says
        nothing)."""
        when = self.published or date.today()
        found: list[tuple[str, Role, bool]] = []
        for name in sorted(self.index.surnames.get(surname, ())):
            for roles in self.index.roles.candidates(name):
                office, holds = on_date(roles, when)
                found.append((name, office, holds))
        sitting = [f for f in found if f[2]]
        pool = sitting or ([f for f in found if f[1].end is not None and f[1].end <= when]
                           if self._surname_use(span) else [])
        if not pool:
            return None, None, ()
        in_play = set(states)

        def rank(item: tuple[str, Role, bool]) -> tuple[bool, int]:
            return item[1].code in in_play, head_rank(item[1])

        best = max(rank(item) for item in pool)
        top = [item for item in pool if rank(item) == best]
        if len(top) == 1:
            return top[0][0], Match(top[0][1], top[0][2]), ()
        few = len(top) <= MAX_CANDIDATES and best[1] >= 1
        return None, None, tuple(item[1] for item in top) if few else ()

    @staticmethod
    def _is_given_name_title(span: Span) -> bool:
        """A lone title word taken for a surname ("the Pope", "Pope" before "Francis")."""
        return len(span) == 1 and span[0].text in GIVEN_NAME_TITLES and (
            span.end < len(span.doc) and span.doc[span.end].is_title and span.doc[span.end].pos_ == "PROPN"
            or any(c.dep_ == "det" for c in span[0].children))

    @staticmethod
    def _after_given_name_title(span: Span) -> bool:
        """"Pope Francis", "King Charles", "Emir Tamim": the name after such a title is a given or regnal name."""
        return span.start > 0 and span.doc[span.start - 1].text in GIVEN_NAME_TITLES or (
            len(span) > 1 and span[0].text in GIVEN_NAME_TITLES)

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
        others = [t.i for t in tokens if t.i < span.start and (hit := self._title_hit(t)) is not None
                  and hit[1].kind == "person"]
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
            named = self._title_hit(token)
            if sector is None and token.pos_ in ("NOUN", "PROPN") and named is None:
                cue = self._cue(token)
                if cue:
                    sector = self._headed_body(token) or cue[0]  # "president of the Riigikogu": LEG
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
                    return self._entry_sector(named[1]), code, through_person
        return sector, code, through_person

    def _title_hit(self: DocActors, token: Token) -> tuple[Span, Entry] | None:
        """The name a title word is part of; none for a title taken for a surname ("Pope" in "Pope Francis")."""
        named = self.hits.get(token.i)
        if named is not None and named[1].kind == "person" and self._is_given_name_title(named[0]):
            return None
        return named

    def _unnamed_subject_before(self: DocActors, span: Span) -> Actor | None:
        """"China's UK ambassador said ... Liu Xiaoming told ...": a new name right after an unnamed office
        holder who was the subject of one of the two previous sentences is taken to be that person."""
        sentence = span.sent
        previous = self.sentences_before(sentence, 2)
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
