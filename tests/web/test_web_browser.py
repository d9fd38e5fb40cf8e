"""The pages in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium) against the app served
by uvicorn on a free port, offline (any request leaving 127.0.0.1 is blocked and fails the test).

One server (the sample corpus at /, a hostile article at /hostile) and one browser for the whole module. Every
page is saved to docs/screenshots/. Without Chromium or Playwright the tests skip, except under CI=true.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.web.app import create_app
from detente.web.render import path_quote

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 860}

pytestmark = pytest.mark.usefixtures("detente_env")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(web_store: Path, hostile_store: Path) -> Iterator[str]:
    """The sample store's app at /, the hostile store's app mounted at /hostile, on one free port."""
    uvicorn = pytest.importorskip("uvicorn")
    from starlette.applications import Starlette
    from starlette.routing import Mount

    root = Starlette(routes=[Mount("/hostile", app=create_app(hostile_store)), Mount("/", app=create_app(web_store))])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(root, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright; browsers are not downloaded)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page that records console errors and blocks (and records) every request leaving the server."""

    def __init__(self, browser, base: str, **context_options) -> None:
        self.base = base
        self.context = browser.new_context(viewport=VIEWPORT, **context_options)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, (path, response and response.status)
        return self.page

    def shot(self, name: str, *, full_page: bool = False) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # timestamps change on every run; hidden, so that an unchanged page gives an unchanged file
        self.page.evaluate("document.querySelectorAll('.timestamp').forEach(el => el.style.visibility = 'hidden')")
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page, animations="disabled")
        self.page.evaluate("document.querySelectorAll('.timestamp').forEach(el => el.style.visibility = '')")

    def close(self) -> None:
        self.context.close()
        assert not self.outside, f"requests left the server: {self.outside}"
        assert not self.errors, f"browser errors: {self.errors}"


@pytest.fixture
def tab(browser, server) -> Iterator[Tab]:
    tab = Tab(browser, server)
    yield tab
    tab.close()


def test_browser_overview(tab: Tab):
    page = tab.open("/")
    assert page.locator(".stat .n").first.inner_text() == "10"
    assert page.locator("table.dyads tbody tr").count() > 0
    assert page.locator("svg.types rect.hbar").count() > 5
    tab.shot("overview")


def test_browser_timeline_to_events_to_document(tab: Tab):
    """The analyst's path: a dyad's timeline, a bar, its events, the events table, one event's evidence."""
    page = tab.open("/dyads/GBR/CHN")
    tab.shot("dyad")
    bars = page.locator("svg.timeline a.bar:has(rect.q1), svg.timeline a.bar:has(rect.q2), "
                        "svg.timeline a.bar:has(rect.q3), svg.timeline a.bar:has(rect.q4)")
    assert bars.count() > 0
    period = bars.first.get_attribute("data-period")
    bars.first.locator("rect:not(.hit)").first.click()  # a coloured segment of the bar
    page.wait_for_url(re.compile(rf"period={period}"))
    assert page.locator("h2#period").inner_text() == f"Events in {period}"
    rows = page.locator("table.events tbody tr[data-event]")
    assert rows.count() > 0
    page.get_by_role("link", name="open in the events table").click()
    page.wait_for_url(re.compile(r"/events\?"))
    assert page.locator("table.events tbody tr[data-event]").count() == rows.count()
    tab.shot("events")
    row = page.locator("table.events tbody tr[data-event]").first
    event_id = row.get_attribute("data-event")
    evidence = row.locator("a.evidence-link").inner_text()
    row.locator("a.evidence-link").click()
    page.wait_for_url(re.compile(r"/documents/"))
    selected = page.locator("mark.ev.selected")
    assert selected.count() > 0
    assert "".join(selected.all_inner_texts()) == evidence  # the highlight is exactly the evidence sentence
    assert page.locator(f"#card-{event_id}.selected").count() == 1
    assert page.evaluate("location.hash") == f"#e-{event_id}"


def test_browser_document_hover_shows_the_record_and_removals_toggle(tab: Tab, web_store: Path):
    import duckdb

    with duckdb.connect(str(web_store), read_only=True) as con:
        doc_id = con.execute("SELECT doc_id FROM documents WHERE origin LIKE '%02_iran%'").fetchone()[0]
        first = con.execute("SELECT event_type, status, date FROM events WHERE doc_id = ? ORDER BY start_char, "
                            "event_id LIMIT 1", [doc_id]).fetchone()
    page = tab.open(f"/documents/{path_quote(doc_id)}")
    marks = page.locator("mark.ev")
    assert marks.count() > 0
    classes = set(" ".join(marks.evaluate_all("els => els.map(e => e.className)")).split())
    assert len(classes & {"q1", "q2", "q3", "q4"}) >= 2  # coloured by quad class
    marks.first.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    record = tip.inner_text()
    for value in first:
        assert value and str(value) in record
    for label in ("source", "target", "date", "status", "confidence"):
        assert label in record
    tab.shot("document")
    removed = page.locator(".removed")
    assert removed.count() > 0 and not removed.first.is_visible()
    page.get_by_label(re.compile("Show what cleaning removed")).check()
    assert removed.first.is_visible() and page.locator(".removed-list").is_visible()
    assert "repeated-headline" in page.locator(".removed-list").inner_text()
    tab.shot("document-removed")
    marks.first.click()  # selecting a highlight marks its card
    assert page.locator(".event-card.selected").count() >= 1


