"""Check every coded actor of the dev gold against the actor layer (used by tests/test_actors_dev.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

from detente.actors.gazetteer import load_gazetteer
from detente.pipeline.analyse import parsed_docs, prepared_items


def gold_actor_checks(docs_path: Path, gold_path: Path) -> list[dict]:
    docs = [json.loads(line) for line in docs_path.open()]
    gold = [json.loads(line) for line in gold_path.open()]
    analysed, events = {}, {}
    for doc in parsed_docs(prepared_items(docs), keep_state=True):
        analysed[doc._.doc_id], events[doc._.doc_id] = doc, doc._.events
    results = []
    for record in gold:
        doc = analysed[record["doc_id"]]
        evidence = record["evidence"].split("...")[0].strip()
        anchor = _plain(doc.text).find(_plain(evidence[:40]))
        for side in ("source", "target"):
            for actor in record[side]:
                if not actor.get("code"):
                    continue
                found = _find(doc, _variants(actor), anchor)
                mention = None
                if found is not None:
                    state = doc._.actor_state
                    span = doc.char_span(found[0], found[0] + found[1], alignment_mode="expand")
                    for token in sorted(span, key=lambda t: (t.i != span.root.i, t.i)) if span else []:
                        mention = state.resolve(token)
                        if mention is not None and mention.code:
                            break
                if found is None:
                    mention = _implied(events[record["doc_id"]], side, actor, anchor)
                results.append({
                    "doc_id": record["doc_id"], "text": actor["text"], "want": (actor["code"], actor["sector"]),
                    "got": (mention.code, mention.sector) if mention else None,
                    "method": mention.method if mention else None, "located": found is not None,
                })
    return results


def _implied(events: list, side: str, actor: dict, anchor: int):
    """An actor the sentence does not write ("These measures were coordinated with the US" in a government's
    first-person statement: the government is the agent): resolved if the event layer puts it on that side of an
    event in the evidence sentence."""
    for event in events:
        if anchor >= 0 and event["start_char"] <= anchor < event["end_char"]:
            for candidate in event[side]:
                if (candidate["code"], candidate["sector"]) == (actor["code"], actor["sector"]):
                    return SimpleNamespace(**candidate, method="event")
    return None


def _plain(text: str) -> str:
    """Straight quotes for curly ones (same length, so offsets still hold)."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def _variants(actor: dict) -> list[str]:
    """Ways the gold actor can be written in the article, most specific first. Gold texts are sometimes
    paraphrases ("United Kingdom" where the article says "the UK", "the mainland Chinese authorities" out of
    "both the mainland Chinese and Hong Kong authorities"), so the entity's other names are tried too."""
    text = actor["text"]
    words = text.split()
    found = [text]
    if len(words) >= 3:
        found.append(" ".join(words[:-1]))  # the conjunct before a shared head noun
    gazetteer = load_gazetteer()
    found += sorted((phrase for phrase, entry in gazetteer.names.items()
                     if entry.kind in ("country", "org") and entry.code == actor.get("code")
                     and entry.name == actor.get("name")), key=len, reverse=True)
    found.append(words[-1])
    return [_plain(v) for v in found]


def _find(doc, variants: list[str], anchor: int) -> int | None:
    """Where the gold actor is in the document, near the evidence (curly apostrophes allowed)."""
    anchor = max(anchor, 0)
    plain = _plain(doc.text)
    for variant in variants:
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")
        for start in (anchor, max(anchor - 400, 0)):
            match = pattern.search(plain, start)
            if match and match.start() <= anchor + 600:
                return match.start(), len(variant)
    return None


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    rows = gold_actor_checks(shared / "eval/dev/seeds.jsonl", shared / "eval/dev/seeds.gold.jsonl")
    ok = sum(1 for r in rows if r["got"] and r["got"][0] == r["want"][0])
    both = sum(1 for r in rows if r["got"] == r["want"])
    print(f"{len(rows)} coded gold actors; code right {ok}; code and sector right {both}")
    for row in rows:
        if row["got"] != row["want"]:
            print(row)
