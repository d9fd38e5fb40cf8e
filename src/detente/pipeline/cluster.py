"""Cross-document event clusters: the events of different reports that tell of one real-world event.

Pure functions over event records (no store access): :func:`cluster_events` turns events, with what is known
of their documents, into :class:`ClusterRecord` s; :func:`group_keys` says which groups an event belongs to, so
that a store can recompute only the groups a batch touches.

The rules (issue 16):

* **Per dyad.** An event belongs to one group per dyad of its coded sides: ``type | status | A | B``, with A
  and B unordered for the symmetric types (CONSULT, AGREE, COOPERATE). A compound source ("the US, the EU, the
  UK and Canada sanctioned China") gives one dyad per member, so it meets a report that names only the UK. A
  side with no code is ``""`` (a one-sided MOBILIZE, a passive SANCTION with no agent); an event with no code on
  either side is a cluster of its own.
* **Status** must be the same (an announced visit and a visit made are kept apart: the plan may not happen).
* **Mode** must be compatible: equal, or one of them unknown.
* **Dates** must be compatible at their precisions. Day-precision events are taken in date order; each opens a
  cluster or joins the first open cluster of its first day. A day the text did not state (precision
  ``day (publication)``: the publication date standing in) may also join a cluster whose first day is up to
  :data:`DATE_WINDOW_DAYS` earlier. A month-, week- or year-precision event joins a day cluster when exactly one
  day cluster of its group falls in its period (two or more: it cannot tell which; it then groups with events
  of the same stated period). An event with no date is a cluster of its own.

Everything is a function of the set of events of a group, sorted by (date, event id): ingesting the same
documents again, in another order or in several runs gives the same clusters and the same ids; a store that
recomputes the groups a batch touches (:func:`group_keys`) ends up with exactly the clusters of a from-scratch
run. A cluster's id is derived from its group and its first event (:func:`cluster_id`); it changes only when
that first event changes (a new earlier report joins, or clusters split or merge as reports arrive).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypedDict
from urllib.parse import urlsplit

from detente.core.ontology import derive, types_with
from detente.core.records import ActorRecord, EventRecord, LocationRecord, TriggerRecord

__all__ = [
    "DATE_WINDOW_DAYS",
    "ClusterMember",
    "ClusterRecord",
    "DocumentInfo",
    "cluster_events",
    "cluster_id",
    "dyads",
    "group_keys",
    "publisher",
]

#: How many days after an event a report that states no day may be published and still join it. A follow-up
#: published the next day that says only "has imposed sanctions" gets its publication date (GUIDELINES section 5),
#: one day after the event, as GUIDELINES section 6 allows a date to be off by one. Two days stated by the text
#: must be equal: consecutive stated days are as often two events (a visit's meetings on Sunday and on Monday, a
#: second round of expulsions) as one.
DATE_WINDOW_DAYS = 1

#: Finer first; "day (publication)" is a day the text did not state (the publication date standing in).
_PRECISION_RANK = {"day": 0, "day (publication)": 1, "week": 2, "month": 3, "year": 4}
_PUBLICATION_RANK = 1
_DAY_RANKS = (0, _PUBLICATION_RANK)
_LOCATION_RANK = {"city": 0, "admin1": 1, "country": 2, "region": 3}


class DocumentInfo(TypedDict, total=False):
    """What clustering needs to know of a document: where it was published, when, and by whom."""

    doc_id: str
    source: str | None
    url: str | None
    published: str | None
    title: str | None


class ClusterMember(TypedDict):
    """One report of a clustered event: the event of one document, and its document."""

    event_id: str
    doc_id: str
    published: str | None
    publisher: str
    url: str | None
    date: str | None
    mentions: int


class ClusterRecord(TypedDict):
    """One real-world event: the canonical record of its reports, the counts, the first report and the members.

    ``source`` and ``target`` hold the one actor of each side of the cluster's dyad (an empty list for a side
    with no code); ``event_id``, ``doc_id``, ``evidence`` and the offsets are those of the best report (most
    confident, then earliest)."""

    cluster_id: str
    group_key: str
    event_type: str
    mode: str | None
    status: str
    source: list[ActorRecord]
    target: list[ActorRecord]
    date: str | None
    date_precision: str | None
    location: LocationRecord | None
    context: list[str]
    evidence: str
    event_id: str
    doc_id: str
    sentence: int | None
    start_char: int | None
    end_char: int | None
    trigger: TriggerRecord | None
    confidence: float | None
    cameo: str | None
    plover_score: float | None
    quad_class: int | None
    num_mentions: int
    num_articles: int
    num_sources: int
    publishers: list[str]
    first_doc_id: str
    first_published: str | None
    first_url: str | None
    first_publisher: str
    members: list[ClusterMember]


# -- groups -------------------------------------------------------------------------------------------------


def _codes(actors: Iterable[Mapping[str, Any]] | None) -> list[str]:
    return sorted({str(a["code"]).upper() for a in actors or [] if a and a.get("code")})


def dyads(event: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (A, B) code pairs of an event, ``""`` for a side with no code; unordered for symmetric types.

    Empty when neither side has a code (such an event cannot be matched with another report)."""
    sources, targets = _codes(event.get("source")), _codes(event.get("target"))
    if not sources and not targets:
        return []
    symmetric = str(event.get("event_type")) in types_with("symmetric")
    pairs = set()
    for a in sources or [""]:
        for b in targets or [""]:
            pairs.add((min(a, b), max(a, b)) if symmetric else (a, b))
    return sorted(pairs)


