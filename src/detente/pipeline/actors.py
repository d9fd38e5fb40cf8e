"""Resolve one actor phrase outside any document (:func:`resolve_actor`); what Detente knows about a state or an
organisation (:func:`actors_kb`)."""

from __future__ import annotations

from datetime import date
from datetime import date as _date

from detente.actors.component import index_for
from detente.actors.gazetteer import load_gazetteer
from detente.actors.model import PEOPLE_NOUNS, KnownActor, Resolution
from detente.actors.roles import load_roles
from detente.actors.state import DocActors
from detente.core.dates import as_date
from detente.core.errors import NotFoundError
from detente.nlp.pipeline import load_pipeline

__all__ = ["actors_kb", "resolve_actor"]

# What a body of the gazetteer is, by its sector (GUIDELINES s.4), and the file it comes from, by its kind.
BODY_ROLES = {"PTY": "party", "REB": "armed group", "LEG": "legislature", "MIL": "military force or command",
              "COP": "police or security body", "SPY": "intelligence service", "JUD": "court or prosecutor",
              "GOV": "government body", "IGO": "organisation or organ", "MED": "media", "BUS": "company",
              "NGO": "NGO or think tank", "EDU": "university or school", "REL": "religious body", "LAB": "union",
              "OPP": "opposition group", "CVL": "group of people"}
BODY_FILES = {"seat": "gazetteer: seats.tsv", "org": "gazetteer: organisations.tsv", "group": "gazetteer: groups.tsv"}
# The sector a party's people get by its standing (actors.descriptions._party_sector).
PARTY_SECTORS = {"governing": "PTY", "opposition": "OPP", "one-party": "GOV"}


def resolve_actor(text: str, *, date: str | date | None = None, context: str | None = None,
                  extra_actors: dict[str, tuple[str, str | None]] | None = None) -> Resolution:
    """Resolve one actor phrase ("Chinese Vice-President Han Zheng") on a date.

    ``context`` is text that precedes the phrase (e.g. the article so far), used for later mentions.
    """
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
        if actor is not None and (actor.code or actor.sector or actor.candidates):
            current = None if actor.office is None else actor.office.holds_on(when or _date.today())
            return Resolution(text, actor.code, actor.sector, actor.name, actor.method, actor.confidence,
                              office=actor.office, current=current, candidates=actor.candidates)
    for token in span:  # "British" alone names a state but no actor in it
        hit = state.hits.get(token.i)
        if hit is not None and hit[1].code:
            return Resolution(text, hit[1].code, None, hit[1].name, "gazetteer", 0.5)
    if span.root.pos_ == "PRON" or span.root.lower_ in PEOPLE_NOUNS:
        return Resolution(text, None, "UNK", None, "none", 0.0)  # a person, but nothing says who
    return Resolution(text, None, None, None, "none", 0.0)


def actors_kb(country: str, *, date: str | date | None = None) -> list[KnownActor]:
    """What Detente knows for a state or organisation code ("KAZ", "NATO"): every office of the roles knowledge
    base (with the user's ``DETENTE_ROLES`` files) in date order, then the parties, armed groups, institutions and
    organisations of the gazetteer, with their standing by date where it is dated. With ``date``, only the
    offices held and the standings that hold on it (and the undated bodies)."""
    code = country.strip().upper()
    when = as_date(date)
    kb, gazetteer = load_roles(), load_gazetteer()
    people: list[KnownActor] = []
    for role in kb.for_country(code):
        current = None if when is None else role.holds_on(when)
        if current is False:
            continue
        aliases = tuple(n for n in kb.names_of(role.person) if n != role.name)
        people.append(KnownActor("person", role.name, role.code, role.sector, role.role, role.start, role.end,
                                 role.source, current, aliases))
    phrases: dict[tuple[str, str], list[str]] = {}
    kinds: dict[tuple[str, str], tuple[str, str]] = {}
    for phrase, entry in gazetteer.names.items():
        if entry.code == code and entry.kind in BODY_FILES:
            key = (entry.name, entry.kind)
            phrases.setdefault(key, []).append(phrase)
            kinds[key] = (entry.sector or "UNK", BODY_FILES[entry.kind])
    bodies: list[KnownActor] = []
    for (name, _), names in sorted(phrases.items()):
        sector, source = kinds[(name, _)]
        aliases = tuple(sorted(p for p in set(names) if p != name))
        what = BODY_ROLES.get(sector, "body")
        dated = [(PARTY_SECTORS.get(status, "PTY"), f"{what}: {status}", start, end, "gazetteer: party_status.tsv")
                 for status, start, end in gazetteer.party_periods.get(name, ())]
        dated += [(dated_sector, f"{BODY_ROLES.get(dated_sector, dated_sector)} (by date)", start, end,
                   "gazetteer: seat_sectors.tsv")
                  for dated_sector, start, end in gazetteer.sector_periods.get(name, ())]
        undated = f"{what}; standing by date below" if dated else what
        bodies.append(KnownActor("body", name, code, sector, undated, None, None, source, None, aliases))
        for dated_sector, standing, start, end, origin in sorted(dated, key=lambda d: d[2]):
            current = None if when is None else (start <= when and (end is None or when < end))
            if current is not False:
                bodies.append(KnownActor("body", name, code, dated_sector, standing, start, end, origin, current))
    if not people and not bodies and code not in gazetteer.country_names:
        raise NotFoundError(f"no state or organisation with the code {code!r} is known (ISO alpha-3 codes such as "
                            "KAZ, or organisation codes such as NATO, UN, EU)")
    return people + bodies
