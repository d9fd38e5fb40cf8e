"""Shared fixtures for the Detente test suite."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

# /work/shared next to the repository: real-world inputs that are not shipped with the package.
SHARED_DIR = Path(__file__).parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder next to the repository; tests using it skip when it is missing."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data folder {SHARED_DIR} is missing (real-world inputs are not in the repository)")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    """The five scraped news articles in /work/shared/corpus/seeds."""
    seeds = shared_dir / "corpus" / "seeds"
    if not sorted(seeds.glob("*.txt")):
        pytest.skip(f"no seed articles in {seeds}")
    return seeds


@pytest.fixture
def detente_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run with Detente's default settings, whatever DETENTE_* variables the caller's shell has."""
    import os

    for name in list(os.environ):
        if name.startswith("DETENTE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh store file path (the file does not exist yet), outside ``tmp_path`` so that ingesting
    ``tmp_path`` does not meet the store's own files."""
    return tmp_path_factory.mktemp("store") / "detente.duckdb"


@pytest.fixture
def write_jsonl() -> Callable[[Path, Iterable[dict | str]], Path]:
    """Write records (dicts, or raw strings written as they are) one per line."""

    def write(path: Path, records: Iterable[dict | str]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def _english_article(n: int, topic: str = "trade") -> str:
    return (
        f"The foreign minister met her counterpart in Geneva on Monday to discuss {topic}, meeting number {n}. "
        f"Officials said the talks covered tariffs, energy and the security of shipping lanes. "
        f"A joint statement is expected later this week, the ministry said after session {n}."
    )


@pytest.fixture
def article() -> Callable[..., str]:
    """``article(n, topic="trade")``: a short, distinct English news text of three sentences."""
    return _english_article
