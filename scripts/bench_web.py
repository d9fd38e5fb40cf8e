"""Benchmark the web app on a store of 5,000 documents: every API call and page the app serves, median of
several calls, against the 300 ms target.

The store is the bundled sample corpus repeated with distinct ids (a numbered reference line keeps each copy's
text distinct, and publication dates are shifted by a week per copy so the timelines span years), written as
JSON Lines and ingested with ``detente.ingest``. It is built once and reused (``--rebuild`` to redo it).

    .venv/bin/python scripts/bench_web.py                       # build bench-web.duckdb if needed, time, print
    .venv/bin/python scripts/bench_web.py --write docs/WEB.md   # also replace the table in docs/WEB.md
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

import detente

TARGET_MS = 300
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def build(db: Path, documents: int) -> float:
    """Ingest ``documents`` copies of the sample corpus into ``db``; returns the seconds it took."""
    with tempfile.TemporaryDirectory() as folder:
        sample_db = Path(folder) / "sample.duckdb"
        detente.ingest([str(detente.sample_corpus())], db=sample_db, events=False)
        with duckdb.connect(str(sample_db), read_only=True) as con:
            sample = con.execute("SELECT doc_id, title, published, url, source, clean_text FROM documents "
                                 "WHERE status = 'ok' ORDER BY doc_id").fetchall()
        corpus = Path(folder) / "bench.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for n in range(documents):
                doc_id, title, published, url, source, text = sample[n % len(sample)]
                copy = n // len(sample)
                shifted = (published + timedelta(days=7 * copy)) if isinstance(published, date) else None
                out.write(json.dumps({
                    "id": f"bench-{n:05d}-{doc_id}", "title": title, "url": url, "source": source,
                    "published": shifted.isoformat() if shifted else None,
                    "text": f"{text}\n\nReference {n}.",
                }) + "\n")
        started = time.perf_counter()
        summary = detente.ingest([str(corpus)], db=db, progress=None)
        elapsed = time.perf_counter() - started
    logging.info("ingested %d documents (%d events) in %.0f s", summary.new, summary.events, elapsed)
    return elapsed


def calls(db: Path) -> list[tuple[str, str]]:
    """(page, URL) for every request a page makes, with ids, codes and periods taken from the store."""
    with duckdb.connect(str(db), read_only=True) as con:
        doc_id = con.execute("SELECT doc_id FROM events GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        event_id = con.execute("SELECT event_id FROM events WHERE doc_id = ? LIMIT 1", [doc_id]).fetchone()[0]
        period = con.execute("SELECT substr(date, 1, 7) FROM events WHERE length(date) >= 7 AND "
                             "list_contains(source_codes, 'USA') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
                             ).fetchone()[0]
    doc = f"/documents/{doc_id}"
    return [
        ("overview", "/api/v1/stats"),
        ("events", "/api/v1/events?limit=50"),
        ("events", "/api/v1/facets"),
        ("events", "/api/v1/events?actor=USA&limit=50"),
        ("events", "/api/v1/events?actor=GBR&counterpart=CHN&limit=50"),
        ("events", "/api/v1/events?type=SANCTION&status=asserted&since=2020&until=2021-06&limit=50"),
        ("events", "/api/v1/events?q=sanctions&sort=-confidence&limit=50"),
        ("events", "/api/v1/events?offset=40000&limit=50"),
        ("events", f"/api/v1/events/{event_id}"),
        ("documents", "/api/v1/documents?limit=50"),
        ("documents", "/api/v1/documents?q=kabul&since=2021&limit=50"),
        ("document", f"/api/v1{doc}"),
        ("actors", "/api/v1/actors?limit=50"),
        ("actor", "/api/v1/actors/USA"),
        ("actor", "/api/v1/actors/USA/timeline"),
        ("actor", f"/api/v1/events?actor=USA&since={period}&until={period}&limit=200&sort=date"),
        ("dyad", "/api/v1/dyads?a=GBR&b=CHN&interval=month"),
        ("dyad", "/api/v1/dyads?a=USA&b=CHN&interval=year&type=ACCUSE"),
        ("quotes", "/api/v1/quotes?limit=50"),
        ("quotes", "/api/v1/quotes?code=RUS&limit=50"),
        ("claims", "/api/v1/claims?limit=50"),
        ("page", "/"),
        ("page", "/events"),
        ("page", "/documents"),
        ("page", doc + f"?event={event_id}"),
        ("page", "/actors"),
        ("page", "/actors/USA"),
        ("page", f"/actors/USA?period={period}"),
        ("page", "/dyads/GBR/CHN"),
        ("page", "/quotes"),
        ("page", "/claims"),
    ]


def measure(db: Path, repeat: int) -> list[tuple[str, str, float, int]]:
    from fastapi.testclient import TestClient

    from detente.web.app import create_app

    rows = []
    with TestClient(create_app(db)) as client:
        for page, url in calls(db):
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url  # the first call: nothing cached yet
            first = (time.perf_counter() - started) * 1000
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            rows.append((page, url, first, statistics.median(times), len(response.content)))
    return rows


def table(db: Path, rows: list[tuple[str, str, float, float, int]], repeat: int, built: float | None) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "events", "mentions", "quotes", "claims")}
    size = os.path.getsize(db) / 1e6
    lines = [
        f"Store: {counts['documents']:,} documents, {counts['events']:,} events, {counts['mentions']:,} mentions, "
        f"{counts['quotes']:,} quotes, {counts['claims']:,} claims ({size:.0f} MB)"
        + (f"; built in {built / 60:.1f} min." if built else "."),
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"load average {os.getloadavg()[0]:.1f} at the end; in-process client (FastAPI TestClient); every request "
        f"opens the store afresh. `first`: the first call (nothing cached); `median`: of the next {repeat}. "
        f"Target {TARGET_MS} ms.",
        "",
        "| page | request | first ms | median ms | bytes | |",
        "|---|---|---:|---:|---:|---|",
    ]
    for page, url, first, ms, size_bytes in rows:
        verdict = "ok" if max(first, ms) < TARGET_MS else "SLOW"
        lines.append(f"| {page} | `{url}` | {first:.0f} | {ms:.0f} | {size_bytes:,} | {verdict} |")
    slow = [r for r in rows if max(r[2], r[3]) >= TARGET_MS]
    lines += ["", f"{len(rows) - len(slow)} of {len(rows)} requests under {TARGET_MS} ms at first call and median; "
              f"slowest median {max(r[3] for r in rows):.0f} ms, slowest first call {max(r[2] for r in rows):.0f} ms."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("bench-web.duckdb"), help="Benchmark store (reused).")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true", help="Delete and rebuild the store.")
    parser.add_argument("--write", type=Path, help=f"Replace the text between {START} and {END} in this file.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.rebuild:
        for path in (args.db, Path(f"{args.db}.wal")):
            path.unlink(missing_ok=True)
    built = None
    if not args.db.exists():
        built = build(args.db, args.documents)
    report = table(args.db, measure(args.db, args.repeat), args.repeat, built)
    print(report)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        args.write.write_text(f"{head}{START}\n{report}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