def test_browser_actor_page(tab: Tab):
    page = tab.open("/actors/USA")
    assert page.locator("svg.timeline a.bar").count() > 0
    assert page.locator("table.counterparts tbody tr").count() > 0
    assert page.locator("table.persons-corpus tbody tr").count() > 0
    tab.shot("actor")
    bar = page.locator("svg.timeline a.bar:has(rect.q4)").first
    period = bar.get_attribute("data-period")
    bar.locator("rect.q4").first.click()
    page.wait_for_url(re.compile(rf"period={period}"))
    assert page.locator("table.events tbody tr[data-event]").count() > 0


@pytest.mark.parametrize(("path", "name", "check"), [
    ("/documents", "documents", "table.documents tbody tr"),
    ("/actors", "actors", "table.actors tbody tr"),
    ("/quotes", "quotes", "table.quotes tbody tr"),
    ("/claims", "claims", "table.claims tbody tr"),
])
def test_browser_listing_pages(tab: Tab, path: str, name: str, check: str):
    page = tab.open(path)
    assert page.locator(check).count() > 1
    tab.shot(name)


def test_browser_map_point_lists_its_events(tab: Tab):
    """The map draws the vendored country boundaries under the located events' points; a point lists its
    events, and the panel's link opens them in the events table."""
    page = tab.open("/map")
    page.locator("svg.worldmap.drawn").wait_for(timeout=15000)
    assert page.locator("svg.worldmap g.countries path.country").count() > 150
    points = page.locator("svg.worldmap a.point")
    assert points.count() >= 1
    point = points.last  # drawn last, so no other point covers it
    place = point.get_attribute("data-place")
    name = point.locator("title").text_content().split(",")[0].split(":")[0]
    point.locator("circle").click()
    page.wait_for_url(re.compile(rf"place={place}"))
    panel = page.locator("#place")
    assert panel.locator("h2").inner_text().startswith(name)
    listed = panel.locator("li[data-event]").count()
    assert listed >= 1
    assert page.locator("svg.worldmap a.point.current").get_attribute("data-place") == place
    page.locator("svg.worldmap.drawn").wait_for(timeout=15000)
    tab.shot("map")
    panel.locator("a.events-here").click()
    page.wait_for_url(re.compile(rf"/events\?place={place}"))
    assert page.locator("table.events tbody tr[data-event]").count() == listed


def test_browser_quote_links_to_its_document(tab: Tab):
    page = tab.open("/quotes?code=RUS")
    link = page.locator("table.quotes tbody tr td:last-child a").first
    link.click()
    page.wait_for_url(re.compile(r"/documents/.+#q-"))
    assert page.locator(".qt.selected, mark.ev.selected").count() > 0


def test_browser_api_docs_offline(tab: Tab):
    page = tab.open("/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    tab.shot("api-docs")


HOSTILE_PAGES = ["/hostile/", "/hostile/events", "/hostile/documents", "/hostile/quotes", "/hostile/claims",
                 "/hostile/actors/GBR", "/hostile/dyads/GBR/RUS", "/hostile/map"]


OUR_SCRIPTS = {"/static/app.js", "/static/map.js", "/static/vendor/topojson-client/topojson-client.min.js"}


@pytest.mark.parametrize("csp", ["bypassed", "enforced"])
def test_browser_hostile_article_runs_nothing(browser, server, hostile_doc_id: str, csp: str):
    """With the Content-Security-Policy bypassed the test shows that escaping alone keeps the article inert;
    with it enforced, that the policy does not break the pages."""
    tab = Tab(browser, server, bypass_csp=csp == "bypassed")
    dialogs: list[str] = []
    tab.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    document = f"/hostile/documents/{path_quote(hostile_doc_id)}"
    for path in [document, *HOSTILE_PAGES]:
        page = tab.open(path)
        for mark in page.locator("mark.ev").all():
            mark.hover()
            mark.click()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        scripts = page.evaluate("[...document.querySelectorAll('script')].map(s => s.getAttribute('src'))")
        assert scripts and set(scripts) <= OUR_SCRIPTS, (path, scripts)  # ours only, none inline
        assert page.evaluate("""[...document.querySelectorAll('*')].filter(el =>
            [...el.attributes].some(a => a.name.startsWith('on'))).length""") == 0, path
        assert page.locator("a[href^='javascript:' i], iframe, img, object, embed").count() == 0, path
    page = tab.open(document)
    text = page.locator("article.doc-text").inner_text()
    assert "<script>window.__pwned='script'</script>" in text  # shown as text, exactly
    assert "<img src=x onerror=\"window.__pwned='img'\">" in text
    assert page.locator("mark.ev").count() > 0
    assert not dialogs
    tab.close()
