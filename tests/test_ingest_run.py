"""The ingest job: ids, duplicates, bad input in the middle of a run, language, our articles, the sample corpus."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

import detente
from detente.intake.prepare import content_hash
from detente.store.db import Store

pytestmark = pytest.mark.usefixtures("detente_env")

FRENCH = ("Le ministre des Affaires étrangères a rencontré lundi son homologue allemand à Paris. Les deux pays ont "
          "signé un accord sur la coopération énergétique. Une déclaration commune est attendue dans la semaine.")
GERMAN = ("Der Außenminister traf am Montag seinen französischen Amtskollegen in Berlin. Beide Länder "
          "unterzeichneten ein Abkommen über die Zusammenarbeit im Energiebereich.")

# A page whose article is rendered by JavaScript: only chrome in the HTML.
JS_SHELL_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>World News | Lakeside Gazette</title><meta property="og:site_name" content="Lakeside Gazette"></head><body>
<header><a class="logo" href="/">Lakeside Gazette</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe</a></li>
</ul></nav></header>
<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>
<footer><p>Copyright 2024 Lakeside Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
<script src="/static/js/main.js"></script></body></html>
"""


def ingest(paths, db, **kwargs):
    return detente.ingest([str(p) for p in paths], db=db, events=False, **kwargs)


def rows(db: Path, sql: str, params=None) -> list[tuple]:
    with Store(db, read_only=True) as store:
        return store.con.execute(sql, params or []).fetchall()


# -- formats end to end ------------------------------------------------------------------------


def test_run_every_format_stored(tmp_path: Path, db_path: Path, write_jsonl, article):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(f" date 2021-04-24 {article(1)}\n\n{article(2)}\n", encoding="utf-8")
    write_jsonl(inbox / "b.jsonl", [{"id": "j-1", "text": article(3), "published": "2021-09-18",
                                     "title": "JSONL story", "url": "https://x.example/j1", "source": "Wire"}])
    (inbox / "c.json").write_text(json.dumps([{"id": "js-1", "text": article(4)}]), encoding="utf-8")
    (inbox / "e.txt.gz").write_bytes(gzip.compress(article(6).encode()))
    (inbox / "f.html").write_text(
        "<html><head><title>Border talks</title>"
        '<meta property="article:published_time" content="2021-05-06T08:30:00Z"></head>'
        f"<body><article><h1>Border talks</h1><p>{article(7)}</p><p>{article(8)}</p></article></body></html>",
        encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    with (exports / "d.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body", "date"])
        writer.writerow(["csv-1", article(5), "2022-03-01"])

    summary = ingest([inbox], db_path)
    assert (summary.read, summary.new, summary.duplicate, summary.failed) == (5, 5, 0, [])
    summary = ingest([exports], db_path, field_map={"text": "body", "published": "date"})
    assert (summary.read, summary.new, summary.failed) == (1, 1, [])

    stored = {Path(r[0]).name: r[1:] for r in rows(
        db_path, "SELECT origin, format, published, published_from, title, url, source, status FROM documents")}
    assert stored == {
        "a.txt": ("txt", date(2021, 4, 24), "date-header", None, None, None, "ok"),
        "b.jsonl": ("jsonl", date(2021, 9, 18), "field", "JSONL story", "https://x.example/j1", "Wire", "ok"),
        "c.json": ("json", None, None, None, None, None, "ok"),
        "d.csv": ("csv", date(2022, 3, 1), "field", None, None, None, "ok"),
        "e.txt.gz": ("txt", None, None, None, None, None, "ok"),
        "f.html": ("html", date(2021, 5, 6), "html-metadata", "Border talks", None, None, "ok"),
    }
    assert rows(db_path, "SELECT doc_id FROM documents WHERE format IN ('jsonl', 'json', 'csv') ORDER BY 1") == [
        ("csv-1",), ("j-1",), ("js-1",)]


def test_run_stdin(monkeypatch: pytest.MonkeyPatch, db_path: Path, article):
    class Stdin:
        buffer = io.BytesIO(json.dumps({"id": "pipe-1", "text": article(1)}).encode() + b"\n")

    monkeypatch.setattr(sys, "stdin", Stdin())
    summary = ingest(["-"], db_path)
    assert (summary.read, summary.new, summary.failed) == (1, 1, [])
    assert rows(db_path, "SELECT doc_id, origin, clean_text FROM documents") == [("pipe-1", "<stdin>", article(1))]


