"""Cost against document size: time and peak memory of a whole ingest of one generated document, and the time of
the sentence and quote components inside it, for the three inputs of ``scripts/pathological.py`` at 4 sizes.

Usage: python scripts/benchmark_scaling.py [--fractions 0.125,0.25,0.5,1] [--kinds quotes,lines,article]

Each measurement runs in a fresh process (``--one KIND SIZE``), so its peak RSS is its own: it writes the
document, runs ``detente.api.ingest(..., workers=1)`` into a new store with timers around the two components,
and prints one JSON line. The full sizes are issue 12's accept inputs (100 KB of quotation marks, 50,000 short
lines, a 900 KB article); the times include reading, cleaning, parsing, extraction and the store, not start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pathological import GENERATORS  # noqa: E402

FULL = {"quotes": 100_000, "lines": 50_000, "article": 900_000}
UNIT = {"quotes": "bytes", "lines": "lines", "article": "chars"}
TIMED = ("detente_sentences", "detente_quotes")


def _timed(component: Callable[[Any], Any], spent: dict[str, float], name: str) -> Callable[[Any], Any]:
    def run(doc: Any) -> Any:
        start = time.perf_counter()
        try:
            return component(doc)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
    return run


def one(kind: str, size: int) -> dict[str, Any]:
    """One measurement in this process."""
    from detente import api
    from detente.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    spent: dict[str, float] = {}
    components = nlp._components  # spaCy's (name, component) list: the timers wrap the components in place
    for at, (name, component) in enumerate(components):
        if name in TIMED:
            components[at] = (name, _timed(component, spent, name))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.txt"
        path.write_text(GENERATORS[kind](size), encoding="utf-8")
        start = time.perf_counter()
        summary = api.ingest([path], db=Path(folder) / "x.duckdb", workers=1)
        total = time.perf_counter() - start
    return {"kind": kind, "size": size, "ingest_s": round(total, 2),
            "sentences_s": round(spent.get("detente_sentences", 0.0), 3),
            "quotes_s": round(spent.get("detente_quotes", 0.0), 3),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "events": getattr(summary, "events", None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"))
    parser.add_argument("--fractions", default="0.125,0.25,0.5,1")
    parser.add_argument("--kinds", default="quotes,lines,article")
    args = parser.parse_args()
    if args.one:
        sys.stdout.write(json.dumps(one(args.one[0], int(args.one[1]))) + "\n")
        return
    fractions = [float(f) for f in args.fractions.split(",")]
    load = os.getloadavg()
    sys.stdout.write(f"{datetime.now():%Y-%m-%d %H:%M}, {platform.machine()} {platform.processor() or ''} "
                     f"{os.cpu_count()} cores, Python {platform.python_version()}, load average at start "
                     f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n\n")
    sys.stdout.write("| input | size | ingest s | detente_sentences s | detente_quotes s | peak RSS MB |\n")
    sys.stdout.write("|---|---:|---:|---:|---:|---:|\n")
    for kind in args.kinds.split(","):
        for fraction in fractions:
            size = int(FULL[kind] * fraction)
            out = subprocess.run([sys.executable, __file__, "--one", kind, str(size)], check=True,
                                 capture_output=True, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            sys.stdout.write(f"| {kind} | {size:,} {UNIT[kind]} | {row['ingest_s']} | {row['sentences_s']} | "
                             f"{row['quotes_s']} | {row['peak_mb']} |\n")
            sys.stdout.flush()
    load = os.getloadavg()
    sys.stdout.write(f"\nload average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")


if __name__ == "__main__":
    main()
