"""The server-rendered pages in-process, and the helpers that cut a document into highlights and lay out
timelines (the browser tests in test_web_browser.py check the same pages in Chromium)."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import duckdb
import pytest

from detente.web.models import DocumentDetail, EventDetail, Quote, Removal, Timeline, TimelineBucket
from detente.web.render import evidence_span, pieces, query_string, timeline_chart

pytest.importorskip("fastapi")

pytestmark = pytest.mark.usefixtures("detente_env")


def _one(db: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()


def _text(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "Top dyads"), ("/events", "evidence contains"), ("/documents", "Last US troops leave Afghanistan"),
    ("/actors", "United States"), ("/actors/GBR", "Top counterparts"), ("/dyads/GBR/CHN", "CHN → GBR"),
    ("/quotes", "speaker"), ("/claims", "Numeric claims"), ("/docs", "swagger-ui")])
def test_web_pages_render(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert expected in response.text


def test_web_pages_events_rows_link_to_their_evidence(client, web_store):
    html = client.get("/events", params={"actor": "GBR", "type": "SANCTION"}).text
    rows = re.findall(r'<tr data-event="([0-9a-f]+)">(.*?)</tr>', html, re.S)
    assert rows
    for event_id, row in rows:
        doc_id = _one(web_store, "SELECT doc_id FROM events WHERE event_id = ?", [event_id])[0]
        assert f'href="/documents/{doc_id}?event={event_id}#e-{event_id}"' in row
    assert 'value="GBR"' in html and '<option value="SANCTION" selected>' in html


def test_web_pages_events_pager_keeps_filters(client):
    html = client.get("/events", params={"status": "asserted", "limit": 10}).text
    nexts = re.findall(r'<a class="button secondary" rel="next" href="([^"]+)"', html)
    assert nexts and "status=asserted" in nexts[0] and "offset=10" in nexts[0] and "limit=10" in nexts[0]


def test_web_pages_document_highlights_every_event(client, web_store):
    doc_id = _one(web_store, "SELECT doc_id FROM documents WHERE origin LIKE '%04_xinjiang%'")[0]
    event_id, evidence = _one(web_store, "SELECT event_id, evidence FROM events WHERE doc_id = ? "
                                         "ORDER BY start_char DESC LIMIT 1", [doc_id])
    html = client.get(f"/documents/{doc_id}", params={"event": event_id}).text
    marks = re.findall(r'<mark class="([^"]+)"[^>]*data-events="([^"]+)"[^>]*>(.*?)</mark>', html, re.S)
    ids = {i for _, events, _ in marks for i in events.split()}
    with duckdb.connect(str(web_store), read_only=True) as con:
        stored = {r[0] for r in con.execute("SELECT event_id FROM events WHERE doc_id = ?", [doc_id]).fetchall()}
    assert ids == stored
    selected = "".join(_text(text) for classes, events, text in marks if "selected" in classes.split())
    assert selected == evidence
    assert f'id="e-{event_id}"' in html and f'id="card-{event_id}"' in html


def test_web_pages_document_removed_lines_in_place(client, web_store):
    doc_id = _one(web_store, "SELECT doc_id FROM documents WHERE origin LIKE '%02_iran%'")[0]
    html = client.get(f"/documents/{doc_id}").text
    removed = re.findall(r'<span class="removed" data-rule="([^"]+)">', html)
    assert "repeated-headline" in removed and "share-widget" in removed
    assert 'id="toggle-removed"' in html and "Removed by cleaning" in html


def test_web_pages_dyad_bar_lists_its_events(client, web_store):
    html = client.get("/dyads/GBR/CHN").text
    periods = re.findall(r'<a class="bar[^"]*" href="[^"]*period=([0-9-]+)#period" data-period="\1">', html)
    assert periods
    with_events = [p for p in periods if f'data-period="{p}">' in html]
    period = with_events[0]
    listed = client.get("/dyads/GBR/CHN", params={"period": period}).text
    assert f"Events in {period}" in listed
    expected = _one(web_store, """SELECT count(*) FROM events WHERE date LIKE ? AND (
        (list_contains(source_codes, 'GBR') AND list_contains(target_codes, 'CHN')) OR
        (list_contains(source_codes, 'CHN') AND list_contains(target_codes, 'GBR')))""", [f"{period}%"])[0]
    assert len(re.findall(r'<tr data-event="', listed)) == expected


def test_web_pages_dyad_form_redirects_to_the_stable_address(client):
    response = client.get("/dyads", params={"a": "gbr", "b": "chn"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dyads/GBR/CHN"


def test_web_pages_errors_are_pages(client):
    missing = client.get("/documents/no-such-document")
    assert missing.status_code == 404 and "Not found" in missing.text
    assert missing.headers["content-type"].startswith("text/html")
    invalid = client.get("/events", params={"since": "yesterday"})
    assert invalid.status_code == 422 and "since" in invalid.text
    assert client.get("/actors/NOPE1").status_code == 404


def test_web_pages_empty_form_fields_are_no_filter(client):
    everything = client.get("/api/v1/events").json()["total"]
    html = client.get("/events", params={"actor": "", "type": "", "since": "", "q": "", "status": ""}).text
    assert f"of {everything}</span>" in html
    assert client.get("/dyads/GBR/CHN", params={"type": "", "status": ""}).status_code == 200


# -- helpers ------------------------------------------------------------------------------------------------

def _event(event_id: str, start: int, end: int, evidence: str, quad: int, **extra) -> EventDetail:
    return EventDetail(event_id=event_id, doc_id="d", event_type="ACCUSE", start_char=start, end_char=end,
                       evidence=evidence, quad_class=quad, **extra)


def test_web_evidence_span_trims_and_recovers():
    text = "First one.\n\nSecond sentence here.\n\n"
    assert evidence_span(text, 12, 35, "Second sentence here.") == (12, 33)
    assert evidence_span(text, 0, 3, "Second sentence here.") == (12, 33)  # offsets disagree: found by text
    assert evidence_span(text, 500, 900, None) is None
    assert evidence_span(text, None, None, "First one.") == (0, 10)


def test_web_pieces_cover_the_text_once_with_overlaps():
    text = "Alpha accused Beta. Beta denied it and Gamma agreed."
    doc = DocumentDetail(doc_id="d", status="ok", clean_text=text, events=[
        _event("e1", 0, 19, "Alpha accused Beta.", 3),
        _event("e2", 20, 52, "Beta denied it and Gamma agreed.", 1),
        _event("e3", 20, 52, "Beta denied it and Gamma agreed.", 4)],
        quotes=[Quote(quote_id="q1", doc_id="d", text="denied it", start_char=25, end_char=34)],
        removals=[Removal(rule="share-widget", text="Share", clean_offset=20)])
    result = pieces(doc, selected="e3")
    assert "".join(p.text for p in result if p.removal is None) == text
    removed = [p for p in result if p.removal]
    assert len(removed) == 1 and result[result.index(removed[0]) + 1].start == 20
    second = [p for p in result if "e2" in p.event_ids]
    assert all(p.event_ids == ["e2", "e3"] and p.quad == 4 and p.selected for p in second)
    assert [p.quote_ids for p in second] == [[], ["q1"], []]
    assert [p.anchors for p in result if p.anchors] == [["e1"], ["e2", "e3"], ["q1"]]


def test_web_query_string_keeps_and_replaces():
    assert query_string({"actor": "GBR", "offset": "50", "q": ""}, offset=100) == "?actor=GBR&offset=100"
    assert query_string({"actor": "GBR"}, actor=None) == "?"
    assert query_string({"q": "a&b=c"}) == "?q=a%26b%3Dc"


def test_web_timeline_chart_layout():
    periods = [f"2020-{m:02d}" for m in range(1, 13)]
    series = [TimelineBucket(period="2020-03", direction="A->B", events=3, verbal_conflict=2, material_conflict=1,
                             mean_plover_score=-4.0),
              TimelineBucket(period="2020-03", direction="B->A", events=1, verbal_cooperation=1,
                             mean_plover_score=3.0),
              TimelineBucket(period="2020-11", direction="A->B", events=1, material_cooperation=1,
                             mean_plover_score=7.0)]
    chart = timeline_chart(Timeline(a="A", b="B", interval="month", directions=["A->B", "B->A"], periods=periods,
                                    series=series))
    assert len(chart.columns) == 12 and chart.max_count == 3
    march = chart.columns[2]
    ups = [r for r in march.rects if r.y < chart.axis_y]
    downs = [r for r in march.rects if r.y >= chart.axis_y]
    assert {r.quad for r in ups} == {3, 4} and {r.quad for r in downs} == {1}
    assert abs(sum(r.height for r in ups) - chart.half) < 0.01  # the tallest bar fills its half
    assert [t[1] for t in chart.ticks] == periods
    first_line = chart.score_lines[0]
    assert [d[2] for d in first_line[2]] == [-4.0, 7.0]
    assert first_line[2][0][1] > first_line[2][1][1]  # a lower score is drawn lower
    long = timeline_chart(Timeline(a="A", interval="month", directions=["source", "target"],
                                   periods=[f"{y}-{m:02d}" for y in range(1990, 2023) for m in range(1, 13)]))
    assert 0 < len(long.ticks) <= 17 and all(len(label) == 4 for _, label in long.ticks)
