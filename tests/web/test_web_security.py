"""Untrusted input: article text that attacks the page showing it (escaped everywhere; the browser check is in
test_web_browser.py), and SQL-looking strings in every filter (parameters only: nothing breaks, nothing runs)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from detente.web.app import create_app
from detente.web.render import path_quote, safe_url

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

WEB = Path(__file__).parents[2] / "src" / "detente" / "web"

INJECTIONS = [
    "'; DROP TABLE events; --",
    "' OR '1'='1",
    "\" OR 1=1 --",
    "--",
    "GBR') OR ('1'='1",
    "1; SELECT * FROM documents --",
    "%' --",
    "\\'",
    "*/ UNION SELECT doc_id FROM documents /*",
]

# Every filter of every listing, API and page alike.
LISTINGS = {
    "/api/v1/events": ["actor", "source", "target", "type", "mode", "status", "since", "until", "doc_id", "q", "sort",
                       "quad_class", "offset", "limit", "country", "place", "place_name"],
    "/api/v1/places": ["actor", "source", "target", "type", "mode", "status", "since", "until", "doc_id", "q",
                       "quad_class", "country", "limit"],
    "/api/v1/documents": ["status", "q", "since", "until", "offset", "limit"],
    "/api/v1/actors": ["q", "sector", "offset", "limit"],
    "/api/v1/quotes": ["speaker", "code", "kind", "since", "until", "doc_id", "q"],
    "/api/v1/claims": ["code", "since", "until", "doc_id", "q"],
    "/api/v1/dyads?a=GBR&b=CHN": ["interval", "type", "status"],
    "/api/v1/actors/GBR/timeline": ["interval", "type", "status"],
    "/events": ["actor", "source", "target", "type", "mode", "status", "since", "until", "doc_id", "q", "sort",
                "place_name"],
    "/map": ["actor", "type", "status", "since", "until", "country", "place", "place_name", "place_country"],
    "/documents": ["status", "q", "since", "until"],
    "/actors": ["q", "sector"],
    "/quotes": ["speaker", "code", "kind", "since", "until", "doc_id", "q"],
    "/claims": ["code", "since", "until", "doc_id", "q"],
    "/dyads/GBR/CHN": ["interval", "type", "status", "period"],
    "/actors/GBR": ["interval", "type", "status", "period"],
}


def _counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "events", "mentions", "quotes", "claims", "known_roles")}


@pytest.fixture(scope="module")
def hostile_client(hostile_store: Path):
    with TestClient(create_app(hostile_store)) as test_client:
        yield test_client


# -- SQL ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", list(LISTINGS))
def test_web_sql_strings_in_every_filter(client, web_store, url):
    before = _counts(web_store)
    for name in LISTINGS[url]:
        for value in INJECTIONS:
            response = client.get(url, params={name: value})
            assert response.status_code in (200, 422), (url, name, value, response.text[:300])
            if response.status_code == 200 and url.startswith("/api/v1/") and "total" in response.json():
                assert response.json()["total"] == 0, (url, name, value)
    assert _counts(web_store) == before


def test_web_sql_strings_in_paths(client):
    for value in INJECTIONS:
        quoted = path_quote(value)
        for url in (f"/api/v1/events/{quoted}", f"/api/v1/documents/{quoted}", f"/documents/{quoted}",
                    f"/api/v1/actors/{quoted}", f"/actors/{quoted}"):
            assert client.get(url).status_code in (404, 422), url
        # a code-shaped value (like "--") is a dyad nobody is in: an empty page, not an error
        assert client.get(f"/dyads/GBR/{quoted}").status_code in (200, 404, 422)


def test_web_quotes_and_markup_are_matched_literally(hostile_client):
    """Searching for the attacker's strings finds exactly the sentences holding them."""
    payload = "<script>window.__pwned='script'</script>"
    body = hostile_client.get("/api/v1/events", params={"q": payload}).json()
    assert body["total"] >= 1 and all(payload in e["evidence"] for e in body["items"])
    quotes = hostile_client.get("/api/v1/quotes", params={"q": "'link'"}).json()
    assert quotes["total"] == 1 and quotes["items"][0]["text"] == "javascript:window.__pwned='link'"
    assert hostile_client.get("/api/v1/documents", params={"q": "<script>"}).json()["total"] == 1


# -- HTML ---------------------------------------------------------------------------------------------------

HOSTILE_PAGES = ["/", "/events", "/documents", "/actors", "/quotes", "/claims", "/actors/GBR", "/actors/RUS",
                 "/dyads/GBR/RUS", "/dyads/GBR/RUS?period=2021-03", "/events?q=%3Cscript%3E"]


@pytest.mark.parametrize("url", [*HOSTILE_PAGES, "DOCUMENT"])
def test_web_hostile_text_is_escaped_in_html(hostile_client, hostile_doc_id, url):
    url = f"/documents/{path_quote(hostile_doc_id)}" if url == "DOCUMENT" else url
    response = hostile_client.get(url)
    assert response.status_code == 200, url
    html = response.text
    # our own markup has exactly one script element (app.js) and none of the attacker's elements
    assert re.findall(r"<script\b", html) == ['<script'], url
    for tag in ("<img", "<iframe", "<svg onload", "<b>headline"):
        assert tag not in html, (url, tag)
    assert not re.search(r"""\son\w+\s*=\s*["']?window""", html.replace("&#34;", '"').split("&lt;")[0])
    assert 'href="javascript:' not in html and "href='javascript:" not in html
    if url.startswith("/documents/") or url.startswith("/events"):
        assert "&lt;script&gt;window.__pwned" in html


def test_web_hostile_document_page_shows_the_payload_as_text(hostile_client, hostile_doc_id):
    html = hostile_client.get(f"/documents/{path_quote(hostile_doc_id)}").text
    article = re.sub(r"<[^>]+>", "", html.split('<article class="doc-text"', 1)[1].split("</article>", 1)[0])
    assert "&lt;img src=x onerror=&#34;window.__pwned=&#39;img&#39;&#34;&gt;" in article
    assert "javascript:window.__pwned=&#39;url&#39;" in html  # shown as text...
    assert "(not a web address; not linked)" in html           # ...and not linked
    assert '<mark class="ev' in html  # the hostile sentences are still highlighted as evidence


def test_web_hostile_api_returns_the_text_unchanged(hostile_client, hostile_doc_id):
    response = hostile_client.get(f"/api/v1/documents/{path_quote(hostile_doc_id)}")
    assert response.headers["content-type"].startswith("application/json")
    doc = response.json()
    assert doc["doc_id"] == hostile_doc_id and "<script>window.__pwned='script'</script>" in doc["clean_text"]


def test_web_templates_never_mark_data_safe():
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), path
        assert "Markup(" not in text and "autoescape false" not in text.lower(), path
    assert "innerHTML" not in (WEB / "static" / "app.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"), ("http://x.test", "http://x.test"),
    ("javascript:alert(1)", None), (" JaVaScRiPt:alert(1)", None), ("data:text/html,<script>", None),
    ("//evil.example/x", None), ("vbscript:x", None), ("", None), ("http://[::1", None)])
def test_web_safe_url(url, expected):
    assert safe_url(url) == expected


def test_web_path_quote_escapes_everything():
    assert path_quote("a/b?c#d e<f>\"'") == "a%2Fb%3Fc%23d%20e%3Cf%3E%22%27"
