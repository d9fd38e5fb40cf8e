"""Speed of Detente's components against the bare spaCy pipeline on the same documents.

Usage: python scripts/benchmark.py [--repeat N] [FILES...]   (default: the bundled sample corpus + the dev seeds)
Prints words/s for: bare spaCy; + Detente's sentence, actor, event and quote components; and the whole ingest
into a DuckDB store (cleaning, language, parsing, extraction, writing), all on the same texts, in this process.
Whole-process throughput (workers, extract, Dask), peak RSS and re-ingest: scripts/benchmark_parallel.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from detente import api
from detente.eval.common import eval_data_dir
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, read_paths
from detente.nlp.pipeline import load_bare, load_pipeline

_EVAL = eval_data_dir()  # the one lookup the tests and the gate use
SHARED_SEEDS = _EVAL / "dev" / "seeds.jsonl" if _EVAL else None


def texts(paths: list[str]) -> list[str]:
    found = []
    for item in read_paths(paths):
        if isinstance(item, RawDocument):
            doc = prepare(item)
            if doc.status == "ok":
                found.append(doc.text)
    return found


def timed(nlp, docs: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(docs, batch_size=32):
            pass
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=10, help="repeat the corpus to reduce timer noise")
    args = parser.parse_args()
    seeds = [str(SHARED_SEEDS)] if SHARED_SEEDS and SHARED_SEEDS.exists() else []
    paths = args.paths or [str(api.sample_corpus()), *seeds]
    docs = texts(paths) * args.copies
    words = sum(len(t.split()) for t in docs)
    bare = load_bare()
    full = load_pipeline()
    bare("warm up")
    full("warm up")
    results = {"spaCy alone": timed(bare, docs, args.repeat)}
    with full.select_pipes(disable=["detente_actors", "detente_events", "detente_quotes"]):
        results["+ sentence component"] = timed(full, docs, args.repeat)
    with full.select_pipes(disable=["detente_events", "detente_quotes"]):
        results["+ actors"] = timed(full, docs, args.repeat)
    with full.select_pipes(disable=["detente_quotes"]):
        results["+ events"] = timed(full, docs, args.repeat)
    results["+ quotes and claims (full)"] = timed(full, docs, args.repeat)
    base = results["spaCy alone"]
    print(f"{len(docs)} documents, {words} words, median of {args.repeat} runs")
    print(f"{'stage':<28}{'seconds':>9}{'words/s':>10}{'vs spaCy':>10}")
    for name, seconds in results.items():
        print(f"{name:<28}{seconds:>9.2f}{words / seconds:>10.0f}{base / seconds:>9.0%}")
    actors_cost = (results["+ actors"] - results["+ sentence component"]) / base
    print(f"actor component adds {actors_cost:.1%} to the bare pipeline's time")
    quotes_cost = (results["+ quotes and claims (full)"] - results["+ events"]) / results["+ events"]
    print(f"quote and claim component adds {quotes_cost:.1%} to the pipeline's time")
    print(f"full pipeline keeps {base / results['+ quotes and claims (full)']:.0%} of spaCy's words/s")
    with tempfile.TemporaryDirectory() as tmp:
        # The store ingest on the same texts (distinct ids so that every copy is new), model already loaded.
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(docs):
                # A distinct last paragraph per copy: the store would rightly refuse an identical text twice.
                handle.write(json.dumps({"id": f"bench-{number}", "text": f"{text}\n\nCopy {number}."}) + "\n")
        warmup = Path(tmp) / "warmup.jsonl"  # loads the language identifier and DuckDB, as spaCy was warmed
        warmup.write_text(json.dumps({"id": "warmup", "text": docs[0]}) + "\n", encoding="utf-8")
        api.ingest([warmup], db=Path(tmp) / "warmup.duckdb")
        runs = []
        for run in range(args.repeat):
            start = time.perf_counter()
            summary = api.ingest([corpus], db=Path(tmp) / f"bench-{run}.duckdb")
            runs.append(time.perf_counter() - start)
        seconds = statistics.median(runs)
    print(f"{'store ingest (full)':<28}{seconds:>9.2f}{words / seconds:>10.0f}{base / seconds:>9.0%}"
          f"   ({summary.new} documents: clean -> parse -> actors -> events -> quotes -> store)")


if __name__ == "__main__":
    main()
