"""Print the "Current figures" table of docs/EVALUATION.md from a `detente gate --json` run.

Usage: detente gate --json > gate.json && python scripts/figures.py gate.json
"""

from __future__ import annotations

import json
import sys


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
    return f"| {name} | | {json.dumps(o)} |"


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        reports = json.load(handle)
    print("| suite | n | figures |")
    print("|---|---|---|")
    for name, report in reports.items():
        print(row(name, report))


if __name__ == "__main__":
    main()
