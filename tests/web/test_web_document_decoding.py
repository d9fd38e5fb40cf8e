"""The document page and its JSON show how the text was read: the encoding, the warnings of decoding and
cleaning (docs/ROBUSTNESS.md, "Decoding"), and a published value that was given but refused."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import detente

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from detente.web.app import create_app  # noqa: E402

pytestmark = pytest.mark.usefixtures("detente_env")
BAD = Path(__file__).parent.parent / "data" / "bad"
TEXT = "France condemned the attack by Russia on a hospital in Kharkiv on Monday, the foreign ministry said.\n\n"


@pytest.fixture(scope="module")
def decoded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("decoding")
    shutil.copy(BAD / "stray_byte.txt", folder / "stray_byte.txt")
    shutil.copy(BAD / "utf16_be_no_bom.txt", folder / "utf16_be_no_bom.txt")
    (folder / "records.jsonl").write_text(json.dumps({"id": "early", "published": "0001-01-01",
                                                      "text": TEXT + "Officials\x07 in Paris\x00 said so."}) + "\n",
                                          encoding="utf-8")
    db = folder / "decoding.duckdb"
    summary = detente.ingest([str(folder / name) for name in ("stray_byte.txt", "utf16_be_no_bom.txt",
                                                               "records.jsonl")], db=db, events=False)
    assert summary.new == 3, summary
    return db


@pytest.fixture(scope="module")
def decoded_client(decoded_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(decoded_store)) as client:
        yield client


def _doc_id(db: Path, name: str) -> str:
    stored = detente.documents(db=db)
    [doc_id] = [d for d, origin in zip(stored["doc_id"], stored["origin"], strict=True) if origin.endswith(name)]
    return str(doc_id)


def _meta(page: str) -> dict[str, str]:
    """The page's definition list as text, term to description."""
    block = page.split('<dl class="meta">', 1)[1].split("</dl>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", block, re.S)
    return {term: " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split()) for term, body in pairs}


@pytest.mark.parametrize("name,encoding,warnings", [
    ("stray_byte.txt", "utf-8", ["decode: stray-bytes ×1 (first at byte 300)"]),
    ("utf16_be_no_bom.txt", "utf-16-be", []),
    ("records.jsonl", "utf-8", ["clean: control-characters ×2 (first at character"]),
])
def test_document_page_shows_encoding_and_warnings(decoded_client: TestClient, decoded_store: Path, name: str,
                                                    encoding: str, warnings: list[str]):
    doc_id = _doc_id(decoded_store, name)
    meta = _meta(decoded_client.get(f"/documents/{doc_id}").text)
    assert meta["encoding"] == encoding
    if warnings:
        shown = meta["warnings"]
        assert all(w in shown for w in warnings), shown
    else:
        assert "warnings" not in meta

    body = decoded_client.get(f"/api/v1/documents/{doc_id}").json()
    stored = detente.document(doc_id, db=decoded_store)
    assert body["encoding"] == stored["encoding"] == encoding
    assert body["warnings"] == stored["warnings"]
    assert [w["kind"] for w in body["warnings"]] == [w.split(": ", 1)[1].split(" ")[0] for w in warnings]
    for warning in body["warnings"]:
        assert warning["detail"] in meta["warnings"]


def test_document_page_shows_a_rejected_published_value(decoded_client: TestClient, decoded_store: Path):
    page = decoded_client.get("/documents/early").text
    meta = _meta(page)
    assert meta["published as given"].startswith("0001-01-01 (not used: implausible date: 0001-01-01")
    body = decoded_client.get("/api/v1/documents/early").json()
    assert body["metadata"]["published_raw"] == "0001-01-01"
    assert body["metadata"]["published_rejected"].startswith("implausible date")
    assert body["published"] is None


def test_document_page_without_a_rejection_shows_none(decoded_client: TestClient, decoded_store: Path):
    meta = _meta(decoded_client.get(f"/documents/{_doc_id(decoded_store, 'stray_byte.txt')}").text)
    assert "published as given" not in meta
