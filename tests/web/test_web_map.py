"""The map: ``GET /api/v1/places`` (located events by place, with the event filters), the place filters of
``GET /api/v1/events`` that list one place's events, ``detente.api.list_places``, and the ``/map`` page, which
loads only this server's files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente import api
from detente.web.app import create_app
from detente.web.models import Places

KHARKIV, BEIJING = 706483, 1816670  # GeoNames ids; see LOCATED in conftest.py
STATIC = Path(__file__).parents[2] / "src" / "detente" / "web" / "static"


@pytest.fixture(scope="module")
def located(located_store: Path):
    with TestClient(create_app(located_store)) as client:
        yield client


def _by_name(body: dict) -> dict[str, dict]:
    return {p["name"]: p for p in body["items"]}


def test_places_groups_located_events(located: TestClient):
    response = located.get("/api/v1/places")
    assert response.status_code == 200
    body = Places.model_validate(response.json()).model_dump()
    places = _by_name(body)
    assert set(places) == {"Kharkiv", "Beijing", "Donbas"}
    kharkiv = places["Kharkiv"]
    assert (kharkiv["geonames_id"], kharkiv["country_code"], kharkiv["precision"]) == (KHARKIV, "UKR", "city")
    assert (kharkiv["events"], kharkiv["documents"]) == (2, 2)
    assert (kharkiv["first_date"], kharkiv["last_date"]) == ("2022-03-07", "2022-03-08")
    assert kharkiv["lat"] == pytest.approx(49.98, abs=0.05) and kharkiv["lon"] == pytest.approx(36.25, abs=0.05)
    donbas = places["Donbas"]  # a region GeoNames lacks: no id, no coordinates, told by name and country
    assert (donbas["geonames_id"], donbas["lat"], donbas["country_code"]) == (None, None, "UKR")
    assert [p["name"] for p in body["items"]][0] == "Kharkiv"  # most events first
    events = located.get("/api/v1/events", params={"limit": 500}).json()
    assert body["events"] == events["total"]
    assert body["located"] == sum(1 for e in events["items"] if e["location"]) == 4
    assert body["total"] == 3 and body["limit"] == 1000


@pytest.mark.parametrize(("params", "expected"), [
    ({"country": "UKR"}, {"Kharkiv": 2, "Donbas": 1}),
    ({"country": "chn"}, {"Beijing": 1}),
    ({"since": "2022-03-08"}, {"Kharkiv": 1, "Beijing": 1}),
    ({"until": "2022-03"}, {"Kharkiv": 2, "Donbas": 1}),
    ({"doc_id": "loc-beijing"}, {"Beijing": 1}),
    ({"doc_id": "loc-none"}, {}),
    ({"type": "CONSULT"}, {"Beijing": 1}),
])
def test_places_take_the_event_filters(located: TestClient, params: dict, expected: dict):
    body = located.get("/api/v1/places", params=params).json()
    assert {name: p["events"] for name, p in _by_name(body).items()} == expected
    events = located.get("/api/v1/events", params={**params, "limit": 500}).json()
    assert body["events"] == events["total"]


def test_places_limit_and_bad_parameters(located: TestClient):
    body = located.get("/api/v1/places", params={"limit": 1}).json()
    assert len(body["items"]) == 1 and body["total"] == 3 and body["items"][0]["name"] == "Kharkiv"
    for params in ({"limit": 0}, {"limit": 5001}, {"since": "2022-13"}, {"actor": "%"}, {"quad_class": 5}):
        response = located.get("/api/v1/places", params=params)
        assert response.status_code == 422, params
        assert response.json()["status"] == 422


def test_every_place_lists_exactly_its_events(located: TestClient):
    """The filter the map links to gives as many events as the place counts, and only that place's."""
    for place in located.get("/api/v1/places").json()["items"]:
        params = ({"place": place["geonames_id"]} if place["geonames_id"] is not None
                  else {"place_name": place["name"].lower(), "country": place["country_code"]})
        events = located.get("/api/v1/events", params=params).json()
        assert events["total"] == place["events"], place
        assert {e["location"]["name"] for e in events["items"]} == {place["name"]}