# -- ids and duplicates ------------------------------------------------------------------------


def test_run_given_id_kept(tmp_path: Path, db_path: Path, write_jsonl, article):
    path = write_jsonl(tmp_path / "w.jsonl", [{"id": "reuters-123", "text": article(1)},
                                              {"id": 77, "text": article(2)}])
    ingest([path], db_path)
    assert rows(db_path, "SELECT doc_id, line FROM documents ORDER BY line") == [("reuters-123", 1), ("77", 2)]


def test_run_hash_id_is_content_hash(tmp_path: Path, db_path: Path, article):
    text = f"{article(1)}\n\n{article(2)}\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    ingest([tmp_path / "a.txt"], db_path)
    normalised = " ".join(text.split()).casefold()
    expected = "doc-" + hashlib.sha256(normalised.encode()).hexdigest()[:16]
    assert rows(db_path, "SELECT doc_id, content_hash FROM documents") == [
        (expected, hashlib.sha256(normalised.encode()).hexdigest())]


def test_run_hash_id_identical_across_runs(tmp_path: Path, article):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"{n}.txt").write_text(article(n), encoding="utf-8")
    ingest([corpus], tmp_path / "here.duckdb")
    # A separate interpreter with a different hash seed must give the same ids.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    env["PYTHONHASHSEED"] = "12345"
    result = subprocess.run(
        [sys.executable, "-m", "detente", "ingest", str(corpus), "--db", str(tmp_path / "there.duckdb"),
         "--no-events"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    sql = "SELECT origin, doc_id FROM documents ORDER BY origin"
    here, there = rows(tmp_path / "here.duckdb", sql), rows(tmp_path / "there.duckdb", sql)
    assert len(here) == 3
    assert here == there
    assert all(doc_id.startswith("doc-") and len(doc_id) == 20 for _, doc_id in here)


def test_run_same_text_in_two_files_stored_once(tmp_path: Path, db_path: Path, article):
    text = f"{article(1)}\n\n{article(2)}"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    summary = ingest([tmp_path], db_path)
    assert (summary.read, summary.new, summary.duplicate) == (2, 1, 1)
    assert rows(db_path, "SELECT origin FROM documents") == [(str(tmp_path / "a.txt"),)]


def test_run_same_article_rescraped_with_other_whitespace_is_duplicate(tmp_path: Path, db_path: Path, article):
    (tmp_path / "a.txt").write_text(f"{article(1)}\n\n{article(2)}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"  {article(1)}\n\n\n\n   {article(2)}  \n", encoding="utf-8")
    summary = ingest([tmp_path], db_path)
    assert (summary.new, summary.duplicate) == (1, 1)


def test_run_same_text_under_two_given_ids_stored_once(tmp_path: Path, db_path: Path, write_jsonl, article):
    path = write_jsonl(tmp_path / "w.jsonl", [{"id": "first", "text": article(1)},
                                              {"id": "second", "text": article(1)}])
    summary = ingest([path], db_path)
    assert (summary.read, summary.new, summary.duplicate) == (2, 1, 1)
    assert rows(db_path, "SELECT doc_id FROM documents") == [("first",)]


def test_run_duplicates_across_batches(tmp_path: Path, db_path: Path, write_jsonl, article):
    records = [{"id": f"r{n}", "text": article(n)} for n in range(7)]
    path = write_jsonl(tmp_path / "w.jsonl", records + records[:3] + [{"id": "again-0", "text": article(0)}])
    summary = ingest([path], db_path, batch_size=3)
    assert (summary.read, summary.new, summary.duplicate) == (11, 7, 4)
    assert rows(db_path, "SELECT count(*), count(DISTINCT doc_id), count(DISTINCT content_hash) FROM documents") == [
        (7, 7, 7)]


# -- bad input in the middle of a run ----------------------------------------------------------


def test_run_bad_inputs_reported_and_good_files_stored(tmp_path: Path, db_path: Path, write_jsonl, article,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DETENTE_MAX_FILE_MB", "1")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a_good.txt").write_text(article(1), encoding="utf-8")
    (inbox / "x.txt").write_bytes(random.Random(3).randbytes(3000) + b"\x00" + random.Random(4).randbytes(3000))
    (inbox / "empty.txt").write_bytes(b"")
    latin = ("The minister said the café near the embassy would reopen next week, and that the repairs, costing "
             "about 5000 €, would be paid by the city. Officials declined to comment further.")
    (inbox / "latin.txt").write_bytes(latin.encode("cp1252"))
    rnd = random.Random(1234)
    (inbox / "garbage.txt").write_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(4000)))
    (inbox / "huge.txt").write_bytes(b"Officials met in Geneva on Monday. " * 60000)
    big_texts = [f"Big record {i}. " + "Officials met in Geneva to discuss trade. " * 1200 for i in range(42)]
    write_jsonl(inbox / "big.jsonl", [{"id": f"big-{i}", "text": t} for i, t in enumerate(big_texts)])
    write_jsonl(inbox / "mixed.jsonl", [
        {"id": "m-1", "text": article(2)},
        '{"id": "m-2", "text": "cut off',
        {"id": "m-3", "title": "no text here"},
        {"id": "m-4", "text": article(3)},
    ])
    (inbox / "nothing.html").write_text(JS_SHELL_PAGE, encoding="utf-8")
    missing = tmp_path / "not-there.txt"

    summary = ingest([inbox, missing], db_path)

    assert (inbox / "huge.txt").stat().st_size > 2 * 1024 * 1024
    assert (inbox / "big.jsonl").stat().st_size > 2 * 1024 * 1024
    failed = {(Path(p).name, line): reason for p, line, reason in summary.failed}
    assert set(failed) == {("x.txt", None), ("empty.txt", None), ("garbage.txt", None), ("huge.txt", None),
                           ("mixed.jsonl", 2), ("mixed.jsonl", 3), ("nothing.html", None), ("not-there.txt", None)}
    assert failed["x.txt", None] == "binary file (contains NUL bytes)"
    assert failed["empty.txt", None] == "empty file"
    assert "undecodable" in failed["garbage.txt", None]
    assert "larger than the 1 MB limit" in failed["huge.txt", None]
    assert failed["mixed.jsonl", 2].startswith("malformed JSON")
    assert failed["mixed.jsonl", 3] == "record has no text (field 'text' missing or empty)"
    assert failed["nothing.html", None] == "no article text found in HTML"
    assert failed["not-there.txt", None] == "no such file or directory"

    assert (summary.read, summary.new, summary.duplicate) == (46, 46, 0)
    stored = dict(rows(db_path, "SELECT doc_id, clean_text FROM documents"))
    assert len(stored) == 46
    assert [stored[f"big-{i}"] for i in range(42)] == [t.strip() for t in big_texts]
    assert stored["m-1"] == article(2) and stored["m-4"] == article(3)
    assert latin in stored.values()
    assert article(1) in stored.values()

    # Failures are kept in the store with the run that met them.
    recorded = rows(db_path, "SELECT run_id, path, line, reason FROM ingest_failures ORDER BY path, line")
    assert {r[0] for r in recorded} == {summary.run_id}
    assert sorted((Path(p).name, line, reason) for _, p, line, reason in recorded) == sorted(
        (name, line, reason) for (name, line), reason in failed.items())
    [(run_summary,)] = rows(db_path, "SELECT summary FROM ingest_runs")
    assert json.loads(run_summary)["new"] == 46


def test_run_document_empty_after_cleaning_is_a_failure(tmp_path: Path, db_path: Path, article):
    (tmp_path / "widgets.txt").write_text("Share this\n\nClick to comment\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(article(1), encoding="utf-8")
    summary = ingest([tmp_path], db_path)
    assert summary.failed == [(str(tmp_path / "widgets.txt"), None, "no text after cleaning")]
    assert summary.new == 1
    assert rows(db_path, "SELECT status FROM documents WHERE origin LIKE '%widgets.txt'") == [
        ("failed: no text after cleaning",)]


# -- language ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code,text", [("fr", FRENCH), ("de", GERMAN)])
def test_run_other_language_stored_as_skipped(tmp_path: Path, db_path: Path, article, code, text):
    (tmp_path / "english.txt").write_text(article(1), encoding="utf-8")
    (tmp_path / "other.txt").write_text(text, encoding="utf-8")
    summary = ingest([tmp_path], db_path)
    assert summary.read == 2
    assert summary.new == 1
    assert dict(summary.skipped) == {f"language {code}": 1}
    assert summary.failed == []
    assert rows(db_path, "SELECT language, status, clean_text FROM documents ORDER BY origin") == [
        ("en", "ok", article(1)), (code, f"skipped: language {code}", text)]


def test_run_short_text_defaults_to_english(tmp_path: Path, db_path: Path):
    (tmp_path / "short.txt").write_text("Le ministre a parlé.", encoding="utf-8")
    summary = ingest([tmp_path], db_path)
    assert (summary.new, dict(summary.skipped)) == (1, {})


# -- summary -----------------------------------------------------------------------------------


def test_run_summary_counts_undated_and_skipped_files(tmp_path: Path, db_path: Path, article):
    (tmp_path / "dated.txt").write_text(f" date 2021-04-24 {article(1)}", encoding="utf-8")
    (tmp_path / "undated.txt").write_text(article(2), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(article(3), encoding="utf-8")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    summary = ingest([tmp_path], db_path)
    assert (summary.read, summary.new, summary.undated) == (2, 2, 1)
    assert dict(summary.skipped) == {"hidden file": 1, "unsupported file type '.xlsx'": 1}
    as_dict = summary.as_dict()
    assert as_dict["read"] == 2 and as_dict["undated"] == 1 and as_dict["failed"] == []


def test_run_progress_called_per_document(tmp_path: Path, db_path: Path, write_jsonl, article):
    path = write_jsonl(tmp_path / "w.jsonl", [{"text": article(n)} for n in range(5)] + ["{broken"])
    calls: list[int] = []
    detente.ingest([path], db=db_path, events=False, progress=calls.append)
    assert calls == [1] * 5


def test_run_default_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article):
    monkeypatch.setenv("DETENTE_DB", str(tmp_path / "env.duckdb"))
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    summary = detente.ingest([tmp_path / "a.txt"], events=False)
    assert summary.new == 1
    assert rows(tmp_path / "env.duckdb", "SELECT count(*) FROM documents") == [(1,)]


# -- our seed-style articles and the sample corpus -------------------------------------------------


ARTICLES_DIR = Path(__file__).parent / "data" / "articles"


def test_run_articles(db_path: Path):
    """tests/data/articles, written in the seeds' style: a folder of scraped text files, two of them undated."""
    summary = ingest([ARTICLES_DIR], db_path)
    assert (summary.read, summary.new, summary.failed, summary.undated) == (6, 6, [], 2)
    assert dict(summary.skipped) == {}
    dates = sorted(str(r[0]) for r in rows(db_path, "SELECT published FROM documents"))
    assert dates == ["2021-11-02", "2022-03-03", "2022-03-14", "2023-05-12", "None", "None"]


SAMPLE_ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".json", ".csv"}


def _sample_files() -> list[Path]:
    folder = detente.sample_corpus()
    return sorted(p for p in folder.iterdir() if p.suffix in SAMPLE_ARTICLE_SUFFIXES)


def test_run_sample_corpus_ingests_without_failures(db_path: Path):
    files = _sample_files()
    assert files, f"no sample articles in {detente.sample_corpus()}"
    summary = ingest([detente.sample_corpus()], db_path)
    assert summary.failed == []
    assert summary.read >= len(files)
    assert summary.new == summary.read
    origins = {Path(r[0]).name for r in rows(db_path, "SELECT DISTINCT origin FROM documents")}
    assert {f.name for f in files} <= origins
    assert rows(db_path, "SELECT DISTINCT status, language FROM documents") == [("ok", "en")]


def test_run_sample_corpus_readme_is_not_an_article(db_path: Path):
    ingest([detente.sample_corpus()], db_path)
    origins = {Path(r[0]).name for r in rows(db_path, "SELECT origin FROM documents")}
    assert origins == {f.name for f in _sample_files()}


def test_run_store_is_plain_duckdb(db_path: Path, tmp_path: Path, article):
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    ingest([tmp_path / "a.txt"], db_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("SELECT clean_text, content_hash FROM documents").fetchall() == [
            (article(1), content_hash(article(1)))]
    finally:
        con.close()
