"""Presentation helpers: split a document's text into highlighted pieces, and lay out timeline charts.

Nothing here builds HTML. Pieces are plain text that the templates escape (Jinja2 autoescape), so article text,
however hostile, is only ever text on the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode, urlsplit

from detente.web.models import DocumentDetail, Place, Places, Removal, Timeline

__all__ = ["Chart", "MapLayout", "MapPoint", "Piece", "evidence_span", "map_layout", "map_selection", "path_quote",
           "pieces",
           "query_string", "safe_url", "timeline_chart"]


@dataclass
class Piece:
    """A run of the cleaned text covered by the same events and quotes, or a line cleaning removed."""

    text: str
    start: int = 0
    event_ids: list[str] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    quad: int | None = None
    anchors: list[str] = field(default_factory=list)  # ids whose first piece this is (targets of #e-ID links)
    selected: bool = False
    removal: Removal | None = None


def evidence_span(text: str, start: int | None, end: int | None, evidence: str | None) -> tuple[int, int] | None:
    """The characters of ``text`` to highlight for an event: its sentence span without the surrounding
    whitespace; when the stored offsets and evidence disagree, the evidence found near the offsets."""
    if start is None or end is None:
        if evidence:
            found = text.find(evidence)
            return (found, found + len(evidence)) if found >= 0 else None
        return None
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if evidence and text[start:end] != evidence:
        found = text.find(evidence, max(0, start - 200))
        if found < 0:
            found = text.find(evidence)
        if found >= 0:
            return found, found + len(evidence)
    return (start, end) if end > start else None


def pieces(doc: DocumentDetail, selected: str | None = None) -> list[Piece]:
    """The cleaned text cut at every highlight boundary, each piece knowing the events and quotes over it, with
    removed lines (where their position is known) placed where they stood."""
    text = doc.clean_text
    spans: list[tuple[int, int, str, str, int | None]] = []  # (start, end, kind, id, quad)
    for event in doc.events:
        seen: set[tuple[int, int]] = set()
        reports = [(event.start_char, event.end_char, event.evidence)]
        reports += [(m.start_char, m.end_char, m.evidence) for m in event.mentions]
        for start, end, evidence in reports:
            span = evidence_span(text, start, end, evidence)
            if span and span not in seen:
                seen.add(span)
                spans.append((*span, "event", event.event_id, event.quad_class))
    for q in doc.quotes:
        if q.start_char is not None and q.end_char is not None:
            start, end = max(0, min(q.start_char, len(text))), max(0, min(q.end_char, len(text)))
            if end > start:
                spans.append((start, end, "quote", q.quote_id, None))
    removals: dict[int, list[Removal]] = {}
    for removal in doc.removals:
        if removal.clean_offset is not None:
            removals.setdefault(max(0, min(removal.clean_offset, len(text))), []).append(removal)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans), *removals})
    result: list[Piece] = []
    anchored: set[str] = set()
    for left, right in zip(cuts, cuts[1:] + [None], strict=True):
        result += [Piece(text=r.text, start=left, removal=r) for r in removals.get(left, [])]
        if right is None or right <= left:
            continue
        over = [s for s in spans if s[0] <= left and s[1] >= right]
        events = [s for s in over if s[2] == "event"]
        event_ids = list(dict.fromkeys(s[3] for s in events))
        quote_ids = list(dict.fromkeys(s[3] for s in over if s[2] == "quote"))
        anchors = [i for i in event_ids + quote_ids if i not in anchored]
        anchored.update(anchors)
        quads = [s[4] for s in events if s[4]]
        result.append(Piece(text=text[left:right], start=left, event_ids=event_ids, quote_ids=quote_ids,
                            quad=max(quads) if quads else (0 if events else None), anchors=anchors,
                            selected=bool(selected and selected in event_ids + quote_ids)))
    return result


# -- timeline charts ---------------------------------------------------------------------------------------

QUAD_FIELDS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    quad: int
    count: int


@dataclass
class Column:
    period: str
    x: float
    width: float
    rects: list[Rect]
    label: str  # the tooltip: period, then each direction's counts


@dataclass
class Chart:
    """Geometry of a diverging bar chart (first direction up, second down) and a mean-score line chart."""

    width: int
    height: int
    top: float
    half: float
    axis_y: float
    ticks_y: float
    columns: list[Column]
    ticks: list[tuple[float, str]]
    max_count: int
    score_top: float
    score_height: float
    score_lines: list[tuple[str, str, list[tuple[float, float, float | None, str]]]]  # (direction, points, dots)
    directions: list[str]


def _ticks(periods: list[str], interval: str, centre: Callable[[int], float]) -> list[tuple[float, str]]:
    """Axis labels that fit: every period when few, quarters, or one year label per January."""
    if interval == "year":
        every = math.ceil(len(periods) / 16) or 1
        return [(centre(i), p) for i, p in enumerate(periods) if i % every == 0]
    if len(periods) <= 16:
        return [(centre(i), p) for i, p in enumerate(periods)]
    if len(periods) <= 48:
        return [(centre(i), p) for i, p in enumerate(periods) if p[5:7] in ("01", "04", "07", "10")]
    januaries = [i for i, p in enumerate(periods) if p.endswith("-01")]
    if not januaries or januaries[0] >= 4:  # the first, partial year gets its label too
        januaries.insert(0, 0)
    every = math.ceil(len(januaries) / 16) or 1
    return [(centre(i), periods[i][:4]) for k, i in enumerate(januaries) if k % every == 0]


def timeline_chart(timeline: Timeline, *, width: int = 960, half: int = 120, score_height: int = 90) -> Chart:
    """Lay out ``timeline`` in pixels: one column per period (empty ones too), stacked by quad class."""
    left, right = 40, 10
    periods = timeline.periods
    count = max(len(periods), 1)
    step = (width - left - right) / count
    bar = max(1.0, min(step * 0.8, 40.0))
    by_key = {(b.period, b.direction): b for b in timeline.series}
    top_dir, bottom_dir = (timeline.directions + ["", ""])[:2]
    stacked = [sum(getattr(b, f) for f in QUAD_FIELDS) or b.events for b in timeline.series]
    max_count = max(stacked, default=0) or 1
    top = 28  # room for the header line
    axis_y = top + half
    columns: list[Column] = []
    for i, period in enumerate(periods):
        x = left + i * step + (step - bar) / 2
        rects: list[Rect] = []
        label = [period]
        for direction, sign in ((top_dir, -1), (bottom_dir, 1)):
            bucket = by_key.get((period, direction))
            if bucket is None:
                continue
            label.append(f"{direction}: {bucket.events} event{'s' if bucket.events != 1 else ''}")
            offset = 0.0
            for quad, name in enumerate(QUAD_FIELDS, start=1):
                n = getattr(bucket, name)
                if not n:
                    continue
                h = n / max_count * half
                y = axis_y - offset - h if sign < 0 else axis_y + offset
                rects.append(Rect(x=round(x, 2), y=round(y, 2), width=round(bar, 2), height=round(max(h, 1), 2),
                                  quad=quad, count=n))
                offset += h
        columns.append(Column(period=period, x=round(left + i * step, 2), width=round(step, 2), rects=rects,
                              label=" · ".join(label)))
    ticks = _ticks(periods, timeline.interval, lambda i: round(left + i * step + step / 2, 2))
    ticks_y = axis_y + half + 14
    score_top = ticks_y + 34
    lines: list[tuple[str, str, list[tuple[float, float, float | None, str]]]] = []
    for direction in timeline.directions:
        dots: list[tuple[float, float, float | None, str]] = []
        for i, period in enumerate(periods):
            bucket = by_key.get((period, direction))
            if bucket is None or bucket.mean_plover_score is None:
                continue
            x = left + i * step + step / 2
            y = score_top + (10 - bucket.mean_plover_score) / 20 * score_height
            dots.append((round(x, 2), round(y, 2), bucket.mean_plover_score, period))
        lines.append((direction, " ".join(f"{x},{y}" for x, y, _, _ in dots), dots))
    return Chart(width=width, height=int(score_top + score_height + 12), top=top, half=half, axis_y=axis_y,
                 ticks_y=ticks_y, columns=columns, ticks=ticks, max_count=max_count, score_top=score_top,
                 score_height=score_height, score_lines=lines, directions=timeline.directions)


# -- URLs --------------------------------------------------------------------------------------------------

@dataclass
class MapPoint:
    """A place drawn on the map: its position in the SVG, its radius (area grows with the event count), and
    the map page's parameters that select it (:func:`map_selection`)."""

    place: Place
    x: float
    y: float
    r: float
    select: dict[str, object]


