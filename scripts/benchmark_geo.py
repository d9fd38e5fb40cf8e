"""What event geolocation costs: the pipeline's time with and without the location stage, against bare spaCy, on
the same documents in the same run (the approach of ``scripts/benchmark.py``), plus the gazetteer's load time.

Usage: python scripts/benchmark_geo.py [--repeat N] [--copies N] [FILES...]
(default: the bundled sample corpus, the dev seeds and the dev-real documents under ../shared/eval)

"Without" replaces ``detente.events.extract.locate`` and ``dateline_place`` by functions that return None, so the
rest of the pipeline does exactly the same work. Runs are interleaved (bare, without, with, bare, ...) and the
median of each is reported, so that a machine whose load changes during the run affects all three alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchmark_actors import DEFAULT_INPUTS, run, texts  # noqa: E402

from detente import api  # noqa: E402
from detente.events import extract  # noqa: E402
from detente.geo import gazetteer  # noqa: E402
from detente.nlp.pipeline import load_bare, load_pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=2, help="repeat the corpus to reduce timer noise")
    args = parser.parse_args()
    paths = args.files or [str(api.sample_corpus()), *(str(p) for p in DEFAULT_INPUTS if p.exists())]
    docs = texts(paths) * args.copies
    words = sum(len(t.split()) for t in docs)
    start = time.perf_counter()
    gazetteer()
    print(f"gazetteer load: {time.perf_counter() - start:.3f} s")
    bare, full = load_bare(), load_pipeline()
    located, dateline = extract.locate, extract.dateline_place
    timings: dict[str, list[float]] = {"spaCy alone": [], "pipeline, no location": [], "pipeline, with location": []}
    run(full, docs[:20])  # warm caches
    for _ in range(args.repeat):
        timings["spaCy alone"].append(run(bare, docs))
        extract.locate, extract.dateline_place = (lambda *a, **k: None), (lambda *a, **k: None)  # type: ignore
        try:
            timings["pipeline, no location"].append(run(full, docs))
        finally:
            extract.locate, extract.dateline_place = located, dateline
        timings["pipeline, with location"].append(run(full, docs))
    print(f"{len(docs)} documents, {words} words, median of {args.repeat} interleaved runs")
    medians = {name: statistics.median(values) for name, values in timings.items()}
    for name, seconds in medians.items():
        print(f"  {name:26} {seconds:7.2f} s  {words / seconds:7.0f} words/s  "
              f"{medians['spaCy alone'] / seconds:.0%} of spaCy's words/s")
    off, on = medians["pipeline, no location"], medians["pipeline, with location"]
    print(f"the location stage adds {(on - off) / off:+.1%} to the pipeline's time "
          f"({(on - off) / len(docs) * 1000:+.2f} ms a document)")


if __name__ == "__main__":
    main()
