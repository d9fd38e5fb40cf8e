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
# Words that make such a noun a reference to exactly the parties just named.
GROUP_MARKS = frozenset({"both", "two", "three", "the", "all"})
# Plural pronouns that refer to the parties (outside quotes; in a quote "we" is the speaker's side).
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
# Dependencies of a sentence's participants: subjects, objects, the parties after with/to, and conjuncts.
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "dative"})
# The prepositions that introduce a party of an exchange ("spoke to X", "met with X", "talks between X and Y");
# others ("pressure on Russia", "the war in Ukraine") name what the parties talked about.
PARTY_PREPS = frozenset({"with", "to", "between", "and", "alongside"})
# How many sentences back the parties may have been named.
LOOKBACK_SENTENCES = 2
# Confidence of a party found this way (a prior, like the others in actors.model.CONFIDENCE).
GROUP_CONFIDENCE = 0.6


class GroupsMixin:
    """Methods of :class:`~detente.actors.state.DocActors` (``self`` is the document state)."""

    def _is_group_reference(self: DocActors, token: Token) -> bool:
        if token.lower_ in PLURAL_PRONOUNS and token.pos_ == "PRON":
            return not self.in_quote(token)
        if token.lower_ == "both" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            return True
        if token.lemma_.lower() not in GROUP_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return False
        marks = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
        modified = any(c.dep_ in ("amod", "compound", "poss") and c.lower_ not in ("two", "three") and
                       self.hits.get(c.i) is not None for c in token.children)
        return bool(marks & GROUP_MARKS) and not modified

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
            return prep.lower_ in PARTY_PREPS and (prep.head.pos_ in ("VERB", "AUX") or prep.lower_ == "between")
        return head.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")

    def group_reference(self: DocActors, token: Token) -> list[Actor]:
        """The parties a plural reference stands for: the coded participants of the last sentence before it
        that names two or more; empty when it is not such a reference."""
        if not self._is_group_reference(token):
            return []
        sentence = token.sent
        earlier = [s for s in self.doc.sents if s.end <= sentence.start][-LOOKBACK_SENTENCES:]
        people = token.lemma_.lower() in PERSON_GROUP_NOUNS
        for span in [*reversed(earlier)]:
            parties: list[Actor] = []
            for candidate in span:
                if not self._participant(candidate):
                    continue
                found = self.group_reference(candidate) or [a for a in [self.resolve(candidate)] if a is not None]
                for actor in found:
                    # a party is named ("President Erdogan", "the Kenyan president"), not a thing that a
                    # modifier gives a state to ("the DPRK's launch")
                    if actor.code and actor.method not in ("modifier", "context") and \
                            actor.code not in {p.code for p in parties} and (
                            not people or actor.method in PERSON_METHODS):
                        parties.append(actor)
            if len(parties) >= 2:
                return [replace(p, text=token.text, method="coreference", confidence=GROUP_CONFIDENCE,
                                start_char=token.idx, end_char=token.idx + len(token), root=token.i)
                        for p in parties]
        return []
