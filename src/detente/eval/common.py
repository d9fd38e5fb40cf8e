"""Shared pieces of the evaluation harness: files, the extractor call and its timing, code conventions.

Nothing here imports the extractor or the actor resolver at import time: both are loaded lazily so that
the harness (and its tests, with fake extractors) works before, and without, the NLP pipeline.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, cast

from detente.core.errors import DetenteError

__all__ = [
    "EVAL_DIR_ENV",
    "MISSING_DATA_HINT",
    "EvalDataError",
    "Extractor",
    "Resolver",
    "ORG_CODES",
    "PLOVER_TYPES",
    "SECTORS",
    "SYMMETRIC",
    "data_rows",
    "default_extractor",
    "default_resolver",
    "checkout_root",
    "eval_data_dir",
    "is_organisation_code",
    "iso3_codes",
    "peer_data_dir",
    "peer_path",
    "primary_event",
    "read_jsonl",
    "run_extractor",
    "unique_ids",
    "word_count",
    "write_jsonl",
]

logger = logging.getLogger(__name__)

#: The 16 PLOVER event types (GUIDELINES section 2).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
#: Types whose dyads are unordered when scoring (GUIDELINES section 6).
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: Organisation codes named in GUIDELINES section 4.
ORG_CODES = frozenset({
    "EU", "UN", "NATO", "G7", "G20", "ASEAN", "AU", "WHO", "WTO", "IAEA", "IMF", "WB", "OSCE", "COE", "GCC",
    "SCO", "BRICS", "ICC", "ICJ", "OPEC", "ARAB_LEAGUE", "OIC",
})
#: Sectors of GUIDELINES section 4.
SECTORS = frozenset({
    "GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP", "REB", "CVL", "MED", "NGO", "BUS", "EDU", "REL",
    "LAB", "ELI", "IGO", "UNK",
})

#: Environment variable naming the folder that holds ``dev/`` and ``peers/`` (the repository's shared/eval).
EVAL_DIR_ENV = "DETENTE_EVAL_DIR"


#: What to do when the evaluation data is missing (the gate, the tests and the CLI say the same).
MISSING_DATA_HINT = (
    f"evaluation data not found: set {EVAL_DIR_ENV} to the folder holding dev/ and peers/, or clone the "
    "repository beside the shared/ folder (../shared/eval)"
)


class EvalDataError(DetenteError):
    """Evaluation data (the gold files under shared/eval, or a bundled mapping table) cannot be found or read."""


class Extractor(Protocol):
    """``extract_records``: documents in, event records (GUIDELINES section 1) out."""

    def __call__(self, docs: Iterable[dict[str, Any]], **kwargs: Any) -> Iterable[Any]: ...


#: ``resolve_actor(text, *, date=None, context=None, extra_actors=None)`` returning an object with
#: ``code`` and ``sector`` attributes.
Resolver = Callable[..., Any]


def default_extractor() -> Extractor:
    """The real pipeline's ``extract_records`` (imported only when a suite runs)."""
    from detente.pipeline.extract import extract_records

    return cast(Extractor, extract_records)


def default_resolver() -> Resolver:
    """The real ``resolve_actor`` (imported only when a suite runs)."""
    from detente.pipeline.actors import resolve_actor

    return resolve_actor


