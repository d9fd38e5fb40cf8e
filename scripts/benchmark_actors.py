"""What the roles knowledge base costs: load and index build times, and the pipeline's words/s with the bundled KB
against the old roles table alone (``data/roles.csv``, 898 rows) and against bare spaCy, on the same documents in
the same run (the approach of ``scripts/benchmark.py``).

Usage: python scripts/benchmark_actors.py [--repeat N] [--copies N] [FILES...]
(default: the bundled sample corpus, the dev seeds and the dev-real documents under ../shared/eval)

Runs are interleaved (bare, old, new, bare, old, new, ...) and the median of each is reported, so that a machine
whose load changes during the run affects all three alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from importlib import resources
from pathlib import Path

from detente import api
from detente.actors import component
from detente.actors import index as actor_index
from detente.actors.index import ActorIndex
from detente.actors.roles import RolesKB, load_roles
from detente.eval.common import eval_data_dir
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, read_paths
from detente.nlp.pipeline import load_bare, load_pipeline

EVAL = eval_data_dir() or Path("shared-eval-not-found")  # the one lookup the tests and the gate use
DEFAULT_INPUTS = [EVAL / "dev" / "seeds.jsonl", EVAL / "dev-real" / "documents.jsonl"]


def texts(paths: list[str]) -> list[str]:
    found = []
    for item in read_paths(paths):
        if isinstance(item, RawDocument):
            doc = prepare(item)
            if doc.status == "ok":
                found.append(doc.text)
    return found


def old_roles() -> RolesKB:
    """The roles knowledge base as it was before the bundled table: the hand-made roles.csv alone."""
    kb = RolesKB()
    kb.add_csv(resources.files("detente.data").joinpath("roles.csv").read_text("utf-8"), source="roles.csv")
    return kb


def index_with(nlp, kb: RolesKB) -> ActorIndex:
    """An actor index whose people come from ``kb`` (the registered roles source reads load_roles())."""
    original = actor_index.load_roles
    actor_index.load_roles = lambda: kb  # type: ignore[assignment]
    try:
        return ActorIndex(nlp, roles=kb)
    finally:
        actor_index.load_roles = original


def run(nlp, docs: list[str]) -> float:
    start = time.perf_counter()
    for _doc in nlp.pipe(docs, batch_size=32):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=3, help="repeat the corpus to reduce timer noise")
    args = parser.parse_args()
    paths = args.paths or [str(api.sample_corpus())] + [str(p) for p in DEFAULT_INPUTS if p.exists()]
    docs = texts(paths) * args.copies
    words = sum(len(t.split()) for t in docs)

    start = time.perf_counter()
    bundled = load_roles()
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    full = load_pipeline()
    pipeline_seconds = time.perf_counter() - start
    bare = load_bare()
    start = time.perf_counter()
    new_index = index_with(full, bundled)
    build_seconds = time.perf_counter() - start
    start = time.perf_counter()
    old_index = index_with(full, old_roles())
    old_build_seconds = time.perf_counter() - start
    print(f"roles KB load (load_roles, {len(bundled.names())} names): {load_seconds:.3f} s")
    print(f"load_pipeline (spaCy model and Detente's components): {pipeline_seconds:.3f} s")
    print(f"actor index build: bundled KB {build_seconds:.3f} s ({len(new_index.entries)} phrases), "
          f"roles.csv alone {old_build_seconds:.3f} s ({len(old_index.entries)} phrases)")

    chosen: dict[str, ActorIndex] = {}
    original = component._index

    def pick(nlp, extra):
        return chosen["index"] if not extra else original(nlp, extra)

    component._index = pick  # type: ignore[assignment]
    bare("warm up")
    timings: dict[str, list[float]] = {"spaCy alone": [], "pipeline, roles.csv alone": [],
                                       "pipeline, bundled KB": []}
    try:
        for index in (old_index, new_index):
            chosen["index"] = index
            full("warm up")
        for _ in range(args.repeat):
            timings["spaCy alone"].append(run(bare, docs))
            chosen["index"] = old_index
            timings["pipeline, roles.csv alone"].append(run(full, docs))
            chosen["index"] = new_index
            timings["pipeline, bundled KB"].append(run(full, docs))
    finally:
        component._index = original
    medians = {name: statistics.median(values) for name, values in timings.items()}
    base = medians["spaCy alone"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(docs)} documents, {words} words, median of {args.repeat} interleaved runs "
          f"(load average {load:.1f}, {os.cpu_count()} CPUs)")
    print(f"{'':<28}{'seconds':>9}{'words/s':>10}{'vs spaCy':>10}")
    for name, seconds in medians.items():
        print(f"{name:<28}{seconds:>9.2f}{words / seconds:>10.0f}{base / seconds:>9.0%}")
    old, new = medians["pipeline, roles.csv alone"], medians["pipeline, bundled KB"]
    print(f"the bundled KB adds {(new - old) / old:+.1%} to the pipeline's time per document "
          f"({(new - old) / len(docs) * 1000:+.2f} ms a document)")


if __name__ == "__main__":
    main()
