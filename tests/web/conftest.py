"""Shared fixtures of the web tests: the sample corpus in a store, a store holding a hostile article, and an
in-process client. Stores are built once per session (ingesting loads the spaCy pipeline)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import detente

fastapi = pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from detente.web.app import create_app  # noqa: E402

# An article written to attack the page that shows it: every payload sets window.__pwned when it runs.
HOSTILE_ID = "xss-<script>window.__pwned='id'</script>"
HOSTILE = {
    "id": HOSTILE_ID,
    "title": "<script>window.__pwned='title'</script>Evil <b>headline</b> <img src=x onerror=\"window.__pwned='t'\">",
    "published": "2021-03-04",
    "url": "javascript:window.__pwned='url'",
    "source": "<svg onload=\"window.__pwned='source'\">",
    "text": (
        "Britain expelled 23 Russian diplomats on Monday <script>window.__pwned='script'</script> over the attack."
        "\n\nRussia condemned the decision <img src=x onerror=\"window.__pwned='img'\"> and threatened to retaliate "
        "against London.\n\nThe Foreign Office said <a href=\"javascript:window.__pwned='link'\">click here</a> "
        "that it would impose sanctions on Russian officials.\n\n"
        "\"We will respond <iframe src=javascript:window.__pwned='iframe'></iframe>\", said Sergei Lavrov "
        "'--; DROP TABLE events; --.\n\nShare this article"
    ),
}


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus, ingested with events."""
    db = tmp_path_factory.mktemp("web-store") / "sample.duckdb"
    detente.ingest([str(detente.sample_corpus())], db=db)
    return db


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hostile article (script tags, event-handler attributes, javascript: links, SQL) with its events."""
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "hostile.duckdb"
    detente.ingest([str(path)], db=db)
    return db


@pytest.fixture(scope="session")
def hostile_doc_id() -> str:
    return HOSTILE_ID


@pytest.fixture(scope="module")
def client(web_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(web_store)) as test_client:
        yield test_client


# Articles whose events are placed by the text (two in Kharkiv, one in Beijing), one placed in a region the
# gazetteer has no GeoNames id or coordinates for (Donbas), and one placed nowhere.
LOCATED = [
    {"id": "loc-kharkiv-1", "title": "Strikes on Kharkiv", "published": "2022-03-07",
     "text": "Russian forces struck targets in Kharkiv on Monday, Ukraine said."},
    {"id": "loc-kharkiv-2", "title": "Shelling", "published": "2022-03-08",
     "text": "Ukraine accused Russia of shelling apartment blocks in Kharkiv on Tuesday."},
    {"id": "loc-beijing", "title": "Summit", "published": "2023-03-24", "text": "Putin met Xi in Beijing on Friday."},
    {"id": "loc-donbas", "title": "Donbas", "published": "2022-03-07",
     "text": "Russian forces shelled towns in the Donbas on Monday, Ukraine said."},
    {"id": "loc-none", "title": "Expulsions", "published": "2022-03-07",
     "text": "Britain expelled 23 Russian diplomats on Monday."},
]


@pytest.fixture(scope="session")
def located_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few articles whose events have locations (see LOCATED)."""
    folder = tmp_path_factory.mktemp("located")
    path = folder / "located.jsonl"
    path.write_text("".join(json.dumps(doc) + "\n" for doc in LOCATED), encoding="utf-8")
    db = folder / "located.duckdb"
    detente.ingest([str(path)], db=db)
    return db
