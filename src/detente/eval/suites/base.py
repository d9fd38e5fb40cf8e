"""Helpers shared by the sentence suites: per-label accuracy rows and token overlap."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from detente.eval.common import ratio

__all__ = ["Judged", "label_rows", "token_f1", "tokens"]

_TOKEN = re.compile(r"\w+", re.UNICODE)
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass
class Judged:
    """One sentence of a classification suite: its gold label, the system's top label, all its labels."""

    gold: str
    top: str | None
    labels: set[str] = field(default_factory=set)

    @property
    def top_ok(self) -> bool:
        return self.top == self.gold

    @property
    def any_ok(self) -> bool:
        return self.gold in self.labels


def label_rows(judged: Iterable[Judged]) -> dict[str, dict[str, object]]:
    """Per gold label: n, top_correct, any_correct, accuracies; plus how often the system's top label was this
    label (``predicted``) and the share of those that were right (``top_precision``)."""
    items = list(judged)
    predicted = Counter(item.top for item in items if item.top)
    rows: dict[str, dict[str, object]] = {}
    labels = sorted({item.gold for item in items} | set(predicted))
    for label in labels:
        mine = [item for item in items if item.gold == label]
        top_ok = sum(item.top_ok for item in mine)
        any_ok = sum(item.any_ok for item in mine)
        right_predictions = sum(1 for item in items if item.top == label and item.top_ok)
        rows[label] = {
            "n": len(mine),
            "top_correct": top_ok,
            "top_accuracy": ratio(top_ok, len(mine)),
            "any_correct": any_ok,
            "any_accuracy": ratio(any_ok, len(mine)),
            "predicted": predicted.get(label, 0),
            "top_precision": ratio(right_predictions, predicted.get(label, 0)),
        }
    return rows


def tokens(text: str | None) -> list[str]:
    """Lower-case word tokens without articles (for span overlap)."""
    return [t for t in _TOKEN.findall((text or "").lower()) if t not in _ARTICLES]


def token_f1(system: str | None, gold: str | None) -> float:
    """Token-overlap F1 between two spans (bags of words; 0.0 when either is empty)."""
    got, want = Counter(tokens(system)), Counter(tokens(gold))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)