@dataclass
class MapLayout:
    """The world map's frame (equirectangular, latitudes ``north`` to ``south``), its points (largest first, so
    that smaller ones are drawn over them and stay clickable) and the places that have no coordinates."""

    width: int
    height: int
    north: float
    south: float
    points: list[MapPoint]
    unmapped: list[Place]
    max_events: int


def map_selection(place: Place) -> dict[str, object]:
    """The map page's parameters selecting a place: ``place`` (GeoNames id), else ``place_name`` and
    ``place_country`` (kept apart from the ``country`` filter, which narrows the whole map)."""
    if place.geonames_id is not None:
        return {"place": place.geonames_id, "place_name": None, "place_country": None}
    return {"place": None, "place_name": place.name, "place_country": place.country_code}


def map_layout(places: Places, *, width: int = 960, north: float = 84.0, south: float = -58.0,
               r_min: float = 3.5, r_max: float = 16.0) -> MapLayout:
    """Project places onto an equirectangular world map (Antarctica and the far north cut off, where no news
    happens); ``static/map.js`` draws the country boundaries with the same projection from the SVG's
    ``data-*`` attributes. Radii grow with the square root of the count, so areas are proportional."""
    height = round(width * (north - south) / 360)
    located = [p for p in places.items if p.lat is not None and p.lon is not None]
    top = max((p.events for p in located), default=1)
    points = []
    for place in sorted(located, key=lambda p: (-p.events, p.name)):
        lat = max(south, min(north, float(place.lat or 0.0)))
        x = (float(place.lon or 0.0) + 180.0) / 360.0 * width
        y = (north - lat) / (north - south) * height
        r = r_min + (r_max - r_min) * math.sqrt(place.events / top)
        points.append(MapPoint(place=place, x=round(x, 1), y=round(y, 1), r=round(r, 1),
                               select=map_selection(place)))
    unmapped = [p for p in places.items if p.lat is None or p.lon is None]
    return MapLayout(width=width, height=height, north=north, south=south, points=points, unmapped=unmapped,
                     max_events=top)


def path_quote(value: object) -> str:
    """A stored id as one URL path segment: every reserved character escaped, ``/`` included."""
    return quote(str(value), safe="")


def safe_url(value: object) -> str | None:
    """A stored article URL if it is http(s); anything else (``javascript:``, ``data:``) is shown as text only."""
    text = str(value or "").strip()
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in ("http", "https") else None


def query_string(params: dict[str, object], **changes: object) -> str:
    """``?key=value...`` from the current parameters with ``changes`` applied (None removes a key)."""
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for key, value in changes.items():
        if value is None or value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode({k: str(v) for k, v in merged.items()}) if merged else "?"