def _status(event: Mapping[str, Any]) -> str:
    return str(event.get("status") or "asserted")


def group_keys(event: Mapping[str, Any]) -> list[str]:
    """The groups an event is clustered in: ``TYPE|status|A|B`` per dyad, or ``event|ID`` with no coded side."""
    pairs = dyads(event)
    if not pairs:
        return [f"event|{event['event_id']}"]
    return [f"{event['event_type']}|{_status(event)}|{a}|{b}" for a, b in pairs]


def cluster_id(group_key: str, first_event_id: str) -> str:
    """A cluster's id: 16 hex digits of SHA-1 over its group and its first event's id."""
    return hashlib.sha1(f"{group_key}|{first_event_id}".encode()).hexdigest()[:16]


def publisher(document: Mapping[str, Any] | None, doc_id: str) -> str:
    """Who published a document, for ``num_sources``: its ``source`` (case and spacing ignored), else its url's
    site (without ``www.``), else the document itself (an unknown publisher counts once per document)."""
    document = document or {}
    source = " ".join(str(document.get("source") or "").split()).casefold()
    if source:
        return source
    url = str(document.get("url") or "").strip()
    if url:
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        host = host.removeprefix("www.")
        if host:
            return host
    return f"document {doc_id}"


# -- dates ---------------------------------------------------------------------------------------------------


@dataclass
class _Item:
    """An event in one group, with what its date allows."""

    event: Mapping[str, Any]
    event_id: str
    rank: int | None  # precision rank, None with no usable date
    low: date | None
    high: date | None
    mode: str | None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.low or date.max, self.rank if self.rank is not None else 9, self.event_id)