# --------------------------------------------------------------------------------------------- files


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; blank lines are skipped, a bad line raises with its number."""
    records: list[dict[str, Any]] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise EvalDataError(f"{path}:{number}: not JSON: {error}") from error
    except OSError as error:
        raise EvalDataError(f"{path}: cannot read: {error.strerror or error}") from error
    return records


def write_jsonl(path: str | Path, records: Iterable[Mapping[str, Any]]) -> int:
    """Write records as JSON Lines; returns how many."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def checkout_root() -> Path | None:
    """The source checkout this package runs from (the folder with ``pyproject.toml``), or None when installed."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").is_file() and (root / "src" / "detente").is_dir() else None


def eval_data_dir() -> Path | None:
    """Where the evaluation data is, or None: ``$DETENTE_EVAL_DIR``, else the checkout's sibling ``../shared/eval``.

    Exactly these two places and no others: walking up arbitrary parent folders could pick an unrelated
    ``shared/eval``. The tests use this function too, so the suite and the gate agree on what is present.
    """
    configured = os.environ.get(EVAL_DIR_ENV)
    if configured:
        return Path(configured)
    root = checkout_root()
    if root is None:
        return None
    candidate = root.parent / "shared" / "eval"
    return candidate if candidate.is_dir() else None


def peer_data_dir() -> Path:
    """:func:`eval_data_dir`, or :class:`EvalDataError` saying how to provide it."""
    found = eval_data_dir()
    if found is None:
        raise EvalDataError(MISSING_DATA_HINT)
    return found


def peer_path(*parts: str) -> Path:
    """A file under the evaluation data folder; raises :class:`EvalDataError` naming it when missing."""
    path = peer_data_dir().joinpath(*parts)
    if not path.exists():
        raise EvalDataError(f"evaluation file missing: {path}")
    return path


@cache
def _data_text(name: str) -> str:
    path = resources.files("detente.data").joinpath("eval", name)
    if not path.is_file():
        raise EvalDataError(f"bundled evaluation table missing: detente/data/eval/{name}")
    return path.read_text("utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a bundled TSV table under ``detente/data/eval`` (``#`` lines are comments)."""
    lines = [line for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [{key: (value or "").strip() for key, value in row.items()} for row in rows]


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes of states and territories (bundled ``countries.tsv``)."""
    return frozenset(row["iso3"] for row in data_rows("countries.tsv"))


def is_organisation_code(code: str | None, sector: str | None = None) -> bool:
    """True for an organisation actor: a code of GUIDELINES section 4 or any other non-ISO code, or sector IGO."""
    if sector == "IGO":
        return True
    if not code:
        return False
    code = code.upper()
    return code in ORG_CODES or code not in iso3_codes()


# ----------------------------------------------------------------------------------------- extractor


def word_count(text: str | None) -> int:
    return len((text or "").split())


def _call(extractor: Extractor, docs: list[dict[str, Any]], extra_actors: Mapping[str, Any] | None,
          partial_events: bool = False) -> list[dict[str, Any]]:
    options: dict[str, Any] = {}
    if extra_actors is not None:
        options["extra_actors"] = dict(extra_actors)
    if partial_events:
        options["partial_events"] = True
    return list(extractor(docs, **options))


def run_extractor(
    extractor: Extractor | None,
    docs: list[dict[str, Any]],
    *,
    extra_actors: Mapping[str, Any] | None = None,
    warmup: bool = True,
    partial_events: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run ``extractor`` (default: the real one) over ``docs``; return its records and a speed report.

    ``partial_events`` asks for events missing a party too: the suites that score the type of a sentence's
    event (CAMEO examples, PLOVER gold, ConfliBERT classes) read every event the extractor finds, while the
    dyad suites score what a user gets.

    With ``warmup`` one tiny document is extracted first, so that model loading is reported as
    ``warmup_seconds`` and not counted in the throughput figures.
    """
    extractor = extractor or default_extractor()
    warmup_seconds = 0.0
    if warmup and docs:
        start = time.perf_counter()
        _call(extractor, [{"id": "__warmup__", "text": "The minister met his counterpart.", "published": None}],
              extra_actors, partial_events)
        warmup_seconds = time.perf_counter() - start
    start = time.perf_counter()
    records = _call(extractor, docs, extra_actors, partial_events)
    seconds = time.perf_counter() - start
    return records, speed_report(docs, seconds, warmup_seconds)


def speed_report(docs: list[dict[str, Any]], seconds: float, warmup_seconds: float = 0.0) -> dict[str, Any]:
    words = sum(word_count(doc.get("text")) for doc in docs)
    return {
        "documents": len(docs),
        "words": words,
        "seconds": round(seconds, 3),
        "documents_per_second": round(len(docs) / seconds, 2) if seconds > 0 else None,
        "words_per_second": round(words / seconds, 1) if seconds > 0 else None,
        "warmup_seconds": round(warmup_seconds, 3),
    }


def merge_speed(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One speed report for several extractor calls (e.g. one per actor-dictionary date)."""
    docs = sum(r["documents"] for r in reports)
    words = sum(r["words"] for r in reports)
    seconds = sum(r["seconds"] for r in reports)
    return {
        "documents": docs,
        "words": words,
        "seconds": round(seconds, 3),
        "documents_per_second": round(docs / seconds, 2) if seconds > 0 else None,
        "words_per_second": round(words / seconds, 1) if seconds > 0 else None,
        "warmup_seconds": round(sum(r.get("warmup_seconds", 0.0) for r in reports), 3),
    }


def group_by_doc(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("doc_id")), []).append(record)
    return grouped


def primary_event(events: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """The system's main event for a sentence: the most confident (``confidence`` field), else the first."""
    if not events:
        return None
    best, best_confidence = events[0], _confidence(events[0])
    for event in events[1:]:
        confidence = _confidence(event)
        if confidence is not None and (best_confidence is None or confidence > best_confidence):
            best, best_confidence = event, confidence
    return best


def _confidence(event: Mapping[str, Any]) -> float | None:
    value = event.get("confidence")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def event_type(event: Mapping[str, Any] | None) -> str | None:
    if not event:
        return None
    kind = event.get("event_type")
    return str(kind).upper() if kind else None


def actor_codes(actors: Iterable[Mapping[str, Any] | None] | None) -> list[str]:
    return [str(a["code"]).upper() for a in actors or [] if a and a.get("code")]


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to 4 places, or None when there is nothing to measure."""
    return round(part / whole, 4) if whole else None


def unique_ids(ids: Iterable[Any]) -> list[str]:
    """Document ids made unique: a repeated id gets ``#2``, ``#3``... (peer files repeat a few ids)."""
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for value in ids:
        text = str(value)
        seen[text] += 1
        unique.append(text if seen[text] == 1 else f"{text}#{seen[text]}")
    return unique


def iter_limit(items: list[Any], limit: int | None) -> Iterator[Any]:
    yield from (items if limit is None else items[: max(0, limit)])


# CAMEO (code 03, "express intent to cooperate") and PLOVER's 2016 gold code an announced intention to
# cooperate ("will provide aid", "offered to mediate", "is ready to send troops") as AGREE. Detente codes the
# intended act itself with status planned or hypothetical (GUIDELINES section 2). The CAMEO-manual suites
# compare in CAMEO's convention, so such events are read as AGREE there.
# In the same way CAMEO codes an announced intention to act against someone ("will impose martial law", "is
# prepared to blockade", "may halt mediation") as THREATEN (CAMEO 13), where Detente codes the planned act.
INTENT_TYPES = frozenset({"SUPPORT", "AID", "COOPERATE", "CONCEDE", "RETREAT", "AGREE"})
THREAT_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT"})


def in_cameo_convention(event: dict[str, Any]) -> dict[str, Any]:
    """The event as CAMEO would code it: an intended cooperative act is AGREE, an intended hostile act THREATEN."""
    if str(event.get("status")) in ("planned", "hypothetical"):
        if event_type(event) in INTENT_TYPES:
            return {**event, "event_type": "AGREE", "mode": None}
        if event_type(event) in THREAT_TYPES:
            return {**event, "event_type": "THREATEN", "mode": None}
    return event
