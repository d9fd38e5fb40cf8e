"""Resolve noun phrases, names and pronouns in a parsed Doc to coded actors.

Resolution order for a phrase (the ``method`` recorded on each mention):
``gazetteer`` (a state, capital, seat of power, organisation or group), ``title`` (a title or appositive
in the text: "UK Foreign Secretary Dominic Raab"), ``roles`` (the roles knowledge base on the document's
date), ``coreference`` (a later mention of someone or something named earlier: "Mr Raab", "the foreign
secretary", "he"), ``memory`` (a role stated in another document of the corpus), ``context`` (a bare
"the government" read as the state the text is about).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from detente.actors.gazetteer import Entry, Gazetteer, load_gazetteer
from detente.actors.roles import RolesKB, load_roles
from detente.quotes.marks import quote_spans
from detente.words import words

__all__ = ["Actor", "ActorIndex", "DocActors", "Resolution", "resolve_actor"]

# Dependency labels of modifiers that name the state of a noun: "Chinese officials", "China's envoy",
# "UK Foreign Secretary", "officials of China".
MODIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod", "npadvmod", "nn"})
# Confidence by method: how often each kind of evidence is right, as a prior, not a measurement.
CONFIDENCE = {"gazetteer": 0.95, "extra": 0.95, "title": 0.9, "roles": 0.85, "coreference": 0.75,
              "memory": 0.7, "pronoun": 0.6, "context": 0.5, "author": 0.45, "modifier": 0.6}
THIRD_PERSON = {"he", "she", "him", "her"}
# Capitalised words that are never surnames here even when a holder has that name ("May", "Friday").
WEEKDAYS_MONTHS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                             "january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"})
NON_PERSON = {"it"}
# Modifiers that make a description generic rather than a reference to one state.
GENERIC_MODIFIERS = words("generic_modifiers")
# People who act for someone named in their "of" complement.
ASSOCIATE_NOUNS = words("associate_nouns")
# Document nouns stand for their authors: "a report by British MPs urged ...".
DOCUMENT_NOUNS = words("document_nouns")
# Documents written by the public: "a petition" with no named author is the population's request.
PUBLIC_DOCUMENTS = words("public_documents")
# Cue words of an opposition that exists only against a state ("dissidents", "pro-democracy figures"): such a
# group belongs to the state the text is about even with no state named.
REGIME_OPPOSITION = words("regime_opposition")
STANCE_NOUNS = words("stance_nouns")
# Verbs that hold someone to account: "those responsible" refers back to their object.
BLAME_VERBS = words("blame_verbs")
GOVERNMENT_ERA_NOUNS = words("government_era_nouns")
# Bodies rather than persons: a name after "the administration said" is not the administration's name.
INSTITUTION_NOUNS = words("institution_nouns")
# Heads of a meeting that stands for its members: "the meeting of advanced economies" is the G7.
GATHERING_NOUNS = words("gathering_nouns")
# Sectors that name a state organ: an unmodified one used by a state's clause belongs to that state.
STATE_ORGANS = frozenset({"GOV", "MIL", "COP", "SPY"})
FIRST_PERSON = {"i", "me", "we", "us", "our", "my"}
SECOND_PERSON = {"you", "your"}
HONORIFICS = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame", "Lord", "Lady"}


@dataclass
class Actor:
    """A coded actor mention."""

    text: str
    name: str | None
    code: str | None
    sector: str | None
    method: str
    confidence: float
    start_char: int = 0
    end_char: int = 0
    root: int = -1

    def record(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "code": self.code, "sector": self.sector}


@dataclass
class Resolution:
    """The answer of :func:`resolve_actor`."""

    text: str
    code: str | None
    sector: str | None
    name: str | None
    method: str
    confidence: float


class ActorIndex:
    """Gazetteer, roles and user additions compiled into one phrase matcher for a vocabulary."""

    def __init__(self, nlp, *, gazetteer: Gazetteer | None = None, roles: RolesKB | None = None,
                 extra: dict[str, tuple[str, str | None]] | None = None,
                 memory: dict[str, tuple[str, str]] | None = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.roles = roles or load_roles()
        self.memory = dict(memory or {})
        self.entries: dict[str, Entry] = {}
        for phrase, (code, sector) in (extra or {}).items():
            self.entries[phrase] = Entry(code, sector, phrase, "extra")
        for phrase, entry in self.gazetteer.names.items():
            self.entries.setdefault(phrase, entry)
        for name in self.roles.names():
            self.entries.setdefault(name, Entry(None, None, self.roles.canonical[name], "person"))
        self.organisations = {e.code for e in self.entries.values() if e.kind == "org" and e.code}
        self.surnames: dict[str, set[str]] = {}
        for name in self.roles.names():
            parts = name.split()
            if len(parts) > 1:
                self.surnames.setdefault(parts[-1], set()).add(self.roles.canonical[name])
        # Patterns are tokenised by the pipeline's own tokenizer so that they split exactly as text does.
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        phrases = list(self.entries)
        for phrase, pattern in zip(phrases, nlp.tokenizer.pipe(phrases), strict=True):
            self.matcher.add(phrase, [pattern])

    def entry(self, span: Span) -> Entry | None:
        return self.entries.get(span.text)

    def cue(self, *words: str) -> str | None:
        return self.gazetteer.cues.get(" ".join(w.lower() for w in words))


@dataclass
class _Person:
    key: str
    surname: str
    code: str | None
    sector: str | None
    role: str
    first: int
    subject_at: list[int] = field(default_factory=list)


@dataclass
class DocActors:
    """Per-document actor state: names found, persons met so far, states mentioned, the quote spans."""

    doc: Doc
    index: ActorIndex
    published: date | None
    hits: dict[int, tuple[Span, Entry]] = field(default_factory=dict)
    persons: list[_Person] = field(default_factory=list)
    state_positions: list[int] = field(default_factory=list)
    state_codes: list[str] = field(default_factory=list)
    quotes: list[tuple[int, int, bool]] = field(default_factory=list)
    memo: dict[int, Actor | None] = field(default_factory=dict)
    author: Actor | None = None
    _first_person: bool | None = None
    _resolving: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, doc: Doc, index: ActorIndex, published: date | None) -> DocActors:
        state = cls(doc=doc, index=index, published=published)
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"] + _titled_names(doc, index)
        in_person = {i for person in people for i in range(person.start, person.end)}
        # A region or city name inside a person's name is the person ("Guerrero said", "Virginia Raggi").
        spans = [doc[s:e] for _, s, e in index.matcher(doc)
                 if not (e - s == 1 and s in in_person and getattr(index.entry(doc[s:e]), "kind", None) == "region")]
        chosen = filter_spans([*spans, *people])
        for span in chosen:
            entry = index.entry(span)
            if span.label_ == "PERSON" and (entry is None or (entry.kind == "region" and len(span) == 1)):
                entry = Entry(None, None, span.text, "person")
            if entry is None:
                continue
            if entry.kind == "adjective" and span.root.dep_ in ("nsubj", "dobj", "pobj") and span.root.pos_ == "PROPN":
                entry = Entry(entry.code, "GOV", entry.name, "country")  # "the Chinese" used as a noun
            for token in span:
                state.hits[token.i] = (span, entry)
            if entry.kind in ("country", "capital") and entry.code:
                state.state_positions.append(span.start)
                state.state_codes.append(entry.code)
        for token in doc:
            if token.i not in state.hits and token.is_upper and len(token) > 3:
                entry = index.entries.get(token.text.title())
                if entry is not None and entry.kind in ("country", "capital"):
                    state.hits[token.i] = (doc[token.i : token.i + 1], entry)
        for token in doc:
            # A bare surname of a current office holder ("Macron said ..."), whatever entity label spaCy gave it,
            # when exactly one holder in the roles knowledge base has that surname on the document's date.
            if token.i in state.hits or token.pos_ != "PROPN" or not token.is_title or len(token) < 4 \
                    or token.ent_type_ in ("DATE", "TIME", "GPE", "LOC") or token.lower_ in WEEKDAYS_MONTHS:
                continue
            holders = [name for name in index.surnames.get(token.text, ())
                       if (found := index.roles.lookup(name, published)) is not None and found[1]]
            if len(holders) == 1:
                state.hits[token.i] = (doc[token.i : token.i + 1], Entry(None, None, holders[0], "person"))
        # One part of a full name met anywhere in the document stands for that person: the surname ("Raab"), or
        # the family name written first ("Kim" for Kim Jong Un, also in a headline before the full name).
        parts: dict[str, set[str]] = {}
        for span in chosen:
            entry = index.entry(span)
            if len(span) > 1 and (span.label_ == "PERSON" or (entry is not None and entry.kind == "person")):
                name = entry.name if entry is not None and entry.kind == "person" else span.text
                for part in {span[0].text, span[-1].text}:
                    if part not in HONORIFICS and part.istitle() and not index.cue(part):
                        parts.setdefault(part, set()).add(name)
        for token in doc:
            full = parts.get(token.text)
            if full is None or len(full) != 1 or not token.is_title:
                continue
            hit = state.hits.get(token.i)
            if hit is None or (hit[1].kind == "person" and len(hit[0]) == 1 and hit[1].name == token.text):
                state.hits[token.i] = (doc[token.i : token.i + 1], Entry(None, None, next(iter(full)), "person"))
        state.quotes = quote_spans(doc.text)
        return state

    # -- helpers ---------------------------------------------------------------------------------
    def in_quote(self, token: Token) -> bool:
        position = token.idx
        return any(start <= position < end for start, end, _ in self.quotes)

    def recent_state(self, token: Token) -> str | None:
        """The state named last before ``token``: what "the government" most likely refers to."""
        at = bisect.bisect_left(self.state_positions, token.i)
        return self.state_codes[at - 1] if at else (self.state_codes[0] if self.state_codes else None)

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

    # -- resolution ------------------------------------------------------------------------------
    def resolve(self, token: Token) -> Actor | None:
        if token.i not in self.memo:
            self.memo[token.i] = self._resolve(token)
        return self.memo[token.i]

    def _resolve(self, token: Token) -> Actor | None:
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
        if token.lemma_.lower() in ASSOCIATE_NOUNS:
            inner = [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "within")
                     for o in p.children if o.dep_ == "pobj"]
            if inner:  # "allies of Mr Raab", "elements in the ruling party": the principal's side
                actor = self.resolve(inner[0])
                if actor is not None and actor.code:
                    party = self._party_of(inner[0])
                    sector = self._party_sector(party, None) if party else actor.sector
                    return self._make(token, actor.name, actor.code, sector, "modifier")
        hit = self.hits.get(token.i)
        if hit is not None:
            span, entry = hit
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
            if entry.kind != "adjective":
                method = "extra" if entry.kind == "extra" else "gazetteer"
                code = entry.code
                if entry.kind == "seat":
                    # "Chile's Defense Department", "the Saudi National Guard": the named state owns the body.
                    owner = self._modifier_state(span.root, outside=span)
                    if owner and owner != code:
                        return self._make(token, self._name(owner), owner, self._former(token, entry.sector), method)
                return self._make(token, entry.name, code, self._former(token, entry.sector), method)
        place = self._place_anaphor(token) or self._org_anaphor(token)
        if place is not None:
            return place
        cue = self._cue(token) or self._compound_cue(token)
        if cue is None:
            # "senior Chinese actors", "Croatia's advance": a state named by a direct modifier. Not through
            # "of" ("a meeting of the Security Council" is not the Council acting).
            code = self._modifier_state(token, direct_only=True)
            if code and token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "CARDINAL", "MONEY"):
                group = self._modifier_group(token)  # "BN(O) status holders": people of the group's sector
                return self._make(token, self._name(code), code, group.sector if group else "GOV", "modifier")
            return None
        sector, words = cue
        sector = self._former(token, sector)
        code = self._modifier_state(token)
        if code is not None:
            party = self._party_of(token)
            if party is not None:
                sector = self._party_sector(party, sector)  # "Labour MPs" LEG; "Communist party officials" GOV
            return self._make(token, self._name(code), code, self._org_sector(code, sector), "gazetteer")
        person = self._person_with_title(words, token)
        if person is not None:
            return self._make(token, person.key, person.code, person.sector or sector, "coreference")
        code = self._phrase_state(token)
        if code is not None:
            return self._make(token, self._name(code), code, sector, "modifier")
        code = self._agent_state(token) if sector in STATE_ORGANS else None
        if code is not None:
            return self._make(token, self._name(code), code, sector, "context", 0.55)
        if self.first_person_text() and (self._definite(token) or self._owned_by_author(token)):
            author = self._author()
            if author is not None and author.code:
                return self._make(token, author.name, author.code, sector, "author")
        regime = sector == "OPP" and bool(set(words.replace("-", " ").split()) & REGIME_OPPOSITION)
        if self._definite(token) or self._in_title(token) or (sector in ("GOV", "LEG") and self._bare_plural(token)) \
                or (regime and not self._generic(token)):
            code = self._recent_of_sector(token, sector) or self.recent_state(token)
            if code is not None:
                return self._make(token, self._name(code), code, sector, "context")
        return self._make(token, None, None, sector, "context", 0.3)

    def resolve_all(self, token: Token) -> list[Actor]:
        """The actors a noun stands for: one per state when modifiers are coordinated ("Chinese and Russian
        officials", "US and EU officials"), else the single resolution."""
        actor = self.resolve(token)
        if actor is None:
            return []
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

    def _org_sector(self, code: str, sector: str | None) -> str | None:
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

    def _org_anaphor(self, token: Token) -> Actor | None:
        """"the alliance" after NATO was named, "the meeting of advanced economies" after the G7: a description
        of an organisation named earlier in the document (org_descriptions.tsv)."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        target = token
        if token.lemma_.lower() in GATHERING_NOUNS:
            inner = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj"]
            if not inner:
                return None
            target = inner[0]
        elif not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
            return None
        words = [c.lower_ for c in target.lefts if c.dep_ in ("amod", "compound", "nummod", "punct")]
        phrase = " ".join([*words, target.lower_])
        descriptions = self.index.gazetteer.org_descriptions
        fitting = {code for code, known in descriptions.items() if any(
            phrase == d or phrase.endswith(" " + d) for d in known)}
        if not fitting:
            return None
        # The last one named before; else, as in a lede that names the body only later, the first one after.
        for index in [*range(token.i - 1, -1, -1), *range(token.i + 1, len(self.doc))]:
            hit = self.hits.get(index)
            if hit is not None and hit[1].kind == "org" and hit[1].code in fitting and index == hit[0].start:
                code = hit[1].code
                return self._make(token, self._name(code), code, "IGO", "coreference", 0.6)
        return None

    def _modifier_group(self, token: Token) -> Entry | None:
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS and child.i < token.i:
                hit = self.hits.get(child.i)
                if hit is not None and hit[1].kind in ("group", "demonym") and hit[1].code:
                    return hit[1]
        return None

    def _party_of(self, token: Token) -> Entry | None:
        """The party named by ``token`` or one of its modifiers ("Labour leader", "Communist party officials")."""
        modifiers = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
        # the party word may sit one level down: "Communist party" in "Chinese Communist party officials"
        for candidate in (token, *modifiers, *(c for m in modifiers for c in m.children if c.dep_ in MODIFIER_DEPS)):
            hit = self.hits.get(candidate.i)
            if hit is not None and hit[1].kind == "seat" and hit[1].sector == "PTY":
                return hit[1]
        return None

    def _party_sector(self, party: Entry, sector: str | None) -> str | None:
        """People of a party by the party's standing on the document's date (party_status.tsv): opposition
        politicians are OPP, officials of a one-party state's ruling party GOV, others PTY. A sector the head
        noun gives on its own ("Labour MPs": LEG, "former Labour leader": ELI) stands."""
        if sector not in (None, "GOV", "PTY", "OPP", "IGO"):
            return sector
        status = self.index.gazetteer.party_status(party.name, self.published)
        return {"one-party": "GOV", "opposition": "OPP"}.get(status or "", "PTY")

    def _agent_state(self, token: Token) -> str | None:
        """"the US was ... sending Navy ships": an unmodified state organ inside the object of a state's act
        belongs to the state that acts (its clause's subject), not to the last state named."""
        if token.dep_ != "compound" or token.head.dep_ not in ("dobj", "pobj"):
            return None
        node = token.head.head
        for _ in range(6):
            if node.dep_ == "prep":
                node = node.head
                continue
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            if subjects:
                actor = self.resolve(subjects[0])
                return actor.code if actor is not None and actor.code and actor.sector == "GOV" else None
            if node.dep_ not in ("conj", "pcomp", "xcomp", "advcl", "prep") or node.head.i == node.i:
                return None
            node = node.head
        return None

    def _blamed(self, token: Token) -> Actor | None:
        """"accused China of abuses and said sanctions against those responsible ...": those responsible are the
        ones a blaming verb just before (same or previous sentence) held to account."""
        start = max(token.sent.start - 60, 0)
        for index in range(token.i - 1, start - 1, -1):
            verb = self.doc[index]
            if verb.pos_ == "VERB" and verb.lemma_.lower() in BLAME_VERBS:
                for child in verb.children:
                    if child.dep_ in ("dobj", "nsubjpass"):
                        actor = self.resolve(child)
                        if actor is not None and actor.code:
                            return self._make(token, actor.name, actor.code, actor.sector, "coreference", 0.5)
        return None

    @staticmethod
    def _in_title(token: Token) -> bool:
        """"ministry spokesman Wang Wenbin": a title before a name is definite, like "the spokesman"."""
        head = token
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
            if head.ent_type_ == "PERSON":
                return True
        return False

    @staticmethod
    def _owned_by_author(token: Token) -> bool:
        return any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in token.children)

    @staticmethod
    def _generic(token: Token) -> bool:
        return bool({c.lower_ for c in token.children if c.dep_ in ("amod", "det")} & GENERIC_MODIFIERS)

    def _recent_of_sector(self, token: Token, sector: str) -> str | None:
        """"one backbencher" after "hawkish backbench MPs": the last coded actor of the same sector."""
        for index in range(token.i - 1, max(token.i - 150, -1), -1):
            actor = self.memo.get(index)
            if actor is not None and actor.code and actor.sector == sector and actor.method != "context":
                return actor.code
        return None

    @staticmethod
    def _bare_plural(token: Token) -> bool:
        """"hawkish backbench MPs", "one backbencher": office holders named without a determiner, or as one of
        a group, belong to the state the text is about."""
        generic = {c.lower_ for c in token.children if c.dep_ in ("amod", "det")} & GENERIC_MODIFIERS
        if any(c.lower_ in ("one", "another") and c.dep_ in ("nummod", "det") for c in token.children):
            return not generic  # "one backbencher", "another MP": one of a group the text is about
        plural = token.tag_ in ("NNS", "NNPS") or (token.tag_ == "NNP" and token.text.endswith("s"))  # "MPs"
        return plural and not generic and not any(c.dep_ == "det" for c in token.children)

    @staticmethod
    def _definite(token: Token) -> bool:
        """"the government" refers to a government the text is about; "officials", "some Western
        politicians" or "foreign diplomats" do not point at any one state."""
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
        generic = {c.lower_ for c in token.children if c.dep_ == "amod"} & GENERIC_MODIFIERS
        proper = token.pos_ == "PROPN" and token.is_title  # "Parliament", "Congress" used as names
        return (proper or bool(determiners & {"the", "its", "their", "this", "these"})) and not generic

    @staticmethod
    def _former(token: Token, sector: str | None) -> str | None:
        """"a former White House official": former office holders are elites (ELI), not the government."""
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
        if modifiers & {"former", "ex", "ex-", "retired"}:
            return "ELI"
        return sector

    def _compound_cue(self, token: Token) -> tuple[str, str] | None:
        """"Minsk police station", "army base": the sector of a noun modifier when the head has none."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in token.children:
            if child.dep_ == "compound" and child.i < token.i and child.pos_ == "NOUN":
                cue = self._cue(child)
                if cue:
                    return cue
        return None

    def _name(self, code: str | None) -> str | None:
        return self.index.gazetteer.country_names.get(code or "", code)

    def _cue(self, token: Token) -> tuple[str, str] | None:
        """Sector of a head noun, trying the two-word form first ("foreign secretary", "prime minister")."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        # Longest cue first over the modifiers just before the head: "pro-democracy figures" (three tokens),
        # "foreign secretary", "prime minister".
        start = token.i
        while start > 0 and token.doc[start - 1].head.i in (token.i, *range(start, token.i)) and \
                token.doc[start - 1].dep_ in ("compound", "amod", "punct", "npadvmod", "nmod") and token.i - start < 4:
            start -= 1
        for begin in range(start, token.i):
            words = token.doc[begin : token.i + 1]
            # "pro- democracy figures": a hyphen left hanging by a line break or a translation slip
            text = words.text.lower().replace("- ", "-")
            sector = self.index.gazetteer.cues.get(text) or self.index.cue(
                *[t.lemma_ for t in words[:-1]], token.lemma_)
            if sector:
                return sector, text
        sector = self.index.cue(token.text) or self.index.cue(token.lemma_)
        return (sector, token.text.lower()) if sector else None

    def _modifier_state(self, token: Token, depth: int = 0, outside: Span | None = None,
                        direct_only: bool = False) -> str | None:
        """The state named by a modifier of ``token``: possessive first ("China's UK ambassador" is China's)."""
        ordered = sorted(token.children, key=lambda c: (c.dep_ != "poss", -c.i))
        for child in ordered:
            if outside is not None and outside.start <= child.i < outside.end:
                continue
            if child.dep_ in MODIFIER_DEPS and child.i < token.i:
                code = self._state_of(child)
                if code:
                    return code
        if direct_only:
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from") and depth < 2:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        code = self._state_of(obj) or self._modifier_state(obj, depth + 1)
                        if code:
                            return code
        return None

    def _place_anaphor(self, token: Token) -> Actor | None:
        """"the city", "the territory", "the island": the last place named before that news calls so.

        Only bare definite descriptions: "the city of Hong Kong" or "the Chinese city" name their place.
        """
        kinds = self.index.gazetteer.place_kinds
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in kinds and lemma not in ("capital", "country", "nation"):
            return None
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or any(
                c.dep_ in ("amod", "compound", "poss", "prep") for c in children):
            return None
        for index in range(token.i - 1, max(token.i - 250, -1), -1):
            hit = self.hits.get(index)
            if hit is None or hit[1].code is None or hit[1].kind not in ("country", "capital"):
                continue
            if hit[0].sent.start == token.sent.start and hit[0].root.dep_ in ("nsubj", "nsubjpass"):
                continue  # "Beijing imposed a law on the city": the subject is not what the city refers to
            code, kind = hit[1].code, hit[1].kind
            fits = (code in kinds.get(lemma, set()) or (lemma in ("city", "capital") and kind == "capital")
                    or (lemma in ("country", "nation") and kind == "country"))
            if fits:
                return self._make(token, self._name(code), code, "GOV", "coreference", 0.6)
        return None

    def _document_author(self, token: Token) -> Actor | None:
        for child in token.children:
            if child.dep_ == "poss":
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        actor = self.resolve(obj)
                        if actor is not None and actor.code:
                            return actor
        return None

    def _phrase_state(self, token: Token) -> str | None:
        """A state named further inside the phrase: "companies subject to the ... Law of the People's Republic
        of China", "officials in Beijing". Searched breadth-first through prepositions, a few levels deep."""
        frontier, depth = [token], 0
        while frontier and depth < 6:
            following: list[Token] = []
            for node in frontier:
                for child in node.children:
                    if child.i <= token.i or child.dep_ not in ("prep", "pobj", "amod", "compound", "poss"):
                        continue
                    hit = self.hits.get(child.i)
                    if hit is not None and hit[1].kind in ("country", "capital", "region", "adjective") and hit[1].code:
                        return hit[1].code
                    following.append(child)
            frontier, depth = following, depth + 1
        return None

    def _state_of(self, token: Token) -> str | None:
        hit = self.hits.get(token.i)
        if hit is not None:
            entry = hit[1]
            if entry.kind == "person":
                actor = self._person(token, hit[0])
                return actor.code if actor else None
            return entry.code
        for child in token.children:  # "Hong Kong" chains, "the UK's", "Chinese Communist party"
            if child.dep_ in ("compound", "poss", "amod") and child.i < token.i:
                code = self._state_of(child)
                if code:
                    return code
        return None

    # -- persons ---------------------------------------------------------------------------------
    def _person(self, token: Token, span: Span) -> Actor | None:
        if span.start in self._resolving:
            return None  # two names in each other's titles: stop instead of recursing
        self._resolving.add(span.start)
        try:
            return self._person_inner(token, span)
        finally:
            self._resolving.discard(span.start)

    def _person_inner(self, token: Token, span: Span) -> Actor | None:
        hit = self.hits.get(span.start)
        named = hit[1].name if hit is not None and hit[1].kind == "person" else span.text
        key = self.index.roles.canonical.get(span.text) or self.index.roles.canonical.get(named) or named
        parts = [p for p in key.split() if p not in HONORIFICS]
        surname = parts[-1] if parts else key
        title_sector, title_code, through_person = self._title(span)
        known = self._known_person(key, surname)
        role = self.index.roles.lookup(key, self.published)
        if role is None and known is None and len(parts) == 1:
            candidates = self.index.surnames.get(surname, set())
            current = [c for c in candidates if (r := self.index.roles.lookup(c, self.published)) and r[1]]
            # No sitting holder of that surname: a unique former one, when the text uses the name as a surname
            # ("Mr Trump", "the Trump administration" in 2021), not a given name ("Pope Francis").
            former = [] if current or not self._surname_use(span) else [
                c for c in candidates if (r := self.index.roles.lookup(c, self.published))
                and r[0].end is not None and r[0].end <= (self.published or date.today())]
            if len(current) == 1 or len(former) == 1:
                key = (current or former)[0]
                role = self.index.roles.lookup(key, self.published)
        code, sector, method, role_name = title_code, title_sector, "title", ""
        if code is None and title_sector is not None:
            # "ministry spokesman Wang Wenbin": a title with no state of its own takes the one its head noun
            # resolves to in context
            for word in self._title_tokens(span):
                if word.pos_ == "NOUN" and word.i not in self.hits and word.i < span.start and word.dep_ == "compound":
                    titled = self.resolve(word)
                    if titled is not None and titled.code and titled.method == "context":
                        code = titled.code
                        break
        if role is not None:
            office, current = role
            role_name = office.role if current else ""
            if current and through_person and code != office.code:
                # "US President Donald Trump and North Korean leader Kim Jong Un" parsed as one title: a state
                # taken from another person's name yields to the office this person holds on the date
                code, title_code, sector = office.code, None, None
            if code is None or code == office.code:
                code = office.code
                if current and sector in ("PTY", "OPP"):
                    sector = None  # a sitting prime minister introduced as "Labour leader" acts for the state
                sector = sector or (office.sector if current else "ELI")
                method = "title" if title_code else "roles"
        if code is None and known is not None:
            code, sector, method, role_name = known.code, sector or known.sector, "coreference", known.role
            key = known.key
        if code is None and key in self.index.memory:
            code, sector = self.index.memory[key]
            method = "memory"
        if code is None:
            unnamed = self._unnamed_subject_before(span)
            if unnamed is not None:
                code, sector, method = unnamed.code, sector or unnamed.sector, "coreference"
        if code is None and sector is None:
            return self._make(token, key, None, None, "title", 0.2)
        person = known
        if person is None:
            person = _Person(key, surname, code, sector, role_name or self._title_text(span), span.start)
            self.persons.append(person)
        if self._is_subject(span.root):
            person.subject_at.append(span.start)
        return self._make_span(span, key, code, sector or "GOV", method)

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

    def _make_span(self, span: Span, name: str, code: str | None, sector: str | None, method: str) -> Actor:
        return Actor(span.text, name, code, sector, method, CONFIDENCE[method], span.start_char, span.end_char,
                     span.root.i)

    def _known_person(self, key: str, surname: str) -> _Person | None:
        single = " " not in key
        for person in reversed(self.persons):
            if person.key == key or person.surname == surname:
                return person
            if single and key in person.key.split()[:1]:
                return person  # "Zhao" after "Zhao Lijian": family name first in Chinese, Korean, Hungarian names
        return None

    def _title_tokens(self, span: Span) -> list[Token]:
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

    def _title_text(self, span: Span) -> str:
        return " ".join(t.text for t in sorted(self._title_tokens(span), key=lambda t: t.i))

    def _title(self, span: Span) -> tuple[str | None, str | None, bool]:
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

    def _unnamed_subject_before(self, span: Span) -> Actor | None:
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

    def _person_with_title(self, words: str, token: Token) -> _Person | None:
        """"the foreign secretary" -> the last person met whose title contains those words."""
        for person in reversed(self.persons):
            if person.first < token.i and words in person.role.lower():
                return person
        return None

    # -- pronouns --------------------------------------------------------------------------------
    def _pronoun(self, token: Token) -> Actor | None:
        lower = token.lower_
        quoted = self.in_quote(token)
        if lower in THIRD_PERSON:
            person = self._last_person(token)
            if person is not None:
                return self._from_person(token, person, "pronoun")
            holder = self._last_office_holder(token)
            if holder is not None:
                return Actor(token.text, holder.name, holder.code, holder.sector, "pronoun", 0.5,
                             token.idx, token.idx + len(token), token.i)
            return None
        if lower in NON_PERSON and token.dep_ in ("nsubj", "nsubjpass"):
            return self._last_thing_subject(token)
        if lower in FIRST_PERSON:
            if quoted:
                person = self._speaker(token)
                if person is None:
                    return None
                sector = person.sector if lower in ("i", "me", "my") else (person.sector or "GOV")
                return self._from_person(token, person, "pronoun", sector=sector)
            author = self._author()
            if author is not None:
                return Actor(token.text, author.name, author.code, author.sector, "author",
                             CONFIDENCE["author"], token.idx, token.idx + len(token), token.i)
            return None
        if lower in SECOND_PERSON and quoted:
            speaker = self._speaker(token)
            for candidate in reversed(range(token.i)):
                actor = self.memo.get(candidate)
                if actor and actor.code and (speaker is None or actor.code != speaker.code) and actor.method in (
                        "gazetteer", "title", "roles", "modifier") and actor.sector == "GOV":
                    return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.4,
                                 token.idx, token.idx + len(token), token.i)
        return None

    def _from_person(self, token: Token, person: _Person, method: str, sector: str | None = None) -> Actor:
        return Actor(token.text, person.key, person.code, sector or person.sector, method, CONFIDENCE[method],
                     token.idx, token.idx + len(token), token.i)

    def _last_person(self, token: Token) -> _Person | None:
        """The most salient person before ``token``: the last one who was a clause subject, else the last one."""
        self._people_until(token.i)
        before = [p for p in self.persons if p.first < token.i and p.code]
        if not before:
            return None
        subjects = [(max(i for i in p.subject_at if i < token.i), p) for p in before
                    if any(i < token.i for i in p.subject_at)]
        if subjects:
            return max(subjects, key=lambda pair: pair[0])[1]
        return before[-1]

    def _people_until(self, index: int) -> None:
        """Resolve the named persons before ``index`` so that the person list is complete up to there."""
        for i, (span, entry) in sorted(self.hits.items()):
            if i >= index:
                break
            if entry.kind == "person" and i == span.start:
                self.resolve(span.root)

    def _speaker(self, token: Token) -> _Person | None:
        """Who says a quote: the subject of a reporting verb in the sentence, else the last person met."""
        sentence = token.sent
        for candidate in sentence:
            if candidate.lemma_ in REPORTING and candidate.pos_ == "VERB" and not self.in_quote(candidate):
                for child in candidate.children:
                    if child.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(child):
                        if child.pos_ == "PRON":
                            return self._last_person(child)
                        actor = self.resolve(child)
                        if actor and actor.code:
                            return _Person(actor.name or actor.text, actor.text.split()[-1], actor.code,
                                           actor.sector, "", child.i)
        return self._last_person(token)

    def author_actor(self) -> Actor | None:
        """Who \"we\" is in a first-person text (None when the text names no government first)."""
        return self._author()

    def _author(self) -> Actor | None:
        if self.author is None:
            self.author = self._find_author()
        return self.author

    def first_person_text(self) -> bool:
        """Whether the text speaks as "we"/"I" outside quotes: a statement, letter or press release."""
        if self._first_person is None:
            self._first_person = any(t.lower_ in ("we", "our", "i") and t.pos_ == "PRON" and not self.in_quote(t)
                                     for t in self.doc)
        return self._first_person

    def _find_author(self) -> Actor | None:
        """Who "we" is outside quotes: the first government or organisation the text names (its author)."""
        for index in sorted(self.hits):
            span, entry = self.hits[index]
            if index == span.start and entry.code and entry.sector in ("GOV", "IGO") and entry.kind in (
                    "seat", "country", "capital", "org"):
                return Actor(span.text, entry.name, entry.code, entry.sector, "author", CONFIDENCE["author"],
                             span.start_char, span.end_char, span.root.i)
        return None

    def _last_thing_subject(self, token: Token) -> Actor | None:
        """"the Global Times ... when it demanded": the last non-person actor that was a subject nearby."""
        start = max(token.sent.start - 60, 0)
        for index in range(token.i - 1, start - 1, -1):
            candidate = self.doc[index]
            if candidate.dep_ == "nsubj" and candidate.pos_ in ("NOUN", "PROPN") and candidate.ent_type_ != "PERSON":
                actor = self.resolve(candidate)
                if actor is not None and actor.code:
                    return Actor(token.text, actor.name, actor.code, actor.sector, "pronoun", 0.5,
                                 token.idx, token.idx + len(token), token.i)
        return None

    def _last_office_holder(self, token: Token) -> Actor | None:
        """"The US president will attend ..., where he is expected to ...": an unnamed office holder."""
        for index in range(token.i - 1, max(token.i - 200, -1), -1):
            candidate = self.doc[index]
            if candidate.dep_ == "nsubj" and candidate.pos_ == "NOUN":
                actor = self.resolve(candidate)
                if actor is not None and actor.code and actor.sector == "GOV":
                    return actor
        return None


