"""The REST API in-process (FastAPI's test client) on the sample corpus: every route, its filters, pagination,
errors as JSON with the exception's status, and offsets that point at the evidence."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from detente.web.app import create_app

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

pytestmark = pytest.mark.usefixtures("detente_env")


def _sql(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


# -- events ------------------------------------------------------------------------------------------------

def test_web_api_events_page_with_total(client, web_store):
    total = _sql(web_store, "SELECT count(*) FROM events")[0][0]
    body = client.get("/api/v1/events", params={"limit": 7}).json()
    assert body["total"] == total and body["limit"] == 7 and body["offset"] == 0
    assert len(body["items"]) == 7 and body["next_offset"] == 7
    event = body["items"][0]
    assert {"event_id", "doc_id", "event_type", "source", "target", "evidence", "start_char", "end_char",
            "quad_class", "plover_score", "status", "confidence"} <= set(event)


def test_web_api_events_pages_cover_everything_once(client, web_store):
    seen: list[str] = []
    offset = 0
    while offset is not None:
        body = client.get("/api/v1/events", params={"limit": 40, "offset": offset, "sort": "doc"}).json()
        seen += [e["event_id"] for e in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == _sql(web_store, "SELECT count(*) FROM events")[0][0]


def test_web_api_events_actor_is_an_exact_code_either_side(client, web_store):
    expected = _sql(web_store, "SELECT count(*) FROM events WHERE list_contains(source_codes, 'GBR') "
                               "OR list_contains(target_codes, 'GBR')")[0][0]
    body = client.get("/api/v1/events", params={"actor": "gbr", "limit": 500}).json()
    assert body["total"] == expected > 0
    assert all("GBR" in e["source_codes"] + e["target_codes"] for e in body["items"])
    # a fragment of a code or a name is not a code
    assert client.get("/api/v1/events", params={"actor": "GB"}).json()["total"] == 0
    assert client.get("/api/v1/events", params={"actor": "Britain"}).json()["total"] == 0


def test_web_api_events_source_target_counterpart(client):
    one_way = client.get("/api/v1/events", params={"source": "GBR", "target": "RUS", "limit": 500}).json()
    assert one_way["total"] > 0
    assert all("GBR" in e["source_codes"] and "RUS" in e["target_codes"] for e in one_way["items"])
    other_way = client.get("/api/v1/events", params={"source": "RUS", "target": "GBR"}).json()["total"]
    both = client.get("/api/v1/events", params={"actor": "GBR", "counterpart": "RUS"}).json()["total"]
    assert both == one_way["total"] + other_way
    # counterpart alone is the same as actor; an empty code is not a code
    alone = client.get("/api/v1/events", params={"counterpart": "RUS"}).json()["total"]
    assert alone == client.get("/api/v1/events", params={"actor": "RUS"}).json()["total"]
    assert client.get("/api/v1/events", params={"actor": ""}).status_code == 422


@pytest.mark.parametrize(("name", "value", "column"), [
    ("type", "sanction", "event_type"), ("mode", "expel", "mode"), ("status", "NEGATED", "status"),
    ("quad_class", 4, "quad_class")])
def test_web_api_events_attribute_filters(client, name, value, column):
    body = client.get("/api/v1/events", params={name: value, "limit": 500}).json()
    assert body["total"] > 0
    expected = value.upper() if name == "type" else value.lower() if isinstance(value, str) else value
    assert {e[column] for e in body["items"]} == {expected}


def test_web_api_events_dates_at_their_precision(client, web_store):
    body = client.get("/api/v1/events", params={"since": "2021-03", "until": "2021-03", "limit": 500}).json()
    assert body["total"] == _sql(web_store, "SELECT count(*) FROM events WHERE date LIKE '2021-03%'")[0][0] > 0
    assert all(e["date"].startswith("2021-03") for e in body["items"])
    year = client.get("/api/v1/events", params={"since": "2021", "until": "2021"}).json()["total"]
    assert year == _sql(web_store, "SELECT count(*) FROM events WHERE date LIKE '2021%'")[0][0]


@pytest.mark.parametrize("bad", ["bogus", "2021-13", "2021-02-30x", "21", "2021/03"])
def test_web_api_events_bad_dates_are_422(client, bad):
    response = client.get("/api/v1/events", params={"since": bad})
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == 422 and "since" in body["error"] and body["detail"][0]["loc"][-1] == "since"


def test_web_api_events_text_search_and_document(client, web_store):
    body = client.get("/api/v1/events", params={"q": "NERVE AGENT", "limit": 500}).json()
    assert body["total"] > 0 and all("nerve agent" in e["evidence"].lower() for e in body["items"])
    doc_id = body["items"][0]["doc_id"]
    in_doc = client.get("/api/v1/events", params={"doc_id": doc_id, "limit": 500}).json()
    assert in_doc["total"] == _sql(web_store, "SELECT count(*) FROM events WHERE doc_id = ?", [doc_id])[0][0]
    # LIKE wildcards are literal
    assert client.get("/api/v1/events", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/v1/events", params={"q": "_"}).json()["total"] == 0


@pytest.mark.parametrize(("sort", "key", "reverse"), [
    ("-date", "date", True), ("date", "date", False), ("-confidence", "confidence", True),
    ("confidence", "confidence", False), ("type", "event_type", False)])
def test_web_api_events_sort(client, sort, key, reverse):
    items = client.get("/api/v1/events", params={"sort": sort, "limit": 500}).json()["items"]
    values = [e[key] for e in items if e[key] is not None]
    assert values == sorted(values, reverse=reverse)


def test_web_api_events_bad_paging_is_422(client):
    for params in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"sort": "evidence; DROP"}, {"quad_class": 5}):
        assert client.get("/api/v1/events", params=params).status_code == 422, params


def test_web_api_event_detail_has_every_mention_with_offsets(client, web_store):
    event_id, doc_id = _sql(web_store, "SELECT event_id, doc_id FROM events WHERE json_array_length(mentions) > 1 "
                                       "LIMIT 1")[0]
    text = _sql(web_store, "SELECT clean_text FROM documents WHERE doc_id = ?", [doc_id])[0][0]
    event = client.get(f"/api/v1/events/{event_id}").json()
    assert event["doc_id"] == doc_id and len(event["mentions"]) > 1
    for mention in event["mentions"]:
        assert text[mention["start_char"]:mention["end_char"]].strip() == mention["evidence"]
    assert text[event["start_char"]:event["end_char"]].strip() == event["evidence"]
    assert event["trigger"]["text"]


def test_web_api_unknown_ids_are_404_json(client):
    for url in ("/api/v1/events/nope", "/api/v1/documents/nope", "/api/v1/actors/XYZQ", "/api/v1/nothing"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["status"] == 404 and response.json()["error"]


# -- documents ---------------------------------------------------------------------------------------------

def test_web_api_documents_listing(client, web_store):
    body = client.get("/api/v1/documents").json()
    assert body["total"] == _sql(web_store, "SELECT count(*) FROM documents")[0][0] == len(body["items"])
    published = [d["published"] for d in body["items"] if d["published"]]
    assert published == sorted(published, reverse=True)
    assert sum(d["event_count"] for d in body["items"]) == _sql(web_store, "SELECT count(*) FROM events")[0][0]
    assert client.get("/api/v1/documents", params={"q": "kabul"}).json()["total"] == 1
    since = client.get("/api/v1/documents", params={"since": "2021", "until": "2021-12"}).json()
    assert since["total"] > 0 and all(d["published"].startswith("2021") for d in since["items"])


def test_web_api_document_detail_offsets_and_removals(client, web_store):
    doc_id = _sql(web_store, "SELECT doc_id FROM documents WHERE origin LIKE '%02_iran%'")[0][0]
    doc = client.get(f"/api/v1/documents/{doc_id}").json()
    text = doc["clean_text"]
    assert doc["events"] and doc["quotes"] and doc["removals"]
    for event in doc["events"]:
        assert text[event["start_char"]:event["end_char"]].strip() == event["evidence"]
    for quote in doc["quotes"]:
        assert 0 <= quote["start_char"] < quote["end_char"] <= len(text)
    rules = {r["rule"] for r in doc["removals"]}
    assert {"date-header", "repeated-headline"} <= rules
    assert all(r["why"] for r in doc["removals"])
    # a txt document: every removed line is placed where it stood in the cleaned text
    offsets = [r["clean_offset"] for r in doc["removals"]]
    assert None not in offsets and offsets == sorted(offsets)
    headline = next(r for r in doc["removals"] if r["rule"] == "repeated-headline")
    assert text[:headline["clean_offset"]].rstrip().endswith("Europe vows to save it")


def test_web_api_document_id_with_slash(tmp_path, write_jsonl):
    import detente

    db = tmp_path / "slash.duckdb"
    path = write_jsonl(tmp_path / "in" / "a.jsonl", [{"id": "wire/2021/x y", "text": "The talks went on.",
                                                      "published": "2021-01-02"}])
    detente.ingest([str(path)], db=db, events=False)
    with TestClient(create_app(db)) as local:
        assert local.get("/api/v1/documents/wire%2F2021%2Fx%20y").json()["doc_id"] == "wire/2021/x y"
        assert local.get("/documents/wire%2F2021%2Fx%20y").status_code == 200


# -- actors, dyads, quotes, claims, stats ------------------------------------------------------------------

def test_web_api_actors_with_counts(client, web_store):
    body = client.get("/api/v1/actors", params={"limit": 500}).json()
    codes = {a["code"]: a for a in body["items"]}
    assert body["total"] == len(codes) >= _sql(web_store, "SELECT count(DISTINCT code) FROM mentions")[0][0]
    usa = codes["USA"]
    assert usa["name"] == "United States" and usa["mentions"] > 0 and usa["docs"] > 0
    assert usa["events_as_source"] == _sql(web_store, "SELECT count(*) FROM events "
                                                      "WHERE list_contains(source_codes, 'USA')")[0][0]
    mentions = [a["mentions"] for a in body["items"]]
    assert mentions == sorted(mentions, reverse=True)
    # q matches a code or any name resolved to it (the Mercator Institute for China Studies is German)
    found = [a["code"] for a in client.get("/api/v1/actors", params={"q": "china"}).json()["items"]]
    assert found[0] == "CHN" and set(found) == {"CHN", "DEU"}


def test_web_api_actor_detail(client, web_store):
    actor = client.get("/api/v1/actors/chn").json()
    assert actor["code"] == "CHN" and "China" in actor["names"]
    assert actor["as_source"] and actor["as_target"]
    assert all("CHN" in e["source_codes"] for e in actor["as_source"])
    assert all("CHN" in e["target_codes"] for e in actor["as_target"])
    assert actor["counterparts"] and actor["counterparts"][0]["total"] >= actor["counterparts"][-1]["total"]
    assert {s["sector"] for s in actor["sector_counts"]} >= {"GOV"}
    assert any(p["name"] == "Xi Jinping" for p in actor["persons_kb"])
    corpus = {p["name"] for p in actor["persons_corpus"]}
    assert corpus == {r[0] for r in _sql(web_store, "SELECT name FROM known_roles WHERE code = 'CHN'")}
    assert client.get("/api/v1/actors/not a code!").status_code in (404, 422)


def test_web_api_actor_known_only_from_roles_kb(client):
    """A state with office holders in the knowledge base but no mention in the corpus still has a page."""
    actor = client.get("/api/v1/actors/ALB").json()
    assert actor["mentions"] == 0 and actor["persons_kb"]


def test_web_api_dyads_both_directions(client, web_store):
    body = client.get("/api/v1/dyads", params={"a": "gbr", "b": "chn"}).json()
    assert body["directions"] == ["GBR->CHN", "CHN->GBR"]
    totals = {t["direction"]: t for t in body["totals"]}
    for direction, (s, t) in {"GBR->CHN": ("GBR", "CHN"), "CHN->GBR": ("CHN", "GBR")}.items():
        expected = _sql(web_store, "SELECT count(*) FROM events WHERE list_contains(source_codes, ?) "
                                   "AND list_contains(target_codes, ?)", [s, t])[0][0]
        assert totals[direction]["events"] == expected
    assert sum(totals[d]["events"] for d in totals) > 0
    for bucket in body["series"]:
        quads = (bucket["verbal_cooperation"] + bucket["material_cooperation"] + bucket["verbal_conflict"]
                 + bucket["material_conflict"])
        assert quads <= bucket["events"] == sum(bucket["by_type"].values())
        assert bucket["period"] in body["periods"]
        assert bucket["mean_plover_score"] is None or -10 <= bucket["mean_plover_score"] <= 10
    periods = body["periods"]
    assert periods == sorted(periods) and len(periods) == len(set(periods))
    yearly = client.get("/api/v1/dyads", params={"a": "GBR", "b": "CHN", "interval": "year"}).json()
    assert all(len(p) == 4 for p in yearly["periods"])
    assert client.get("/api/v1/dyads", params={"a": "GBR", "b": "CHN", "interval": "week"}).status_code == 422
    assert client.get("/api/v1/dyads", params={"a": "GBR"}).status_code == 422


def test_web_api_dyad_filters_and_empty_dyad(client):
    body = client.get("/api/v1/dyads", params={"a": "GBR", "b": "CHN", "type": "sanction"}).json()
    assert all(set(b["by_type"]) == {"SANCTION"} for b in body["series"])
    empty = client.get("/api/v1/dyads", params={"a": "ZZZ", "b": "QQQ"})
    assert empty.status_code == 200 and empty.json()["series"] == []


def test_web_api_actor_timeline(client):
    body = client.get("/api/v1/actors/USA/timeline", params={"interval": "year"}).json()
    assert body["directions"] == ["source", "target"]
    assert sum(t["events"] for t in body["totals"]) == client.get(
        "/api/v1/events", params={"actor": "USA"}).json()["total"]


def test_web_api_quotes_and_claims(client, web_store):
    quotes = client.get("/api/v1/quotes", params={"limit": 500}).json()
    assert quotes["total"] == _sql(web_store, "SELECT count(*) FROM quotes")[0][0]
    assert any(q["speaker"] and q["speaker"]["name"] for q in quotes["items"])
    rus = client.get("/api/v1/quotes", params={"code": "rus"}).json()
    assert rus["total"] > 0 and {q["speaker_code"] for q in rus["items"]} == {"RUS"}
    raab = client.get("/api/v1/quotes", params={"speaker": "Raab"}).json()
    assert raab["total"] > 0
    claims = client.get("/api/v1/claims", params={"limit": 500}).json()
    assert claims["total"] == _sql(web_store, "SELECT count(*) FROM claims")[0][0] > 0
    assert all(c["value"] is not None for c in claims["items"])


def test_web_api_stats(client, web_store):
    stats = client.get("/api/v1/stats").json()
    assert stats["documents"] == 10 and stats["events"] == _sql(web_store, "SELECT count(*) FROM events")[0][0]
    assert sum(t["count"] for t in stats["events_by_type"]) == stats["events"]
    assert sum(stats["events_by_quad"].values()) <= stats["events"]
    assert stats["top_dyads"] and stats["top_dyads"][0]["events"] >= stats["top_dyads"][-1]["events"]
    fresh = stats["freshness"]
    assert fresh["last_ingest_finished"] and fresh["last_document_stored"] and fresh["file_modified"]
    assert fresh["schema_version"] >= 1
    facets = client.get("/api/v1/facets").json()
    assert "SANCTION" in facets["types"] and "asserted" in facets["statuses"]


# -- the schema, the docs, headers -------------------------------------------------------------------------

def test_web_api_openapi_lists_every_route(client):
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/v1/events", "/api/v1/events/{event_id}", "/api/v1/documents", "/api/v1/documents/{doc_id}",
            "/api/v1/actors", "/api/v1/actors/{code}", "/api/v1/dyads", "/api/v1/quotes", "/api/v1/claims",
            "/api/v1/stats", "/api/v1/actors/corrections"} <= paths
    assert not any(p.startswith(("/events", "/documents", "/actors")) for p in paths)  # pages stay out
    assert "Event" in schema["components"]["schemas"]


def test_web_api_docs_are_served_offline(client):
    html = client.get("/docs").text
    assert "cdn" not in html.lower() and "http" not in html
    for asset in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
                  "/static/swagger-init.js"):
        assert asset in html
        assert client.get(asset).status_code == 200


def test_web_api_no_cors_and_strict_headers(client):
    response = client.get("/api/v1/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/v1/stats", headers={"Origin": "https://evil.example",
                                                         "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


# -- the one write ------------------------------------------------------------------------------------------

def test_web_api_corrections_off_without_token(client, web_store):
    before = _sql(web_store, "SELECT count(*) FROM known_roles")[0][0]
    response = client.post("/api/v1/actors/corrections", json={"name": "Liu Xiaoming", "code": "CHN",
                                                                "sector": "GOV"},
                           headers={"Authorization": "Bearer anything-at-all-here"})
    assert response.status_code == 403 and "token" in response.json()["error"]
    assert _sql(web_store, "SELECT count(*) FROM known_roles")[0][0] == before


def test_web_api_corrections_need_the_token(tmp_path, web_store):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(web_store, db)
    token = "s3cret-token-for-tests-0123456789"
    body = {"name": "Liu Xiaoming", "code": "chn", "sector": "gov"}
    with TestClient(create_app(db, token=token)) as local:
        assert local.post("/api/v1/actors/corrections", json=body).status_code == 401
        wrong = local.post("/api/v1/actors/corrections", json=body, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        bad = local.post("/api/v1/actors/corrections", json={**body, "code": "'; DROP"},
                         headers={"Authorization": f"Bearer {token}"})
        assert bad.status_code == 422
        ok = local.post("/api/v1/actors/corrections", json=body, headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 201 and ok.json() == {"name": "Liu Xiaoming", "code": "CHN", "sector": "GOV"}
        # reads keep working after the write, and see it
        people = local.get("/api/v1/actors/CHN").json()["persons_corpus"]
        assert {"name": "Liu Xiaoming", "origin": "correction"}.items() <= next(
            p for p in people if p["name"] == "Liu Xiaoming").items()
    assert _sql(db, "SELECT code, sector, corrected FROM known_roles WHERE name = 'Liu Xiaoming'") == [
        ("CHN", "GOV", True)]


# -- store problems -----------------------------------------------------------------------------------------

def test_web_api_missing_store_is_503_not_500(tmp_path):
    with TestClient(create_app(tmp_path / "absent.duckdb")) as local:
        response = local.get("/api/v1/events")
        assert response.status_code == 503 and "detente ingest" in response.json()["error"]
        assert response.headers["retry-after"]
        assert local.get("/").status_code == 503
        assert not (tmp_path / "absent.duckdb").exists()  # reading never creates a store


def test_web_api_not_a_detente_store_is_json_error(tmp_path):
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t (x INT)")
    with TestClient(create_app(db), raise_server_exceptions=False) as local:
        response = local.get("/api/v1/events")
        assert response.headers["content-type"].startswith("application/json")
        assert response.status_code == 500 and "not a Detente store" in response.json()["error"]
