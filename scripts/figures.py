"""Regenerate the figures the docs state, from measurements made now.

    python scripts/figures.py                 # run `detente gate --json` and count the tests, print the tables
    python scripts/figures.py --gate gate.json --write
    python scripts/figures.py --measure --write   # also time `make run` and `make test` in fresh clones

``--write`` rewrites the blocks between ``<!-- figures:start -->`` and ``<!-- figures:end -->`` in README.md and
docs/EVALUATION.md. ``--measure`` clones the repository beside it (so ``../shared`` is found, as in CI) twice and
times each command from scratch, venv creation and installation from the pip cache included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def row(name: str, report: dict) -> str:
    o = report.get("overall", {})
    if name == "dev":
        return (f"| dev | {o['gold_dyad_events']} gold / {o['system_dyad_events']} system asserted dyads | "
                f"F1 {o['f1']} "
                f"(P {o['precision']}, R {o['recall']}); date {o['date_accuracy']}, sector {o['sector_accuracy']}, "
                f"status {o['status_accuracy']} |")
    if name == "plover_gold":
        return (f"| plover_gold | {o['sentences']} sentences | top type accuracy {o['top_type_accuracy']}, any-event "
                f"{o['any_event_match']}, mode {o['mode_accuracy']} ({o['mode_n']}), dyad {o['dyad_accuracy']} "
                f"({o['dyad_n']}) |")
    if name == "petrarch_validate":
        return (f"| petrarch_validate | {o['sentences']} sentences | F1 {o['f1']} "
                f"(P {o['precision']}, R {o['recall']}), "
                f"no-event sentences clean {o['noevents_clean_rate']} ({o['noevents_sentences']}) |")
    if name == "cameo_examples":
        return (f"| cameo_examples | {o['sentences']} examples | type accuracy {o['type_accuracy']}, any-event "
                f"{o['any_event_match']} |")
    if name == "conflibert":
        return (f"| conflibert (train split) | {o['sentences']} sentences | penta accuracy {o['penta_accuracy']}, "
                f"source span F1 {o['source_span_f1']}, target span F1 {o['target_span_f1']} |")
    if name == "ngec_actors":
        return (f"| ngec_actors | {o['cases']} cases | language ({o['language_cases']}): country "
                f"{o['language_country_accuracy']}, sector {o['language_sector_accuracy']}; encyclopedia "
                f"({o['encyclopedia_cases']}): country {o['encyclopedia_country_accuracy']}, sector "
                f"{o['encyclopedia_sector_accuracy']}; active ({o['active_cases']}): country "
                f"{o['active_country_accuracy']}, sector {o['active_sector_accuracy']}; all: country "
                f"{o['country_accuracy']}, sector {o['sector_accuracy']} |")
    if name == "quotes":
        return (f"| quotes | {o['quotes_marked']} marked + {o['quotes_indirect']} indirect quotes, "
                f"{o['claims']} claims "
                f"| quote recall {o['quote_recall']}, speaker accuracy {o['speaker_accuracy']} "
                f"({o['speaker_judged']}), indirect recall {o['indirect_recall']}, claim recall {o['claim_recall']} |")
    if name == "dev_real":
        return (f"| dev_real | {o['gold_dyad_events']} gold / {o['system_dyad_events']} system asserted dyads | "
                f"F1 {o['f1']} (P {o['precision']}, R {o['recall']}); date {o['date_accuracy']}, sector "
                f"{o['sector_accuracy']}, status {o['status_accuracy']}; events with every side coded "
                f"{o['coded_sides_share']} |")
    if name == "locations":
        return (f"| locations | {o['plover_located']} PLOVER eventLoc + {o['dev_located']} seeds/dev-real located "
                f"events | place accuracy PLOVER {o['plover_accuracy']}, seeds + dev-real {o['dev_accuracy']}; "
                f"no location where the text gives none {o['no_location_accuracy']} |")
    if name == "clusters":
        return (f"| clusters | seeds, dev-real, stories | stories pairwise F1 {o['stories_pairwise_f1']} "
                f"(P {o['stories_pairwise_precision']}), B-cubed F1: stories {o['stories_bcubed_f1']}, seeds "
                f"{o['seeds_bcubed_f1']}, dev-real {o['dev_real_bcubed_f1']}; end to end pairwise F1 (stories) "
                f"{o['stories_end_to_end_pairwise_f1']} |")
    gated = {k: v for k, v in o.items() if isinstance(v, int | float)}
    return f"| {name} | | {', '.join(f'{k} {v}' for k, v in gated.items())} |"


def gate_reports(path: Path | None) -> dict:
    """The gate's JSON report: from a file, or from a run made now (the gate's exit status is reported, not
    fatal: a figure under its floor is still a figure)."""
    if path:
        return json.loads(path.read_text(encoding="utf-8"))
    run = subprocess.run([sys.executable, "-m", "detente.cli", "gate", "--json"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    if run.returncode not in (0, 1) or not run.stdout.strip():
        raise SystemExit(f"detente gate failed (exit {run.returncode}): {run.stderr.strip()[-2000:]}")
    return json.loads(run.stdout)


def test_count() -> int:
    """How many tests the default run collects (``pytest --collect-only -q`` ends with "N tests collected")."""
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q"], cwd=ROOT, capture_output=True,
                         text=True, check=False)
    match = re.search(r"(\d+) tests? collected", run.stdout)
    if not match:
        raise SystemExit(f"could not count the tests: {run.stdout[-1000:]}{run.stderr[-1000:]}")
    return int(match.group(1))


def timed_fresh_clone(target: str) -> float:
    """Seconds for ``make TARGET`` in a fresh clone made beside this one (so ``../shared`` is found, as in CI)."""
    clone = ROOT.parent / f"detente-measure-{os.getpid()}-{target}"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    try:
        start = time.monotonic()
        subprocess.run(["make", target], cwd=clone, check=True, stdout=subprocess.DEVNULL)
        return time.monotonic() - start
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def table(reports: dict) -> str:
    lines = ["| suite | n | figures |", "|---|---|---|"]
    lines += [row(name, report) for name, report in reports.items()]
    return "\n".join(lines)


def readme_block(reports: dict, tests: int, times: dict[str, float] | None, today: str) -> str:
    real, dev = reports["dev_real"]["overall"], reports["dev"]["overall"]
    lines = [f"Measured {today} on the reference machine (2 cores, Python 3.11) by `python scripts/figures.py"
             f"{' --measure' if times else ''} --write`:", ""]
    if times:
        lines += [f"- `make run` {times['run']:.0f} s and `make test` {times['test']:.0f} s, each from a fresh "
                  "clone (creating `.venv` and installing the pinned packages from a warm pip cache included);"]
    lines += [f"- `make test` runs {tests} tests, then the quality gate (`detente gate`, {len(reports)} suites);",
              f"- real documents (dev-real, {real['gold_dyad_events']} gold dyad events): main F1 {real['f1']} "
              f"(precision {real['precision']}, recall {real['recall']}), date {real['date_accuracy']}, status "
              f"{real['status_accuracy']}; the five seed articles: F1 {dev['f1']}.", ""]
    lines += ["Every suite's figures are in [docs/EVALUATION.md](docs/EVALUATION.md#current-figures)."]
    return "\n".join(lines)


def replace_block(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path}: no {START} ... {END} block to rewrite")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{START}\n{block}\n{END}{after}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gate", type=Path, help="a saved `detente gate --json` report (default: run the gate)")
    parser.add_argument("--measure", action="store_true", help="time make run / make test in fresh clones")
    parser.add_argument("--write", action="store_true", help="rewrite the marked blocks of README and EVALUATION")
    args = parser.parse_args()
    reports = gate_reports(args.gate)
    tests = test_count()
    times = {target: timed_fresh_clone(target) for target in ("run", "test")} if args.measure else None
    today = dt.date.today().isoformat()
    evaluation = f"Measured {today} (`python scripts/figures.py --write`; {tests} tests):\n\n{table(reports)}"
    readme = readme_block(reports, tests, times, today)
    print(readme, evaluation, sep="\n\n")
    if args.write:
        replace_block(ROOT / "README.md", readme)
        replace_block(ROOT / "docs" / "EVALUATION.md", evaluation)


if __name__ == "__main__":
    main()