def _titled_names(doc: Doc, index: ActorIndex) -> list[Span]:
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


REPORTING = words("reporting_verbs")


def resolve_actor(text: str, *, date: str | date | None = None, context: str | None = None,
                  extra_actors: dict[str, tuple[str, str | None]] | None = None) -> Resolution:
    """Resolve one actor phrase ("Chinese Vice-President Han Zheng") on a date.

    ``context`` is text that precedes the phrase (e.g. the article so far), used for later mentions.
    """
    from detente.actors.component import index_for
    from detente.events.dates import as_date
    from detente.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    when = as_date(date)
    prefix = (context.rstrip() + "\n\n") if context else ""
    with nlp.select_pipes(enable=[p for p in nlp.pipe_names if not p.startswith("detente_")] + ["detente_sentences"]):
        doc = nlp(prefix + text)
    state = DocActors.build(doc, index_for(nlp, extra_actors), when)
    start = len(prefix)
    tokens = [t for t in doc if t.idx >= start and not t.is_space]
    if not tokens:
        return Resolution(text, None, None, None, "none", 0.0)
    span = doc[tokens[0].i : tokens[-1].i + 1]
    candidates = [span.root, *[t for t in span if t.pos_ in ("PROPN", "NOUN", "PRON")]]
    for token in candidates:
        actor = state.resolve(token)
        if actor is not None and (actor.code or actor.sector):
            return Resolution(text, actor.code, actor.sector, actor.name, actor.method, actor.confidence)
    for token in span:  # "British" alone names a state but no actor in it
        hit = state.hits.get(token.i)
        if hit is not None and hit[1].code:
            return Resolution(text, hit[1].code, None, hit[1].name, "gazetteer", 0.5)
    if span.root.pos_ == "PRON" or span.root.lower_ in ("men", "man", "women", "woman", "people", "group"):
        return Resolution(text, None, "UNK", None, "none", 0.0)  # a person, but nothing says who
    return Resolution(text, None, None, None, "none", 0.0)
