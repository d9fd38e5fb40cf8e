"""Generators of the three inputs that once made Detente's cost blow up (issue 12): a file of quotation marks,
a file of many short lines and a long news-like article. Deterministic (seeded), so benchmarks and tests read
the same text for the same size; the tests use small sizes.

Usage: python scripts/pathological.py KIND SIZE OUT   (KIND: quotes | lines | article; SIZE in bytes for quotes,
characters for article, lines for lines)
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

__all__ = ["GENERATORS", "article_text", "lines_text", "quotes_text"]

SEED = 12
_MARKS = ['"', "\u201c", "\u201d", "'", "\u00ab", "\u00bb", "\u2018", "\u2019"]
_WORDS = ["the", "minister", "said", "peace", "France", "talks", "no", "yes", "war", "Germany", "never", "now"]
_STATES = ["France", "Germany", "China", "Russia", "Japan", "India", "Brazil", "Canada", "Turkey", "Egypt",
           "Iran", "Israel", "Ukraine", "Poland", "Spain", "Italy", "Kenya", "Nigeria", "Mexico", "Australia"]
_PEOPLE = ["Emmanuel Macron", "Olaf Scholz", "Xi Jinping", "Vladimir Putin", "Narendra Modi", "Justin Trudeau",
           "Recep Tayyip Erdogan", "Antony Blinken", "Sergei Lavrov", "Annalena Baerbock"]
_VERBS = ["met", "criticised", "accused", "praised", "threatened", "signed an agreement with", "called on",
          "condemned", "visited", "sanctioned"]
_TOPICS = ["trade", "the border dispute", "energy prices", "the ceasefire", "climate finance", "grain exports",
           "nuclear talks", "migration", "the pipeline", "military aid"]


def quotes_text(size: int, *, seed: int = SEED) -> str:
    """About ``size`` bytes (UTF-8) of quotation-mark runs (mixed straight, curly, single and guillemets), some
    runs hundreds of marks long, with a few words between them."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        roll = rng.random()
        if roll < 0.15:  # a long run of one mark
            piece = rng.choice(_MARKS) * rng.randint(50, 2000)
        elif roll < 0.55:  # a short mixed run
            piece = "".join(rng.choice(_MARKS) for _ in range(rng.randint(1, 40)))
        else:  # words, sometimes quoted
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 8)))
            piece = f"{rng.choice(_MARKS)}{words}{rng.choice(_MARKS)}"
        piece += rng.choice([" ", " ", "", "\n", "\n\n"])
        parts.append(piece)
        length += len(piece.encode("utf-8"))
    return "".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def lines_text(count: int, *, seed: int = SEED) -> str:
    """``count`` short lines: "Line 123: France met Germany." and bare short lines ("ok", "12", "France")."""
    rng = random.Random(seed)
    lines: list[str] = []
    for number in range(count):
        roll = rng.random()
        if roll < 0.6:
            first, second = rng.sample(_STATES, 2)
            lines.append(f"Line {number}: {first} {rng.choice(_VERBS)} {second}.")
        elif roll < 0.8:
            lines.append(rng.choice(["ok", "-", "***", "yes", "no", "end", "x"]))
        elif roll < 0.9:
            lines.append(str(rng.randint(1, 99999)))
        else:
            lines.append(rng.choice(_STATES))
    return "\n".join(lines) + "\n"


def _sentence(rng: random.Random) -> str:
    first, second = rng.sample(_STATES, 2)
    person = rng.choice(_PEOPLE)
    roll = rng.random()
    if roll < 0.3:
        return f"{first} {rng.choice(_VERBS)} {second} over {rng.choice(_TOPICS)} on Tuesday."
    if roll < 0.5:
        return (f"\u201cWe will not accept any threat to {rng.choice(_TOPICS)},\u201d {person} said, adding that "
                f"{first} would work with {second}.")
    if roll < 0.65:
        return f"{person} told reporters that {second} had {rng.choice(_VERBS)} {first} last week."
    if roll < 0.8:
        return (f"According to officials in {first}, at least {rng.randint(2, 900)} people attended talks on "
                f"{rng.choice(_TOPICS)} with {second}.")
    if roll < 0.9:
        return f"He said the government of {first} {rng.choice(_VERBS)} {second} and warned of \"consequences\"."
    return f"The foreign minister of {first} {rng.choice(_VERBS)} {person} in {rng.choice(_STATES)}."


def article_text(size: int, *, seed: int = SEED) -> str:
    """About ``size`` characters of a real-looking news article: a headline, a dateline, then paragraphs of
    two to five sentences naming states, people and their quotes."""
    rng = random.Random(seed)
    paragraphs = ["Leaders meet as tensions rise over trade and security",
                  "PARIS, March 3 (Reuters) \u2014 " + _sentence(rng)]
    length = sum(len(p) + 2 for p in paragraphs)
    while length < size:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


#: kind -> generator(size, seed=...)
GENERATORS: dict[str, Callable[..., str]] = {"quotes": quotes_text, "lines": lines_text, "article": article_text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(GENERATORS))
    parser.add_argument("size", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    args.out.write_text(GENERATORS[args.kind](args.size, seed=args.seed), encoding="utf-8")


if __name__ == "__main__":
    main()
