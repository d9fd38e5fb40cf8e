"""Per-document actor state and the resolution of one token to a coded actor.

Resolution order for a phrase (the ``method`` recorded on each mention):
``gazetteer`` (a state, capital, seat of power, organisation or group), ``title`` (a title or appositive
in the text: "UK Foreign Secretary Dominic Raab"), ``roles`` (the roles knowledge base on the document's
date), ``coreference`` (a later mention of someone or something named earlier: "Mr Raab", "the foreign
secretary", "he"), ``memory`` (a role stated in another document of the corpus), ``context`` (a bare
"the government" read as the state the text is about).

The rules are split by what they read: :mod:`.descriptions` (common nouns, modifiers, parties,
anaphors), :mod:`.persons` (names and titles), :mod:`.pronouns`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from detente.actors.author import Publisher, publisher
from detente.actors.descriptions import DescriptionsMixin
from detente.actors.gazetteer import Entry
from detente.actors.groups import GroupsMixin
from detente.actors.index import ActorIndex, titled_names
from detente.actors.model import (
    ASSOCIATE_NOUNS,
    CONFIDENCE,
    DESCRIBED_ANTECEDENT_TOKENS,
    DESCRIBED_ANTECEDENTS,
    DOCUMENT_NOUNS,
    HONORIFICS,
    MODIFIER_DEPS,
    NON_PERSON,
    OWN_INSTITUTIONS,
    PUBLIC_DOCUMENTS,
    REGIME_OPPOSITION,
    STANCE_NOUNS,
    STATE_ORGANS,
    TERRITORY_NOUNS,
    WEEKDAYS_MONTHS,
    Actor,
    Person,
)
from detente.actors.persons import PersonsMixin
from detente.actors.pronouns import PronounsMixin
from detente.actors.venues import VenuesMixin
from detente.core.marks import QuoteIndex, quote_spans

__all__ = ["DocActors"]


@dataclass
class DocActors(DescriptionsMixin, PersonsMixin, PronounsMixin, GroupsMixin, VenuesMixin):
    """Per-document actor state: names found, persons met so far, states mentioned, the quote spans."""

    doc: Doc
    index: ActorIndex
    published: date | None
    hits: dict[int, tuple[Span, Entry]] = field(default_factory=dict)
    persons: list[Person] = field(default_factory=list)
    state_positions: list[int] = field(default_factory=list)
    state_codes: list[str] = field(default_factory=list)
    quotes: list[tuple[int, int, bool]] = field(default_factory=list)
    memo: dict[int, Actor | None] = field(default_factory=dict)
    author: Actor | None = None
    _first_person: bool | None = None
    _resolving: set[int] = field(default_factory=set)
    # Corpus memory for this document: name -> (code, sector), from other documents of the corpus.
    memory: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # The publisher of a government or organisation page: the author of the document's own voice.
    publisher: Publisher | None = None
    # Per-document caches of the components that share this state (time expressions, sentence index).
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Doc, index: ActorIndex, published: date | None, *,
              memory: dict[str, tuple[str, str | None]] | None = None) -> DocActors:
        state = cls(doc=doc, index=index, published=published, memory=dict(memory or {}),
                    publisher=publisher(doc._.url, doc._.source, index.gazetteer))
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"] + titled_names(doc, index)
        in_person = {i for person in people for i in range(person.start, person.end)}
        # A region or city name inside a person's name is the person ("Guerrero said", "Virginia Raggi").
        spans = [span for span in index.matches(doc)
                 if not (len(span) == 1 and span.start in in_person
                         and getattr(index.entry(span), "kind", None) == "region")]
        # A "person" the recogniser finds around a body's whole name ("The Tigray People's Liberation Front")
        # is that body: only an article before the name is left over.
        bodies = [span for span in spans if len(span) > 1
                  and getattr(index.entry(span), "kind", None) in ("seat", "org", "group", "coalition")]
        people = [p for p in people if not any(_covers(b, p) for b in bodies)]
        chosen = filter_spans([*spans, *people])
        state._mark_spans(chosen)
        state._mark_shouted_countries()
        state._mark_surnames_of_holders()
        state._mark_name_parts(chosen)
        state.quotes = quote_spans(state.text)
        return state

    def _mark_spans(self, chosen: list[Span]) -> None:
        """The gazetteer's and the entity recogniser's spans, each token pointing at its span and entry."""
        for span in chosen:
            entry = self.index.entry(span)
            if span.label_ == "PERSON" and (entry is None or (entry.kind == "region" and len(span) == 1)):
                entry = Entry(None, None, span.text, "person")
            if entry is None:
                continue
            if entry.kind == "adjective" and span.root.dep_ in ("nsubj", "dobj", "pobj") and span.root.pos_ == "PROPN":
                entry = Entry(entry.code, "GOV", entry.name, "country")  # "the Chinese" used as a noun
            for token in span:
                self.hits[token.i] = (span, entry)
            if entry.kind in ("country", "capital") and entry.code:
                self.state_positions.append(span.start)
                self.state_codes.append(entry.code)

    def _mark_shouted_countries(self) -> None:
        """Country and capital names in capitals ("CHINA"), which the case-sensitive matcher misses."""
        for token in self.doc:
            if token.i not in self.hits and token.is_upper and len(token) > 3:
                entry = self.index.entries.get(token.text.title())
                if entry is not None and entry.kind in ("country", "capital"):
                    self.hits[token.i] = (self.doc[token.i : token.i + 1], entry)

    def _mark_surnames_of_holders(self) -> None:
        """A bare surname of a current office holder ("Macron said ..."), whatever entity label spaCy gave it,
        when exactly one holder in the roles knowledge base has that surname on the document's date."""
        for token in self.doc:
            if token.i in self.hits or token.pos_ != "PROPN" or not token.is_title or len(token) < 4 \
                    or token.ent_type_ in ("DATE", "TIME", "GPE", "LOC") or token.lower_ in WEEKDAYS_MONTHS:
                continue
            holders = [name for name in self.index.surnames.get(token.text, ())
                       if (found := self.index.roles.lookup(name, self.published)) is not None and found[1]]
            if len(holders) == 1:
                self.hits[token.i] = (self.doc[token.i : token.i + 1], Entry(None, None, holders[0], "person"))

    def _mark_name_parts(self, chosen: list[Span]) -> None:
        """One part of a full name met anywhere in the document stands for that person: the surname ("Raab"),
        or the family name written first ("Kim" for Kim Jong Un, also in a headline before the full name)."""
        parts: dict[str, set[str]] = {}
        for span in chosen:
            entry = self.index.entry(span)
            if len(span) > 1 and (span.label_ == "PERSON" or (entry is not None and entry.kind == "person")):
                name = entry.name if entry is not None and entry.kind == "person" else span.text
                for part in {span[0].text, span[-1].text}:
                    if part not in HONORIFICS and part.istitle() and not self.index.cue(part):
                        parts.setdefault(part, set()).add(name)
        for token in self.doc:
            full = parts.get(token.text)
            if full is None or len(full) != 1 or not token.is_title:
                continue
            hit = self.hits.get(token.i)
            if hit is None or (hit[1].kind == "person" and len(hit[0]) == 1 and hit[1].name == token.text):
                self.hits[token.i] = (self.doc[token.i : token.i + 1], Entry(None, None, next(iter(full)), "person"))

    def in_quote(self, token: Token) -> bool:
        return self.quote_at(token.idx) is not None

    def quote_at(self, position: int) -> tuple[int, int, bool] | None:
        """The quote span holding the character ``position``; the index is rebuilt if ``quotes`` was replaced."""
        index = self.cache.get("quote_index")
        if index is None or index[0] is not self.quotes or len(index[1].spans) != len(self.quotes):
            index = (self.quotes, QuoteIndex(self.quotes))
            self.cache["quote_index"] = index
        return index[1].at(position)

    def sentences(self) -> tuple[list[Span], list[int]]:
        """The document's sentences and their first token indices, listed once: ``doc.sents`` walks the whole
        Doc, and the look-backs that ask for earlier sentences run once per mention."""
        if "sentences" not in self.cache:
            sents = list(self.doc.sents)
            self.cache["sentences"] = (sents, [s.start for s in sents])
        return self.cache["sentences"]

    def sentences_before(self, sentence: Span, count: int) -> list[Span]:
        """The last ``count`` sentences that end at or before ``sentence`` starts, in text order."""
        sents, starts = self.sentences()
        at = bisect.bisect_left(starts, sentence.start)  # sentences are contiguous: those before end before it
        return sents[max(0, at - count):at]

    @property
    def text(self) -> str:
        """The Doc's text, joined once per document: spaCy rebuilds ``doc.text`` from every token on each access
        (the actor, event and quote components read it six times, 0.3 s each on a 1 MB text)."""
        if "text" not in self.cache:
            self.cache["text"] = self.doc.text
        return str(self.cache["text"])

    def recent_state(self, token: Token, *, other_than: str | None = None) -> str | None:
        """The state named last before ``token`` (else the first named): what "the government" most likely
        refers to. ``other_than`` skips a state, e.g. the author's own for "the regime" in its statement."""
        key = f"recent_state {other_than} {len(self.state_codes)}"  # the lists grow only while spans are marked
        if key not in self.cache:
            self.cache[key] = ([c for c in self.state_codes if c != other_than],
                               [p for p, c in zip(self.state_positions, self.state_codes, strict=True)
                                if c != other_than])
        codes, positions = self.cache[key]
        at = bisect.bisect_left(positions, token.i)
        return codes[at - 1] if at else (codes[0] if codes else None)

    def phrase(self, token: Token) -> Span:
        """The noun phrase headed by ``token``, without relative clauses and trailing prepositions."""
        left = token.i
        for child in token.lefts:
            if child.dep_ in MODIFIER_DEPS | {"det", "nummod", "quantmod", "case", "punct"}:
                left = min(left, child.left_edge.i)
        right = token.i
        for child in token.rights:
            if child.dep_ in ("compound", "flat", "case"):
                right = max(right, child.right_edge.i)
        return self.doc[left : right + 1]

    def _make(self, token: Token, name: str | None, code: str | None, sector: str | None, method: str,
              confidence: float | None = None) -> Actor:
        span = self.phrase(token)
        return Actor(span.text, name, code, sector, method, confidence or CONFIDENCE[method],
                     span.start_char, span.end_char, token.i)

    def resolve(self, token: Token) -> Actor | None:
        if token.i not in self.memo:
            self.memo[token.i] = self._resolve(token)
        return self.memo[token.i]

    def _resolve(self, token: Token) -> Actor | None:
        """Special nouns first, then a name the index knows, then anaphors, then a common noun's cue word."""
        special = self._resolve_special(token)
        if special is not False:
            return special
        hit = self.hits.get(token.i)
        if hit is not None:
            named = self._resolve_hit(token, *hit)
            if named is not False:
                return named
        place = self._venue(token) or self._place_anaphor(token) or self._org_anaphor(token)
        if place is not None:
            return place
        return self._resolve_common(token)

    def _resolve_special(self, token: Token) -> Actor | None | Literal[False]:
        """Pronouns, "those responsible", stances, documents and associates; False when none applies."""
        if token.lower_ in ("those", "whoever") and any(c.lower_ == "responsible" for c in token.children):
            return self._blamed(token)
        if token.pos_ == "PRON":
            return self._pronoun(token)
        if token.lemma_.lower() in STANCE_NOUNS and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children):
            return None  # "our strong opposition to the law" is a stance, not the political opposition
        if token.lemma_.lower() in DOCUMENT_NOUNS:
            return self._document_author(token)
        if token.lemma_.lower() in PUBLIC_DOCUMENTS and token.pos_ == "NOUN":
            author = self._document_author(token)
            if author is not None or self._modifier_state(token, direct_only=True):
                return author
            code = self.recent_state(token)  # "a petition has amassed 100,000 signatures": the public of the state
            return self._make(token, self._name(code), code, "CVL", "context", 0.4) if code else None
        if token.lemma_.lower() in ASSOCIATE_NOUNS or (token.lemma_.lower() in TERRITORY_NOUNS
                                                       and token.pos_ == "NOUN"):
            return self._of_complement(token)
        return False

    def _of_complement(self, token: Token) -> Actor | None | Literal[False]:
        """Who an associate acts for ("allies of Mr Raab", "elements in the ruling party": the principal's
        side), or the place a territory noun stands for ("the soil of the United Kingdom")."""
        territory = token.lemma_.lower() in TERRITORY_NOUNS
        preps = ("of",) if territory else ("of", "in", "within")
        inner = [o for p in token.children if p.dep_ == "prep" and p.lower_ in preps
                 for o in p.children if o.dep_ == "pobj"]
        if not inner:
            return False
        actor = self.resolve(inner[0])
        if actor is None or not actor.code:
            return False
        if territory:
            return self._make(token, actor.name, actor.code, actor.sector, "modifier")
        party = self._party_of(inner[0])
        sector = self._party_sector(party, None) if party else actor.sector
        return self._make(token, actor.name, actor.code, sector, "modifier")

    def _resolve_hit(self, token: Token, span: Span, entry: Entry) -> Actor | None | Literal[False]:
        """A token inside a name the index knows; False when the name is only a modifier of the phrase."""
        if entry.kind == "person":
            return self._person(token, span)
        if entry.kind == "adjective" and token.dep_ in ("amod", "compound") and token.head.pos_ == "NOUN" \
                and self._cue(token.head) is None and entry.code:
            # "the American visit", "Chinese sanctions": the state acting through an event noun
            return self._make(token, entry.name, entry.code, "GOV", "gazetteer", 0.8)
        shared = self._shared_head_cue(token, span) if entry.code else None
        if shared is not None:
            # "both the mainland Chinese and Hong Kong authorities": each conjunct with the shared head noun
            return self._make(token, self._name(entry.code), entry.code, self._org_sector(entry.code, shared),
                              "gazetteer", 0.85)
        if entry.kind == "adjective":
            return False
        method = "extra" if entry.kind == "extra" else "gazetteer"
        if entry.kind == "seat":
            # "Chile's Defense Department", "the Saudi National Guard": the named state owns the body.
            owner = self._modifier_state(span.root, outside=span)
            if owner and owner != entry.code:
                return self._make(token, self._name(owner), owner, self._former(token, self._entry_sector(entry)),
                                  method)
        if entry.kind == "demonym" and span.root.i == token.i and any(
                c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            # "blasted the Saudis", "the Russians walked out": a people named with "the" in a report of
            # relations is its state acting, not its civilians ("Belarusians", "five Iranians" stay CVL)
            return self._make(token, entry.name, entry.code, "GOV", method)
        return self._make(token, entry.name, entry.code, self._former(token, self._entry_sector(entry)), method)

    def _resolve_common(self, token: Token) -> Actor | None:
        """A common noun: its cue word gives the sector, its modifiers or the context the state."""
        cue = self._cue(token) or self._compound_cue(token)
        if cue is None:
            return self._common_without_cue(token)
        cue_sector, words = cue
        sector = self._title_sector(token, cue_sector)
        code = self._modifier_state(token)
        if code is not None:
            party = self._party_of(token)
            if party is not None:
                sector = self._party_sector(party, sector)  # "Labour MPs" LEG; "Communist party officials" GOV
            return self._make(token, self._name(code), code, self._org_sector(code, sector), "gazetteer")
        repeated = self._repeated_bare_title(token)
        if repeated is not None:
            return repeated
        person = self._person_with_title(words, token)
        if person is not None:
            return self._make(token, person.key, person.code, person.sector or sector, "coreference")
        code = self._phrase_state(token) or self._clause_agent_state(token)
        if code is not None:
            return self._make(token, self._name(code), code, sector, "modifier")
        code = self._agent_state(token) if sector in STATE_ORGANS else None
        if code is not None:
            return self._make(token, self._name(code), code, sector, "context", 0.55)
        voice = self.author_voice()
        # One office of the author's ("the Prime Minister"), not several ("the Foreign Ministers" of a meeting).
        # A described body is someone else's: "the transition government" of a state the statement is about.
        described = any(c.dep_ == "compound" and c.pos_ == "NOUN" or c.dep_ == "amod" for c in token.lefts)
        own = self._owned_by_author(token) or (self._definite(token) and token.lemma_.lower() in OWN_INSTITUTIONS
                                               and token.tag_ in ("NN", "NNP") and not described)
        if voice and own:
            author = self._author()
            if author is not None and author.code:
                return self._make(token, author.name, author.code, sector, "author")
        regime = sector == "OPP" and bool(set(words.replace("-", " ").split()) & REGIME_OPPOSITION)
        if self._definite(token) or self._in_title(token) or (sector in ("GOV", "LEG") and self._bare_plural(token)) \
                or (regime and not self._generic(token)):
            # In an author's statement, "the regime" or "the authorities" is the state it is about, never its own.
            author_code = self._author().code if voice and self._author() is not None else None  # type: ignore[union-attr]
            code = self._recent_of_sector(token, sector, other_than=author_code) or self.recent_state(
                token, other_than=author_code)
            if code is not None:
                return self._make(token, self._name(code), code, sector, "context")
        return self._make(token, None, None, sector, "context", 0.3)

    def _common_without_cue(self, token: Token) -> Actor | None:
        """A common noun with no cue word: only a state named by a direct modifier makes it an actor (split out
        of ``_resolve_common`` so that its cue-driven reading stays in one place)."""
        # "senior Chinese actors", "Croatia's advance": a state named by a direct modifier. Not through
        # "of" ("a meeting of the Security Council" is not the Council acting).
        code = self._modifier_state(token, direct_only=True)
        if code and token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "CARDINAL", "MONEY"):
            group = self._modifier_group(token)  # "BN(O) status holders": people of the group's sector
            return self._make(token, self._name(code), code, group.sector if group else "GOV", "modifier")
        return None

    def _repeated_bare_title(self, token: Token) -> Actor | None:
        """"The Prime Minister spoke to Prime Minister of Israel Benjamin Netanyahu. The Prime Minister began by
        ...": a bare title repeated in a text keeps the referent it had the first time. A readout names the other
        party in full and its own principal by the bare title, so the bare title does not go to the last person
        who holds such a title. A bare state body ("the regime") is, likewise, the one last named with its state
        ("the Assad regime"), within a few paragraphs."""
        text = self.phrase(token).text.lower()
        if not text.startswith("the ") or token.pos_ not in ("NOUN", "PROPN"):
            return None
        if any(c.dep_ not in ("det", "compound") for c in token.lefts):
            return None
        # "the Government" capitalised is a name (in British usage the country's own), not a bare reference
        body = token.lemma_.lower() in DESCRIBED_ANTECEDENTS and token.text.islower() and \
            not any(c.dep_ == "compound" for c in token.lefts)
        for earlier in range(token.i - 1, max(token.i - DESCRIBED_ANTECEDENT_TOKENS, 0) - 1 if body else -1, -1):
            other = self.doc[earlier]
            if other.lemma_ != token.lemma_:
                continue
            same = self.phrase(other).text.lower() == text
            described = body and any(c.dep_ in ("compound", "amod", "poss") for c in other.lefts)
            if not same and not described:
                continue
            actor = self.resolve(other)
            if actor is not None and actor.code and (same or actor.method in ("gazetteer", "modifier")):
                return self._make(token, actor.name, actor.code, actor.sector, "coreference")
            if same:
                return None
        return None

    def resolve_all(self, token: Token) -> list[Actor]:
        """The actors a noun stands for: one per state when modifiers are coordinated ("Chinese and Russian
        officials", "US and EU officials"), the parties just named for a plural reference ("the leaders",
        "both sides"), else the single resolution."""
        group = self.group_reference(token)
        if group:
            return group
        hit = self.hits.get(token.i)
        if hit is not None and hit[1].kind == "coalition":  # "E3+2 encouraged Iran": each member state
            members = self.index.gazetteer.coalitions.get(hit[1].name, ())
            return [self._make_span(hit[0], self._name(code) or code, code, self._org_sector(code, "GOV"),
                                    "gazetteer") for code in members]
        actor = self.resolve(token)
        if actor is None:
            return []
        bases = self.base_states(token) if actor.code else []
        if len(bases) > 1 and actor.code == bases[0]:  # "entities based in South Africa, in Hong Kong and in China"
            return [replace(actor, code=code, name=self._name(code)) for code in bases]
        if not actor.code or actor.method not in ("gazetteer", "modifier"):
            return [actor]
        codes = self._coordinated_codes(token)
        if len(codes) < 2:
            return [actor]
        return [replace(actor, code=code, name=self._name(code), sector=self._org_sector(code, actor.sector))
                for code in codes]

    def _coordinated_codes(self, token: Token) -> list[str]:
        """States of coordinated modifiers before a head noun ("French, German and Italian leaders"); empty when
        the modifiers are not a coordination ("China's UK ambassador" is China's)."""
        modifiers = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
        conjuncts = [d for m in modifiers for d in m.subtree if d.dep_ == "conj" and d.i < token.i]
        if not conjuncts:
            return []
        listed = [m for m in modifiers if m.nbor(1).text == "," or any(c.dep_ == "conj" for c in m.children)]
        codes: list[str] = []
        for member in sorted([*listed, *conjuncts], key=lambda t: t.i):
            code = self._state_of(member)
            if code and code not in codes:
                codes.append(code)
        return codes

    def _org_sector(self, code: str | None, sector: str | None) -> str | None:
        """Sector for an actor of ``code``: an organisation's officials and experts are the organisation (IGO),
        not a government or a rights group ("G7 leaders", "UN rights experts"); a state is never IGO."""
        if code in self.index.organisations:
            return "IGO" if sector in ("GOV", "NGO", None) else sector
        return "GOV" if sector == "IGO" else sector

    def _shared_head_cue(self, token: Token, span: Span) -> str | None:
        """"the mainland Chinese and Hong Kong authorities" when the parser split the head from its modifiers:
        a state in a coordination right before a plural cue noun takes that noun's sector."""
        first = token
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.i == token.i and not any(c.dep_ == "conj" for c in token.children):
            return None
        end = max(first.right_edge.i, span.end - 1)
        if end + 1 >= len(self.doc):
            return None
        after = self.doc[end + 1]
        if after.is_lower and after.tag_ in ("NNS", "VBZ") and after.i != first.head.i:
            return self.index.cue(after.text)
        return None

    def _name(self, code: str | None) -> str | None:
        return self.index.gazetteer.country_names.get(code or "", code)

    def _state_of(self, token: Token) -> str | None:
        hit = self.hits.get(token.i)
        if hit is not None:
            entry = hit[1]
            if entry.kind == "person":
                actor = self._person(token, hit[0])
                return actor.code if actor else None
            return entry.code
        if token.dep_ == "poss" and token.lower_ in NON_PERSON and self._cue(token.head):
            actor = self.resolve(token)  # "its foreign minister": an office of the body "its" is; not "its sea"
            return actor.code if actor is not None else None
        for child in token.children:  # "Hong Kong" chains, "the UK's", "Chinese Communist party"
            if child.dep_ in ("compound", "poss", "amod") and child.i < token.i:
                code = self._state_of(child)
                if code:
                    return code
        return None

    def _make_span(self, span: Span, name: str, code: str | None, sector: str | None, method: str) -> Actor:
        return Actor(span.text, name, code, sector, method, CONFIDENCE[method], span.start_char, span.end_char,
                     span.root.i)

    def author_actor(self) -> Actor | None:
        """Who \"we\" is in a first-person text (None when the text names no government first)."""
        return self._author()

    def _author(self) -> Actor | None:
        if self.author is None:
            self.author = self._find_author()
        return self.author

    def author_voice(self) -> bool:
        """Whether the document speaks in its author's voice: first person, or published by a government or
        organisation (a readout: "The Prime Minister spoke to ...")."""
        return self.publisher is not None or self.first_person_text()

    def first_person_text(self) -> bool:
        """Whether the text speaks as "we"/"I" outside quotes: a statement, letter or press release."""
        if self._first_person is None:
            self._first_person = any(t.lower_ in ("we", "our", "i") and t.pos_ == "PRON" and not self.in_quote(t)
                                     for t in self.doc)
        return self._first_person

    def _find_author(self) -> Actor | None:
        """Who "we" is outside quotes: the publisher of a government or organisation page (:mod:`.author`), else
        the first government or organisation the text names before it first speaks as "we" (a heading, a
        dateline, "The Ministry of Foreign Affairs of X ..."); one named only after that is spoken about, not
        the speaker ("We condemn the attack on Qatar")."""
        if self.publisher is not None:
            found = self.publisher
            return Actor(found.name, found.name, found.code, found.sector, "author", CONFIDENCE["author"], 0, 0, -1)
        voice = next((t.i for t in self.doc if t.lower_ in ("we", "our", "i") and t.pos_ == "PRON"
                      and not self.in_quote(t)), len(self.doc))
        for index in sorted(i for i in self.hits if i < voice):
            span, entry = self.hits[index]
            if index == span.start and entry.code and entry.sector in ("GOV", "IGO") and entry.kind in (
                    "seat", "country", "capital", "org"):
                return Actor(span.text, entry.name, entry.code, entry.sector, "author", CONFIDENCE["author"],
                             span.start_char, span.end_char, span.root.i)
        return None


def _covers(body: Span, person: Span) -> bool:
    """Whether a body's name spans a person span but for leading articles."""
    rest = [t for t in person if not (body.start <= t.i < body.end)]
    return body.start >= person.start and body.end <= person.end and all(t.lower_ == "the" for t in rest)