def _period(value: Any, precision: Any) -> tuple[int, date, date] | None:
    """(rank, first day, last day) of a date at its precision; None when there is no usable date."""
    text = str(value or "").strip()
    try:
        if len(text) == 4:
            year = int(text)
            return 4, date(year, 1, 1), date(year, 12, 31)
        if len(text) == 7:
            first = date(int(text[:4]), int(text[5:7]), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return 3, first, following - timedelta(days=1)
        if len(text) >= 10:
            day = date.fromisoformat(text[:10])
            rank = _PRECISION_RANK.get(str(precision or "day"), 0)
            if rank == 2:
                return 2, day, day + timedelta(days=6)
            return (rank if rank in _DAY_RANKS else 0), day, day
    except ValueError:
        return None
    return None


def _item(event: Mapping[str, Any]) -> _Item:
    period = _period(event.get("date"), event.get("date_precision"))
    rank, low, high = period if period else (None, None, None)
    return _Item(event, str(event["event_id"]), rank, low, high, event.get("mode") or None)


def _compatible(mode: str | None, other: str | None) -> bool:
    return mode is None or other is None or mode == other


@dataclass
class _Cluster:
    items: list[_Item] = field(default_factory=list)
    mode: str | None = None
    anchor: date | None = None
    days: int = 0  # day-precision members

    def add(self, item: _Item, *, day: bool) -> None:
        self.items.append(item)
        self.days += day
        if day:
            self.mode = self.mode or item.mode


def _cluster_group(items: list[_Item]) -> list[list[_Item]]:
    """The clusters of one group's events (see the module docstring), each in sort order."""
    items = sorted(items, key=lambda i: i.sort_key)
    day_clusters: list[_Cluster] = []
    open_clusters: list[_Cluster] = []
    undated: list[_Cluster] = []
    vague: list[_Item] = []
    for item in items:
        if item.rank is None:
            cluster = _Cluster()
            cluster.add(item, day=False)
            undated.append(cluster)
        elif item.rank in _DAY_RANKS:
            assert item.low is not None
            day = item.low
            open_clusters = [c for c in open_clusters if c.anchor is not None
                             and (day - c.anchor).days <= DATE_WINDOW_DAYS]
            window = DATE_WINDOW_DAYS if item.rank == _PUBLICATION_RANK else 0
            # the nearest first day wins (the same day before the day before), then the cluster opened first
            gaps = [(day - c.anchor).days if c.anchor is not None else DATE_WINDOW_DAYS + 1 for c in open_clusters]
            near = [(gap, n) for n, (gap, c) in enumerate(zip(gaps, open_clusters, strict=True))
                    if gap <= window and _compatible(c.mode, item.mode)]
            found = open_clusters[min(near)[1]] if near else None
            if found is None:
                found = _Cluster(anchor=day)
                day_clusters.append(found)
                open_clusters.append(found)
            found.add(item, day=True)
        else:
            vague.append(item)
    period_clusters: dict[tuple[int, date, date], list[_Cluster]] = {}
    for item in vague:  # already in sort order
        assert item.low is not None and item.high is not None and item.rank is not None
        low, high = item.low, item.high
        candidates = [c for c in day_clusters if c.anchor is not None and low <= c.anchor <= high
                      and _compatible(c.mode, item.mode)]
        if len(candidates) == 1:
            candidates[0].add(item, day=False)
            continue
        same = period_clusters.setdefault((item.rank, low, high), [])
        found = next((c for c in same if _compatible(c.mode, item.mode)), None)
        if found is None:
            found = _Cluster()
            same.append(found)
        found.add(item, day=False)
        found.mode = found.mode or item.mode
    clusters = [*day_clusters, *(c for group in period_clusters.values() for c in group), *undated]
    return [sorted(c.items, key=lambda i: i.sort_key) for c in clusters]


# -- canonical record ----------------------------------------------------------------------------------------


def _best_order(item: _Item, documents: Mapping[str, Mapping[str, Any]]) -> tuple[Any, ...]:
    """Sort key of the best report first: most confident, then earliest published, then first in its text."""
    event = item.event
    confidence = event.get("confidence")
    published = (documents.get(str(event.get("doc_id"))) or {}).get("published") or "9999"
    return (-(float(confidence) if isinstance(confidence, int | float) else 0.0), str(published),
            str(event.get("doc_id")), event.get("sentence") or 0, item.event_id)


def _actors_with(event: Mapping[str, Any], code: str, sides: Sequence[str]) -> list[Mapping[str, Any]]:
    return [a for side in sides for a in event.get(side) or [] if a and str(a.get("code") or "").upper() == code]


def _canonical_actor(code: str, events: list[Mapping[str, Any]], best: Mapping[str, Any],
                     sides: Sequence[str]) -> ActorRecord:
    """One actor for a code across reports: the most frequent sector and name, the best report's words."""
    found = [a for event in events for a in _actors_with(event, code, sides)]
    sectors = Counter(str(a["sector"]) for a in found if a.get("sector"))
    names = Counter(str(a["name"]) for a in found if a.get("name"))
    own = _actors_with(best, code, sides) or found
    text = str(own[0].get("text") or "") if own else code
    return {"text": text, "name": _most_common(names), "code": code, "sector": _most_common(sectors)}


def _most_common(counts: Counter[str]) -> str | None:
    """The most frequent value; a tie goes to the alphabetically first (so that input order never matters)."""
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _uncoded(side: list[Mapping[str, Any]] | None) -> list[ActorRecord]:
    return [{"text": str(a.get("text") or ""), "name": a.get("name"), "code": None, "sector": a.get("sector")}
            for a in side or [] if a and not a.get("code")]


def _sides(group_key: str, events: list[Mapping[str, Any]], best: Mapping[str, Any]
           ) -> tuple[list[ActorRecord], list[ActorRecord]]:
    parts = group_key.split("|")
    if parts[0] == "event":
        return list(best.get("source") or []), list(best.get("target") or [])
    kind, _status_, a, b = parts
    if kind in types_with("symmetric"):
        # the best report's orientation: its source side holds A, or B
        own_sources = set(_codes(best.get("source")))
        first, second = (a, b) if (a in own_sources or b not in own_sources) else (b, a)
        both = ("source", "target")
        source = [_canonical_actor(first, events, best, both)] if first else _uncoded(best.get("source"))
        target = [_canonical_actor(second, events, best, both)] if second else _uncoded(best.get("target"))
        return source, target
    source = [_canonical_actor(a, events, best, ("source",))] if a else _uncoded(best.get("source"))
    target = [_canonical_actor(b, events, best, ("target",))] if b else _uncoded(best.get("target"))
    return source, target


def _canonical_date(items: list[_Item]) -> tuple[str | None, str | None]:
    """The most precise date: of the finest-precision reports, the most frequent date (a tie: the earliest)."""
    dated = [i for i in items if i.rank is not None]
    if not dated:
        return None, None
    finest = min(i.rank for i in dated if i.rank is not None)
    values = Counter(str(i.event.get("date")) for i in dated if i.rank == finest)
    value = min(values.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    precision = next(i.event.get("date_precision") for i in sorted(dated, key=lambda i: i.sort_key)
                     if i.rank == finest and str(i.event.get("date")) == value)
    return value, precision


def _canonical_location(ordered: list[_Item]) -> LocationRecord | None:
    """The most precise location of the reports (city before region), then the most confident one."""
    located = [(n, i.event["location"]) for n, i in enumerate(ordered) if i.event.get("location")]
    if not located:
        return None

    def rank(entry: tuple[int, Mapping[str, Any]]) -> tuple[Any, ...]:
        n, place = entry
        confidence = place.get("confidence")
        return (_LOCATION_RANK.get(str(place.get("precision")), 9),
                -(float(confidence) if isinstance(confidence, int | float) else 0.0), n)

    return dict(min(located, key=rank)[1])  # type: ignore[return-value]


def _record(group_key: str, items: list[_Item], documents: Mapping[str, Mapping[str, Any]]) -> ClusterRecord:
    ordered = sorted(items, key=lambda i: _best_order(i, documents))
    best = ordered[0].event
    events = [i.event for i in items]
    source, target = _sides(group_key, events, best)
    modes = Counter(str(i.mode) for i in items if i.mode)
    mode = _most_common(modes)
    kind = str(best["event_type"])
    derived = derive(kind, mode)
    when, precision = _canonical_date(items)
    members: list[ClusterMember] = []
    for item in items:
        doc_id = str(item.event["doc_id"])
        document = documents.get(doc_id) or {}
        members.append({
            "event_id": item.event_id, "doc_id": doc_id, "published": _iso(document.get("published")),
            "publisher": publisher(document, doc_id), "url": document.get("url"),
            "date": item.event.get("date"), "mentions": max(1, len(item.event.get("mentions") or [])),
        })
    members.sort(key=lambda m: (m["published"] or "9999", m["doc_id"], m["event_id"]))
    first = members[0]
    publishers = sorted({m["publisher"] for m in members})
    return {
        "cluster_id": cluster_id(group_key, items[0].event_id),
        "group_key": group_key,
        "event_type": kind,
        "mode": mode,
        "status": _status(best),
        "source": source,
        "target": target,
        "date": when,
        "date_precision": precision,
        "location": _canonical_location(ordered),
        "context": sorted({str(c) for e in events for c in e.get("context") or []}),
        "evidence": str(best.get("evidence") or ""),
        "event_id": str(best["event_id"]),
        "doc_id": str(best["doc_id"]),
        "sentence": best.get("sentence"),
        "start_char": best.get("start_char"),
        "end_char": best.get("end_char"),
        "trigger": best.get("trigger"),
        "confidence": best.get("confidence"),
        "cameo": derived.cameo,
        "plover_score": derived.plover_score,
        "quad_class": derived.quad_class,
        "num_mentions": sum(m["mentions"] for m in members),
        "num_articles": len({m["doc_id"] for m in members}),
        "num_sources": len(publishers),
        "publishers": publishers,
        "first_doc_id": first["doc_id"],
        "first_published": first["published"],
        "first_url": first["url"],
        "first_publisher": first["publisher"],
        "members": members,
    }


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def cluster_events(
    events: Iterable[EventRecord | Mapping[str, Any]],
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    groups: Iterable[str] | None = None,
    skip: Callable[[str, list[str]], bool] | None = None,
) -> list[ClusterRecord]:
    """Cluster event records (of any number of documents) into real-world events, sorted by cluster id.

    ``documents`` maps a doc id to its :class:`DocumentInfo` (publisher, url, publication date); a document
    not there counts as its own publisher. With ``groups``, only those groups are clustered (a store recomputing
    the groups a batch touched passes every stored and new event of them). An event id seen twice is used once.
    ``skip(group, member event ids)`` true leaves that cluster's record out (a store that holds it unchanged).
    """
    documents = documents or {}
    wanted = set(groups) if groups is not None else None
    by_group: dict[str, dict[str, _Item]] = {}
    for event in events:
        for key in group_keys(event):
            if wanted is None or key in wanted:
                by_group.setdefault(key, {}).setdefault(str(event["event_id"]), _item(event))
    records = [_record(key, cluster, documents)
               for key, members in by_group.items() for cluster in _cluster_group(list(members.values()))
               if skip is None or not skip(key, [i.event_id for i in cluster])]
    return sorted(records, key=lambda r: r["cluster_id"])
