"""The evaluation suites, by name. Each returns a report dict (see :mod:`detente.eval.report`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from detente.eval.common import Extractor, Resolver
from detente.eval.locations import locations_suite
from detente.eval.quotes import quotes_suite
from detente.eval.suites.cameo import cameo_examples
from detente.eval.suites.conflibert import conflibert
from detente.eval.suites.dev import dev_real_suite, dev_suite, evaluate_dev
from detente.eval.suites.ngec import classify_phrase, ngec_actors
from detente.eval.suites.petrarch import parse_petrarch_actors, petrarch_validate
from detente.eval.suites.plover_gold import plover_gold

__all__ = [
    "GATE_LIMITS",
    "SUITES",
    "cameo_examples",
    "classify_phrase",
    "clusters_suite",
    "conflibert",
    "dev_real_suite",
    "dev_suite",
    "evaluate_dev",
    "ngec_actors",
    "parse_petrarch_actors",
    "petrarch_validate",
    "plover_gold",
    "run_suite",
]

def clusters_suite(*, extractor: Extractor | None = None, limit: int | None = None) -> dict[str, Any]:
    """:func:`detente.eval.clusters.clusters_suite` (imported when it runs, so that ``python -m
    detente.eval.clusters`` runs the module once)."""
    from detente.eval.clusters import clusters_suite as run

    return run(extractor=extractor, limit=limit)


#: Suite name -> function(*, extractor|resolver=None, limit=None) -> report.

SUITES: dict[str, Callable[..., dict[str, Any]]] = {
    "dev": dev_suite,
    "dev_real": dev_real_suite,
    "plover_gold": plover_gold,
    "petrarch_validate": petrarch_validate,
    "cameo_examples": cameo_examples,
    "conflibert": conflibert,
    "ngec_actors": ngec_actors,
    "quotes": quotes_suite,
    "locations": locations_suite,
    "clusters": clusters_suite,
}

#: Run sizes used by the CI gate (None = the whole suite). ConfliBERT is the only large one: 300 of 1349
#: sentences keep the gate within a few minutes.
GATE_LIMITS: dict[str, int | None] = {
    "dev": None,
    "dev_real": None,
    "plover_gold": None,
    "petrarch_validate": None,
    "cameo_examples": None,
    "conflibert": 300,
    "ngec_actors": None,
    "quotes": None,
    "locations": None,
    "clusters": None,
}


def run_suite(
    name: str,
    *,
    extractor: Extractor | None = None,
    resolver: Resolver | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Run one suite by name (``extractor`` for the event suites, ``resolver`` for ``ngec_actors``)."""
    try:
        suite = SUITES[name]
    except KeyError:
        raise ValueError(f"unknown suite {name!r}; choose from {', '.join(SUITES)}") from None
    if name == "ngec_actors":
        return suite(resolver=resolver, limit=limit)
    return suite(extractor=extractor, limit=limit)
