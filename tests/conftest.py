"""Shared fixtures for the Detente test suite."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from detente.eval.common import MISSING_DATA_HINT, eval_data_dir
from detente.eval.gate import in_ci

# The evaluation data (gold files, peer data, the seed articles), found the one way Detente finds it:
# $DETENTE_EVAL_DIR, else the checkout's sibling ../shared/eval. None in a bare clone.
EVAL_DIR = eval_data_dir()
_MISSING_DATA_SKIPS: list[str] = []
MISSING_PREFIX = "evaluation data missing"


def skip_without_eval_data(what: str) -> None:
    """Skip a test that needs evaluation data (fail under CI=true, where it must be present)."""
    message = f"{MISSING_PREFIX}: {what}"
    if in_ci():
        pytest.fail(f"{message}; {MISSING_DATA_HINT}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """The evaluation data folder (holding dev/, dev-real/, peers/, score.py)."""
    if EVAL_DIR is None:
        skip_without_eval_data("no evaluation data folder")
    return EVAL_DIR


@pytest.fixture(scope="session")
def eval_file(eval_dir: Path) -> Callable[..., Path]:
    """``eval_file("dev", "seeds.jsonl")``: a file under the evaluation data folder, or a skip naming it."""

    def find(*parts: str) -> Path:
        path = eval_dir.joinpath(*parts)
        if not path.exists():
            skip_without_eval_data(str(path))
        return path

    return find


@pytest.fixture(scope="session")
def seeds_dir(eval_dir: Path) -> Path:
    """The five scraped news articles (shared/corpus/seeds beside the evaluation data)."""
    seeds = eval_dir.parent / "corpus" / "seeds"
    if not sorted(seeds.glob("*.txt")):
        skip_without_eval_data(f"no seed articles in {seeds}")
    return seeds


@pytest.fixture(scope="session")
def phoenix_kb(eval_dir: Path) -> Path:
    """The Phoenix/PETRARCH actor dictionaries (shared/kb beside the evaluation data)."""
    kb = eval_dir.parent / "kb"
    if not (kb / "phoenix" / "Phoenix.Countries.actors.txt").is_file():
        skip_without_eval_data(f"no Phoenix dictionaries in {kb / 'phoenix'}")
    return kb


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and isinstance(report.longrepr, tuple) and MISSING_PREFIX in str(report.longrepr[2]):
        _MISSING_DATA_SKIPS.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter) -> None:
    if _MISSING_DATA_SKIPS:
        terminalreporter.write_line(
            f"NOTE: {len(_MISSING_DATA_SKIPS)} tests skipped because the evaluation data is missing. "
            f"{MISSING_DATA_HINT}.", yellow=True)


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
