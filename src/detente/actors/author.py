"""Who speaks in a document's own voice: its publisher, when the page is a government's or an organisation's.

A statement, readout or speech published on a government or organisation site speaks for that publisher:
"We condemn ...", "The Prime Minister spoke to ...", "our partners". The publisher is found from the page's
address (``data/gazetteer/web_domains.tsv``; a country's government domain, ``gov.XX``, through ``cctld.tsv``),
else from the record's ``source`` field when it names a state organ or an organisation. News sites are no author:
a report's own voice is its journalists', and its "we" appears only in quotes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from detente.actors.gazetteer import Entry, Gazetteer
from detente.core.data import read_table
from detente.core.words import words

__all__ = ["Publisher", "publisher"]

logger = logging.getLogger(__name__)

# Labels under a country code that only governments use: gov.uk, gouv.fr, gob.mx, go.jp.
GOVERNMENT_LABELS = words("government_labels")
# The United States' own top-level domains.
US_DOMAINS = frozenset({"gov", "mil"})
# A source field is read as a publisher only when a name the gazetteer knows as one of these kinds is in it.
PUBLISHER_KINDS = frozenset({"seat", "org", "country", "adjective"})
# Sectors of the bodies whose pages speak for their state or organisation.
OFFICE_SECTORS = frozenset({"GOV", "LEG", "MIL", "IGO"})
_NAME_PIECES = re.compile(r"[\w.'’-]+(?:\s+[\w.'’-]+)*")


@dataclass(frozen=True)
class Publisher:
    """The author of a document's own voice, and how it was found (``domain`` or ``source``)."""

    code: str
    sector: str
    name: str
    found_by: str


@lru_cache(maxsize=1)
def _domains() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    domains = {row["domain"].lower(): (row["code"], row["sector"], row["name"])
               for row in read_table("gazetteer", "web_domains.tsv")}
    cctld = {row["cctld"]: row["code"] for row in read_table("gazetteer", "cctld.tsv")}
    return domains, cctld


def _host(url: str) -> str:
    text = url.strip()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    return host.lower().removeprefix("www.")


def _from_domain(url: str | None, gazetteer: Gazetteer) -> Publisher | None:
    host = _host(url or "")
    if not host:
        return None
    domains, cctld = _domains()
    labels = host.split(".")
    for start in range(len(labels)):  # the longest listed suffix first
        suffix = ".".join(labels[start:])
        if suffix in domains:
            code, sector, name = domains[suffix]
            return Publisher(code, sector, name, "domain")
    if labels[-1] in US_DOMAINS:
        return Publisher("USA", "GOV", gazetteer.country_names.get("USA", "United States"), "domain")
    if len(labels) >= 2 and labels[-2] in GOVERNMENT_LABELS and labels[-1] in cctld:
        code = cctld[labels[-1]]
        return Publisher(code, "GOV", gazetteer.country_names.get(code, code), "domain")
    return None


def _from_source(source: str | None, gazetteer: Gazetteer) -> Publisher | None:
    """"U.S. Mission to the United Nations", "Prime Minister's Office, 10 Downing Street": the first state organ
    or state named (an organisation only when the source names no state)."""
    text = (source or "").strip()
    if not text:
        return None
    found: list[Entry] = []
    for match in _NAME_PIECES.finditer(text):
        tokens = match.group(0).split()
        for length in range(len(tokens), 0, -1):
            for begin in range(0, len(tokens) - length + 1):
                entry = gazetteer.names.get(" ".join(tokens[begin: begin + length]))
                if entry is not None and entry.code and entry.kind in PUBLISHER_KINDS:
                    found.append(entry)
    if any(e.sector == "MED" for e in found) or not _names_an_office(text, found, gazetteer):
        return None  # "Voice of America": a newsroom, not a government speaking
    states = [e for e in found if e.kind != "org"]
    chosen = states[0] if states else (found[0] if found else None)
    if chosen is None or chosen.code is None:
        return None
    sector = "IGO" if chosen.kind == "org" else ("LEG" if chosen.sector == "LEG" else "GOV")
    return Publisher(chosen.code, sector, gazetteer.country_names.get(chosen.code, chosen.name), "source")


def _names_an_office(text: str, found: list[Entry], gazetteer: Gazetteer) -> bool:
    """Whether the source names a body that speaks for a state or organisation: a seat of power or an
    organisation of the gazetteer, or an office word ("Mission", "Department", "Ministry", "Office")."""
    if any(e.kind in ("seat", "org") and e.sector in OFFICE_SECTORS for e in found):
        return True
    return any(gazetteer.cues.get(word.lower().strip(".,()")) in OFFICE_SECTORS for word in text.split())


def publisher(url: str | None, source: str | None, gazetteer: Gazetteer) -> Publisher | None:
    """The publisher of a government or organisation page, from its address, else from its source field."""
    return _from_domain(url, gazetteer) or _from_source(source, gazetteer)