def test_place_name_matches_only_places_without_an_id(located: TestClient):
    assert located.get("/api/v1/events", params={"place_name": "Kharkiv"}).json()["total"] == 0
    assert located.get("/api/v1/events", params={"place_name": "Donbas", "country": "CHN"}).json()["total"] == 0


def test_api_list_places(located_store: Path):
    frame = api.list_places(db=located_store)
    assert list(frame["name"]) == ["Kharkiv", "Beijing", "Donbas"]
    assert list(frame["events"]) == [2, 1, 1]
    assert frame.loc[0, "geonames_id"] == KHARKIV
    assert list(api.list_places(db=located_store, country="CHN")["geonames_id"]) == [BEIJING]
    assert list(api.list_places(db=located_store, limit=1)["name"]) == ["Kharkiv"]
    assert api.list_places(db=located_store, doc_id="loc-none").empty


def _local_only(html: str) -> list[str]:
    """Every resource the page loads (scripts, stylesheets, images) and every data file it names."""
    loaded = re.findall(r'<(?:script|img|iframe)[^>]*\bsrc="([^"]*)"', html)
    loaded += re.findall(r'<link[^>]*\bhref="([^"]*)"', html)
    loaded += re.findall(r'\bdata-topology="([^"]*)"', html)
    return loaded


def test_map_page_renders_with_local_files_only(located: TestClient):
    response = located.get("/map")
    assert response.status_code == 200
    html = response.text
    assert '<a href="/map" class="current">Map</a>' in html
    resources = _local_only(html)
    assert "/static/vendor/topojson-client/topojson-client.min.js" in resources
    assert "/static/map.js" in resources
    assert "/static/vendor/world-atlas/countries-110m.json" in resources
    for url in resources:
        assert url.startswith("/static/"), url
        assert (STATIC / url.removeprefix("/static/")).is_file(), url
        assert located.get(url).status_code == 200, url
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    points = re.findall(r'<a class="point[^"]*" href="([^"]*)" data-place="([^"]*)"', html)
    assert sorted(p for _, p in points) == sorted([str(KHARKIV), str(BEIJING)])  # Donbas has no coordinates
    assert "Donbas, UKR" in html and 'href="/events?place_name=Donbas&amp;country=UKR"' in html
    assert "Natural Earth" in html and "world-atlas" in html
    circles = dict(re.findall(r'data-place="(\d+)">\s*<title>[^<]*</title>\s*<circle [^>]*r="([\d.]+)"', html))
    assert float(circles[str(KHARKIV)]) > float(circles[str(BEIJING)])  # sized by event count


def test_map_page_selected_place_lists_its_events(located: TestClient):
    html = located.get("/map", params={"place": KHARKIV}).text
    panel = html[html.index('id="place"'):html.index("</aside>")]
    assert "Kharkiv, UKR" in panel and "2 events in 2 documents" in panel
    assert panel.count("<li data-event=") == 2
    assert f'href="/events?place={KHARKIV}"' in panel
    html = located.get("/map", params={"place_name": "Donbas", "place_country": "UKR"}).text
    panel = html[html.index('id="place"'):html.index("</aside>")]
    assert "Donbas, UKR" in panel and panel.count("<li data-event=") == 1
    assert 'href="/events?country=UKR&amp;place_name=Donbas"' in panel
    html = located.get("/map", params={"place": KHARKIV, "since": "2022-03-08"}).text
    panel = html[html.index('id="place"'):html.index("</aside>")]
    assert panel.count("<li data-event=") == 1 and 'href="/events?since=2022-03-08&amp;place=706483"' in panel


def test_map_page_filters_and_bad_parameters(located: TestClient):
    html = located.get("/map", params={"country": "CHN", "type": ""}).text
    assert re.findall(r'data-place="([^"]*)"', html) == [str(BEIJING)]
    assert located.get("/map", params={"place": "x"}).status_code == 422
    assert located.get("/map", params={"since": "bogus"}).status_code == 422


def test_events_page_accepts_the_place_filters(located: TestClient):
    html = located.get("/events", params={"place": KHARKIV}).text
    assert html.count("<tr data-event=") == 2
    html = located.get("/events", params={"place_name": "Donbas", "country": "UKR"}).text
    assert html.count("<tr data-event=") == 1 and 'name="place_name" value="Donbas"' in html
