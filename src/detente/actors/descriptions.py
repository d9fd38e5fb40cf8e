"""Common nouns, modifiers, parties and anaphors: "the government", "Chinese officials", "the alliance"."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from detente.actors.gazetteer import Entry
from detente.actors.model import BLAME_VERBS, GATHERING_NOUNS, GENERIC_MODIFIERS, HEAD_TITLES, MODIFIER_DEPS, Actor

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["DescriptionsMixin"]


class DescriptionsMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _org_anaphor(self: DocActors, token: Token) -> Actor | None:
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

    def _modifier_group(self: DocActors, token: Token) -> Entry | None:
        """The group or body a phrase with no cue word of its own belongs to, with its sector on the date: "BN(O)
        status holders" (the group's people), "the rebel FDLR force" (REB), "Northern Fleet's Arctic Group" (MIL).
        A body that is the state's government itself ("the Kremlin's position") is not: the phrase stays GOV."""
        for child in token.children:
            if child.dep_ in MODIFIER_DEPS and child.i < token.i:
                hit = self.hits.get(child.i)
                if hit is None or not hit[1].code:
                    continue
                entry = hit[1]
                if entry.kind in ("group", "demonym"):
                    return entry
                if entry.kind == "seat" and hit[0].root.i == child.i:
                    sector = self._entry_sector(entry)
                    if sector not in (None, "GOV", "PTY"):
                        return replace(entry, sector=sector)
        return None

    def _entry_sector(self: DocActors, entry: Entry) -> str | None:
        """A seat's or group's sector on the document's date: a body whose standing changed is dated in
        seat_sectors.tsv ("the Taliban" REB from December 2001, GOV from 15 August 2021); others keep theirs."""
        if entry.kind in ("seat", "group", "org"):
            dated = self.index.gazetteer.sector_on(entry.name, self.published)
            if dated is not None:
                return dated
        return entry.sector

    def _title_sector(self: DocActors, token: Token, sector: str | None) -> str | None:
        """The sector of a title noun: a former office holder is ELI; one who heads or speaks for a body named in
        its complement takes the body's sector ("president of the Riigikogu": LEG, "head of the Taliban" in
        2010: REB); else the cue word's."""
        sector = self._former(token, sector)
        if sector == "ELI":
            return sector
        return self._headed_body(token) or sector

    def _headed_body(self: DocActors, token: Token) -> str | None:
        """The sector of the body a head title governs through "of"/"for": "speaker of the Knesset" -> LEG."""
        if token.lower_ not in HEAD_TITLES and token.lemma_.lower() not in HEAD_TITLES:
            return None
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
                continue
            for obj in prep.children:
                hit = self.hits.get(obj.i) if obj.dep_ == "pobj" else None
                if hit is not None and hit[1].kind in ("seat", "org"):
                    if hit[1].kind == "seat" and hit[1].sector == "PTY":
                        return self._party_sector(hit[1], None)  # "leader of the Labour Party" in 2021: OPP
                    return self._entry_sector(hit[1])
        return None

    def _party_of(self: DocActors, token: Token) -> Entry | None:
        """The party named by ``token`` or one of its modifiers ("Labour leader", "Communist party officials")."""
        modifiers = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
        # the party word may sit one level down: "Communist party" in "Chinese Communist party officials"
        for candidate in (token, *modifiers, *(c for m in modifiers for c in m.children if c.dep_ in MODIFIER_DEPS)):
            hit = self.hits.get(candidate.i)
            if hit is not None and hit[1].kind == "seat" and hit[1].sector == "PTY":
                return hit[1]
        return None

    def _party_sector(self: DocActors, party: Entry, sector: str | None) -> str | None:
        """People of a party by the party's standing on the document's date (party_status.tsv): opposition
        politicians are OPP, officials of a one-party state's ruling party GOV, others PTY. A sector the head
        noun gives on its own ("Labour MPs": LEG, "former Labour leader": ELI) stands."""
        if sector not in (None, "GOV", "PTY", "OPP", "IGO"):
            return sector
        status = self.index.gazetteer.party_status(party.name, self.published)
        return {"one-party": "GOV", "opposition": "OPP"}.get(status or "", "PTY")

    def _agent_state(self: DocActors, token: Token) -> str | None:
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

    def _clause_agent_state(self: DocActors, token: Token) -> str | None:
        """"the leadership shown by Chile", "the government led by its prime minister": a body whose own
        participle clause names its agent belongs to the agent's state, not to the last state named."""
        for clause in (c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            for obj in (o for a in clause.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"):
                actor = self.resolve(obj)
                if actor is not None and actor.code and actor.sector == "GOV":
                    return actor.code
        return None

    def _blamed(self: DocActors, token: Token) -> Actor | None:
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

    def _recent_of_sector(self: DocActors, token: Token, sector: str | None, *,
                          other_than: str | None = None) -> str | None:
        """"one backbencher" after "hawkish backbench MPs": the last coded actor of the same sector (not of the
        state ``other_than``)."""
        for index in range(token.i - 1, max(token.i - 150, -1), -1):
            actor = self.memo.get(index)
            if actor is not None and actor.code and actor.sector == sector and actor.method != "context" \
                    and actor.code != other_than:
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

    def _compound_cue(self: DocActors, token: Token) -> tuple[str, str] | None:
        """"Minsk police station", "army base", "Armed Forces positions": the sector of a noun modifier when the
        head has none."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in token.children:
            if child.dep_ == "compound" and child.i < token.i and child.pos_ in ("NOUN", "PROPN"):
                cue = self._cue(child)
                if cue:
                    return cue
        return None

    def _cue(self: DocActors, token: Token) -> tuple[str, str] | None:
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

    def _modifier_state(self: DocActors, token: Token, depth: int = 0, outside: Span | None = None,
                        direct_only: bool = False) -> str | None:
        """The state named by a modifier of ``token``: possessive first ("China's UK ambassador" is China's)."""
        ordered = sorted(token.children, key=lambda c: (c.dep_ != "poss", -c.i))
        for child in ordered:
            if outside is not None and outside.start <= child.i < outside.end:
                continue
            if child.dep_ in MODIFIER_DEPS and child.i < token.i:
                code = self._state_of(child)
                if code and _sympathy(child):  # "pro-Russian separatists": of the state they act in
                    return self.recent_state(token, other_than=code)
                if code:
                    return code
        code = self._base_state(token)
        if code or direct_only:
            return code
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from") and depth < 2:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        code = self._state_of(obj) or self._modifier_state(obj, depth + 1)
                        if code:
                            return code
        return None

    def _base_state(self: DocActors, token: Token) -> str | None:
        """The state a group or firm is based in: "a Pakistan-based terrorist group", "entities based in South
        Africa". Where an actor is based is whose it is, for a group as for a company; so is who leads it ("the
        Saudi-led coalition", "a force led by France"), unlike who backs it ("Iran-backed militias")."""
        codes = self.base_states(token)
        return codes[0] if codes else None

    def base_states(self: DocActors, token: Token) -> list[str]:
        """Every state of a base list ("entities based in South Africa, in Hong Kong, and in China"), the first
        one first. The parser often hangs the list's later members on the clause verb; a prepositional phrase
        of the same preposition just after the base phrase, coordinated with one more ("in B, and in C"), is
        read as the list going on."""
        for child in token.children:
            if child.lower_ not in ("based", "led") or child.dep_ not in ("amod", "acl"):
                continue
            places = [c for c in child.children if c.dep_ in ("npadvmod", "compound") and c.i < child.i]
            preps = ("in", "at") if child.lower_ == "based" else ("by",)
            phrases = [p for p in child.children if p.dep_ in ("prep", "agent") and p.lower_ in preps]
            phrases += [c for p in phrases for c in p.conjuncts if c.lower_ in preps]
            phrases += _continued_list(child, preps)
            places += [o for p in phrases for o in p.children if o.dep_ == "pobj"]
            codes = [code for code in (self._state_of(place) for place in places) if code]
            if codes:
                return list(dict.fromkeys(codes))
        return []

    def _place_anaphor(self: DocActors, token: Token) -> Actor | None:
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

    def _document_author(self: DocActors, token: Token) -> Actor | None:
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

    def _phrase_state(self: DocActors, token: Token) -> str | None:
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


# Prefixes that make a state's adjective a stance, not a nationality: "pro-Russian separatists" in Ukraine are
# Ukrainian rebels, "anti-American protesters" are not American.
STANCE_PREFIXES = frozenset({"pro", "anti"})


def _sympathy(modifier: Token) -> bool:
    """Whether a modifier is "pro-X" or "anti-X" (one token, or three with the hyphen split off)."""
    head, _, rest = modifier.lower_.partition("-")
    if rest and head in STANCE_PREFIXES:
        return True
    doc = modifier.doc
    return modifier.i >= 2 and doc[modifier.i - 1].text == "-" and doc[modifier.i - 2].lower_ in STANCE_PREFIXES


def _continued_list(phrase: Token, preps: tuple[str, ...]) -> list[Token]:
    """"based in A, in B, and in C", parsed with "in B" (and its conjunct "in C") on the clause verb: the
    prepositions right after the phrase (a comma between) that have a coordinated twin."""
    doc = phrase.doc
    after = phrase.right_edge.i + 1
    while after < len(doc) and doc[after].text == ",":
        after += 1
    if after >= len(doc) or doc[after].lower_ not in preps or doc[after].dep_ != "prep":
        return []
    twins = [c for c in doc[after].conjuncts if c.lower_ in preps]
    return [doc[after], *twins] if twins else []

