"""Check every coded actor of the dev gold against the actor layer (used by tests/test_actors_dev.py)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from detente.analysis import analyze_texts


def gold_actor_checks(docs_path: Path, gold_path: Path) -> list[dict]:
    docs = [json.loads(line) for line in docs_path.open()]
    gold = [json.loads(line) for line in gold_path.open()]
    analysed = {doc_id: doc for doc_id, _, doc, _ in analyze_texts(docs)}
    results = []
    for record in gold:
        doc = analysed[record["doc_id"]]
        evidence = record["evidence"].split("...")[0].strip()
        anchor = _plain(doc.text).find(_plain(evidence[:40]))
        for side in ("source", "target"):
            for actor in record[side]:
                if not actor.get("code"):
                    continue
                found = _find(doc, actor["text"], anchor)
                mention = None
                if found is not None:
                    state = doc._.actor_state
                    span = doc.char_span(found, found + len(actor["text"]), alignment_mode="expand")
                    for token in sorted(span, key=lambda t: (t.i != span.root.i, t.i)) if span else []:
                        mention = state.resolve(token)
                        if mention is not None and mention.code:
                            break
                results.append({
                    "doc_id": record["doc_id"], "text": actor["text"], "want": (actor["code"], actor["sector"]),
                    "got": (mention.code, mention.sector) if mention else None,
                    "method": mention.method if mention else None, "located": found is not None,
                })
    return results


def _plain(text: str) -> str:
    """Straight quotes for curly ones (same length, so offsets still hold)."""
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def _find(doc, text: str, anchor: int) -> int | None:
    """Where the gold actor text is in the document, near the evidence (curly apostrophes allowed)."""
    anchor = max(anchor, 0)
    plain = _plain(doc.text)
    for variant in (_plain(text), text.split()[-1]):
        pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")
        for start in (anchor, max(anchor - 400, 0)):
            match = pattern.search(plain, start)
            if match and match.start() <= anchor + 600:
                return match.start()
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
