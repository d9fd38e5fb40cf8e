"""Kill a real ``detente ingest`` with SIGKILL at random moments and check every resume.

Each trial starts an ingest (with events, small batches) of a corpus of small articles, kills it with SIGKILL at a
random point (a random commit and a random delay after it, seeded and printed, so a failing trial can be rerun),
runs the ingest again and compares the store with an uninterrupted run's: every document once, the same rows in
every table (events, mentions, quotes, claims, clusters, roles). Kill points range over the whole run, start-up and
commits included. Prints a table; exit code 1 if any trial's store differs.

    .venv/bin/python scripts/kill_test.py --trials 20 --seed 2026
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from kill_runs import BATCH_SIZE, CORPUS_SIZE, KillPoint, compare, corpus, ingest, killed_run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--docs", type=int, default=CORPUS_SIZE)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = corpus(work, args.docs)
        ids = [json.loads(line)["id"] for line in source.read_text(encoding="utf-8").splitlines()]
        reference = work / "reference.duckdb"
        summary = ingest(source, reference)
        # one uninterrupted process run: how long the kill window is, and a check that CLI and API agree
        baseline = killed_run(source, work / "baseline.duckdb", KillPoint(after_seconds=10_000))
        problems = compare(work / "baseline.duckdb", reference, ids)
        print(f"corpus: {args.docs} documents, batch size {BATCH_SIZE}, {summary.events} events; "
              f"uninterrupted process run {baseline.seconds:.1f} s, {baseline.commits_seen} commits, "
              f"{'same rows as the in-process run' if not problems else '; '.join(problems)}")
        # A kill point: a random commit (0: the start), then a random delay up to one batch's time (up to the first
        # commit for the start), so kills land in start-up, parsing, extraction and commits alike.
        times = baseline.commit_times
        batch_seconds = (times[-1] - times[0]) / max(len(times) - 1, 1)
        rng = random.Random(args.seed)
        points = []
        for _ in range(args.trials):
            after = rng.randint(0, len(times) - 1)
            points.append(KillPoint(after, round(rng.uniform(0, times[0] if after == 0 else batch_seconds), 2)))
        print(f"seed {args.seed}: first commit at {times[0]:.1f} s, then one every {batch_seconds:.2f} s; "
              f"kill points: {', '.join(map(str, points))}\n")
        print("| trial | kill point | killed | commits seen | stored at kill | resumed: new | duplicate | result |")
        print("|---:|---|:---:|---:|---:|---:|---:|---|")
        failures = 0
        for number, point in enumerate(points, 1):
            db = work / f"trial{number}.duckdb"
            outcome = killed_run(source, db, point)
            resumed = ingest(source, db)
            problems = compare(db, reference, ids)
            if resumed.failed:
                problems.append(f"{len(resumed.failed)} failed on resume")
            failures += bool(problems)
            print(f"| {number} | {point} | {'yes' if outcome.killed else 'finished'} | {outcome.commits_seen} "
                  f"| {outcome.stored_after_kill} | {resumed.new} | {resumed.duplicate} "
                  f"| {'identical' if not problems else '; '.join(problems)} |", flush=True)
        print(f"\n{args.trials - failures} of {args.trials} resumed stores identical to the uninterrupted run's")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
