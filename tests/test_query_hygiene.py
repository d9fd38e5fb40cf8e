"""Listings take filters that mean one thing: codes match exactly, names with their wildcards taken literally,
limits and dates are validated, and stored text is never read as terminal markup."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from detente import api
from detente.cli import app
from detente.core.errors import QueryError, StoreError
from detente.store.db import NotAStoreError, Store

pytestmark = pytest.mark.usefixtures("detente_env")


def _actor(text: str, name: str | None, code: str | None) -> dict:
    return {"text": text, "name": name, "code": code, "sector": "GOV" if code else None}


def _event(n: int, event_type: str, source: dict, target: dict, date: str, evidence: str) -> dict:
    return {"event_id": f"e{n}", "doc_id": "d1", "event_type": event_type, "mode": None, "source": [source],
            "target": [target], "date": date, "date_precision": "day", "status": "asserted", "location": None,
            "context": [], "evidence": evidence, "sentence": n, "start_char": 0, "end_char": len(evidence),
            "attribution": None, "confidence": 0.9, "cameo": None, "plover_score": None, "quad_class": None,
            "mentions": []}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hygiene") / "detente.duckdb"
    uk, china = _actor("Britain", "United Kingdom", "GBR"), _actor("Beijing", "China", "CHN")
    usa, us_group = _actor("Washington", "United States", "USA"), _actor("campaigners", "Campaigners_50%", None)
    with Store(path) as store:
        store.insert_documents([{"doc_id": "d1", "origin": "x.txt", "clean_text": "text [/red] and [bold]b[/bold]",
                                 "raw_text": "text", "content_hash": "h1", "status": "ok", "title": "[/red] title"}])
        store.insert_events([
            _event(1, "SANCTION", uk, china, "2021-03-22", "Britain sanctioned [/red] officials"),
            _event(2, "ACCUSE", china, uk, "2021-03-23", "Beijing accused [bold]London[/bold]"),
            _event(3, "CONSULT", usa, us_group, "2022-01-05", "Washington met campaigners"),
        ])
    return path


@pytest.mark.parametrize(("actor", "expected"), [
    ("GBR", {"e1", "e2"}), ("gbr", {"e1", "e2"}), ("US", set()), ("code", set()), ("%", set()), ("_", set()),
    ("[", set()), ("USA", {"e3"}),
])
def test_actor_matches_codes_exactly(db: Path, actor: str, expected: set[str]):
    assert set(api.list_events(db=db, actor=actor)["event_id"]) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Britain", {"e1", "e2"}), ("kingdom", {"e1", "e2"}), ("%", {"e3"}), ("_50", {"e3"}), ("code", set()),
    ("text", set()), ("GBR", set()),
])
def test_actor_name_matches_names_with_wildcards_literal(db: Path, name: str, expected: set[str]):
    assert set(api.list_events(db=db, actor_name=name)["event_id"]) == expected


@pytest.mark.parametrize(("status", "event_type", "count"), [
    ("ASSERTED", None, 3), ("asserted", "sanction", 1), (" Asserted ", "SANCTION", 1),
])
def test_status_and_type_are_case_insensitive(db: Path, status: str, event_type: str | None, count: int):
    assert len(api.list_events(db=db, status=status, event_type=event_type)) == count


@pytest.mark.parametrize("kwargs", [
    {"status": "done"}, {"event_type": "BOMB"}, {"since": "bogus"}, {"until": "2021-13"}, {"since": "2021-02-30"},
    {"limit": -1},
])
def test_meaningless_filters_raise_query_error(db: Path, kwargs: dict):
    with pytest.raises(QueryError):
        api.list_events(db=db, **kwargs)


@pytest.mark.parametrize(("limit", "count"), [(0, 3), (None, 3), (1, 1)])
def test_limit_zero_means_all(db: Path, limit: int | None, count: int):
    assert len(api.list_events(db=db, limit=limit)) == count


def test_until_compares_at_its_own_precision(db: Path):
    assert set(api.list_events(db=db, until="2021-03")["event_id"]) == {"e1", "e2"}
    assert set(api.list_events(db=db, since="2022")["event_id"]) == {"e3"}


def test_quotes_since_is_validated(db: Path):
    with pytest.raises(QueryError):
        api.list_quotes(db=db, since="yesterday")


def test_foreign_duckdb_file_is_a_one_line_store_error(tmp_path: Path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (id INTEGER)")
    con.close()
    with pytest.raises(NotAStoreError, match="not a Detente store"):
        api.list_events(db=path)
    with pytest.raises(StoreError, match="did not write"):
        Store(path)


@pytest.mark.parametrize("paths", [42, [Path("a"), 3]])
def test_ingest_rejects_what_is_not_paths(tmp_path: Path, paths):
    with pytest.raises(QueryError, match="paths"):
        api.ingest(paths, db=tmp_path / "x.duckdb")


def test_ingest_takes_a_plain_string_as_one_path(tmp_path: Path):
    missing = tmp_path / "missing.txt"
    summary = api.ingest(str(missing), db=tmp_path / "x.duckdb", events=False)
    assert summary.read == 0 and [path for path, _, _ in summary.failed] == [str(missing)]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", [["events"], ["docs"], ["show", "d1"], ["events", "--limit", "0"]])
def test_stored_markup_prints_as_written(db: Path, runner: CliRunner, command: list[str]):
    result = runner.invoke(app, [*command, "--db", str(db)], terminal_width=240)
    assert result.exit_code == 0, result.output
    assert "[/red]" in result.output


def test_markup_in_evidence_is_not_swallowed(db: Path, runner: CliRunner):
    result = runner.invoke(app, ["events", "--db", str(db), "--type", "ACCUSE"], terminal_width=240)
    assert "[bold]London[/bold]" in result.output


@pytest.mark.parametrize("args", [["--since", "bogus"], ["--status", "done"], ["--limit", "-1"],
                                  ["--type", "BOMB"]])
def test_cli_bad_filters_are_usage_errors(db: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], args: list[str]):
    from detente.cli import main

    monkeypatch.setattr("sys.argv", ["detente", "events", "--db", str(db), *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
