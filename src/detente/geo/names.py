"""Name keys shared by the gazetteer build and the run-time lookup, so that both sides agree byte for byte."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["name_key"]

_APOSTROPHES = str.maketrans({"\u2019": "", "\u2018": "", "'": "", "`": "", "\u00b4": "", "\u02bb": "", "\u02bc": "",
                              ".": "", "-": " ", "\u2010": " ", "\u2013": " ", "\u2014": " ", ",": " "})
# Latin letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d",
                          "ħ": "h"})
_SPACES = re.compile(r"\s+")
# A leading article is not part of a place's name ("the Kremlin", "the Hague" both match without it).
_ARTICLE = "the "


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Accent-free, case-free key: 'Côte d’Ivoire', "Cote d'Ivoire" and 'COTE D IVOIRE' meet on one key."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _SPACES.sub(" ", plain.casefold().translate(_LETTERS).translate(_APOSTROPHES)).strip()
    if key.startswith(_ARTICLE):
        key = key[len(_ARTICLE):]
    return key
