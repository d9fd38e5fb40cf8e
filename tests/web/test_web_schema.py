"""Property-based run of the OpenAPI schema in-process (schemathesis): generated requests for every operation,
valid and invalid, never get a server error and every answer matches the documented schema."""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (test extra)")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402

from detente.web.app import create_app  # noqa: E402

# Bounded so the whole module runs in well under a minute on two cores.
EXAMPLES = 20
# Generating the schema does not touch the store, so the operations can be listed at collection time.
SCHEMA = create_app("unused.duckdb").openapi()
OPERATIONS = [(method.upper(), path, mode) for path, methods in SCHEMA["paths"].items()
              for method, spec in methods.items()
              for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
              # an operation without parameters or body has no invalid request to generate
              if mode == GenerationMode.POSITIVE or spec.get("parameters") or spec.get("requestBody")]


@pytest.fixture(scope="module")
def api_schema(web_store: Path):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(web_store))


@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS, ids=[f"{m} {p} {g}" for m, p, g in OPERATIONS])
def test_web_schema(api_schema, method: str, path: str, mode: GenerationMode):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate()

    run()
