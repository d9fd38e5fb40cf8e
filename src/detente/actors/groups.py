"""Plural references to the parties of what was just told: "the leaders", "both sides", "the two countries",
"both", "they". News and readouts name the parties of a call or meeting once and then refer to them together."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from detente.actors.model import Actor
from detente.core.words import words

if TYPE_CHECKING:
    from detente.actors.state import DocActors

__all__ = ["GroupsMixin"]

# Plural nouns that name the parties of an exchange: "the leaders", "both sides", "the two countries".
GROUP_NOUNS = words("group_nouns")
# Of those, the ones that name people: "the foreign ministers" are persons named before, not states.
PERSON_GROUP_NOUNS = words("person_group_nouns")
# How a party that is a person was found (a name, a title, a later mention of one).
PERSON_METHODS = frozenset({"title", "roles", "coreference", "pronoun", "memory", "author"})
# Head nouns that name a person whatever found its state ("his Danish counterpart", "Canada's foreign minister").
PERSON_HEADS = PERSON_GROUP_NOUNS | words("person_title_heads")
# Words that make such a noun a reference to exactly the parties just named.
GROUP_MARKS = frozenset({"both", "two", "three", "the", "all"})
# Plural pronouns that refer to the parties (outside quotes; in a quote "we" is the speaker's side).
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Dependencies of a sentence's participants: subjects, objects, the parties after with/to, and conjuncts.
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "dative"})
# The prepositions that introduce a party of an exchange ("spoke to X", "met with X", "talks between X and Y");
# others ("pressure on Russia", "the war in Ukraine") name what the parties talked about.
PARTY_PREPS = frozenset({"with", "to", "between", "and", "alongside"})
# Of those, the ones that join a party to an exchange noun ("a call with X"); "accession to NATO" is no party.
EXCHANGE_PREPS = frozenset({"with", "between", "alongside"})
# How many sentences back the parties may have been named.
LOOKBACK_SENTENCES = 2
# Nouns that mean the parties of the meeting just told with no determiner ("Participants agreed ..."): a readout
# names who attended once and then speaks of "participants", sometimes after a paragraph about the meeting.
SELF_REFERRING_GROUPS = frozenset({"participant"})
PARTICIPANT_LOOKBACK_SENTENCES = 4
# Confidence of a party found this way (a prior, like the others in actors.model.CONFIDENCE).
GROUP_CONFIDENCE = 0.6


class GroupsMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _is_group_reference(self: DocActors, token: Token) -> bool:
        if token.lower_ in PLURAL_PRONOUNS and token.pos_ == "PRON":
            return not self.in_quote(token)
        if token.lower_ == "both" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            return True
        if _group_lemma(token) not in GROUP_NOUNS:
            return False
        marks = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
        modified = any(c.dep_ in ("amod", "compound", "poss") and c.lower_ not in ("two", "three") and
                       self.hits.get(c.i) is not None for c in token.children)
        # "Participants welcomed ...": a word that by itself means the parties of the meeting just told
        return (bool(marks & GROUP_MARKS) or token.lemma_.lower() in SELF_REFERRING_GROUPS) and not modified

    @staticmethod
    def _participant(token: Token) -> bool:
        """A party of what a sentence tells: its subject or object, a with/to object, their conjuncts."""
        if token.dep_ not in PARTICIPANT_DEPS or token.pos_ not in ("PROPN", "NOUN", "PRON"):
            return False
        head = token
        while head.dep_ in ("conj", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj":  # "spoke to X", "talks with X" (not "accession to NATO", "as G20 members")
            prep = head.head
            if prep.dep_ == "agent":  # "the meeting was attended by X and Y", "chaired by X"
                return True
            if prep.lower_ not in PARTY_PREPS:
                return False
            # "held a call with X", "talks with X": the exchange noun a verb governs takes the party too
            exchange = prep.head.pos_ == "NOUN" and prep.head.dep_ in ("dobj", "nsubj", "nsubjpass") \
                and prep.lower_ in EXCHANGE_PREPS
            return prep.head.pos_ in ("VERB", "AUX") or prep.lower_ == "between" or exchange
        return head.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")

    def group_reference(self: DocActors, token: Token) -> list[Actor]:
        """The parties a plural reference stands for: the coded participants of the last sentence before it
        that names two or more; empty when it is not such a reference."""
        if not self._is_group_reference(token):
            return []
        sentence = token.sent
        lemma = _group_lemma(token)
        lookback = PARTICIPANT_LOOKBACK_SENTENCES if lemma in SELF_REFERRING_GROUPS else LOOKBACK_SENTENCES
        earlier = self.sentences_before(sentence, lookback)
        people = lemma in PERSON_GROUP_NOUNS
        for span in [*reversed(earlier)]:
            parties: list[Actor] = []
            titled: list[Actor] = []  # "the foreign ministers": the parties named with that title, if any
            for candidate in span:
                if not self._participant(candidate):
                    continue
                found = self.resolve_all(candidate)
                for actor in found:
                    # a party is named ("President Erdogan", "the Kenyan president"), not a thing that a
                    # modifier gives a state to ("the DPRK's launch")
                    if actor.code and actor.method not in ("modifier", "context") and \
                            actor.code not in {p.code for p in parties} and (
                            not people or actor.method in PERSON_METHODS or
                            candidate.lemma_.lower() in PERSON_HEADS):
                        parties.append(actor)
                        if people and _titled(candidate, lemma):
                            titled.append(actor)
            if len(titled) >= 2:
                parties = titled
            if len(parties) >= 2:
                if lemma in SELF_REFERRING_GROUPS:
                    self.cache["participants"] = parties
                return _as_reference(parties, token)
        if lemma in SELF_REFERRING_GROUPS and self.cache.get("participants"):
            # the meeting's participants, named further back, are still "the participants" of its readout
            return _as_reference(self.cache["participants"], token)
        return []


def _group_lemma(token: Token) -> str:
    """The singular of a plural noun ("ministers"; "Ministers", whose lemma the tagger may leave plural or whose
    tag it may make a singular proper noun); empty for anything else."""
    plural_tag = token.tag_ in ("NNS", "NNPS")
    if not plural_tag and not (token.tag_ == "NNP" and token.lower_.endswith("s")):
        return ""
    lemma = token.lemma_.lower()
    if lemma not in GROUP_NOUNS and token.lower_.endswith("s") and token.lower_[:-1] in GROUP_NOUNS:
        return token.lower_[:-1]
    return lemma if plural_tag else ""


def _titled(candidate: Token, lemma: str) -> bool:
    """Whether a party is named with the group's own title ("Foreign Minister Park Jin" for "the ministers")."""
    head = candidate
    while head.dep_ in ("compound", "flat") and head.head.i != head.i:
        head = head.head
    return any(t.lemma_.lower() == lemma or t.lower_ == lemma for t in head.subtree if t.i <= head.i)


def _as_reference(parties: list[Actor], token: Token) -> list[Actor]:
    """The parties as the plural reference ``token`` names them."""
    return [replace(p, text=token.text, method="coreference", confidence=GROUP_CONFIDENCE, start_char=token.idx,
                    end_char=token.idx + len(token), root=token.i) for p in parties]
