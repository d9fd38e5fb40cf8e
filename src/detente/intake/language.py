"""Language identification with py3langid (a maintained, offline, fast langid.py)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["detect_language"]

# Below this many letters, identification is a guess; such texts are treated as English (our input).
MIN_LETTERS = 40
# Only the first part of a long article is needed to tell its language.
SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """Return (ISO 639-1 code, probability)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return "en", 0.0
    code, probability = _identifier().classify(sample)
    return code, float(probability)
