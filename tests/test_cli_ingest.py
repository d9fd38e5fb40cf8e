"""The ``detente`` command line for ingest: summary, failures, exit codes, ``docs`` and ``show``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import cli
from detente.core.errors import NotFoundError

pytestmark = pytest.mark.usefixtures("detente_env")


@pytest.fixture
def runner() -> CliRunner:
    # A wide console keeps rich from wrapping; assertions still ignore whitespace where output may wrap.
    return CliRunner(env={"COLUMNS": "250"})


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def summary_count(output: str, label: str) -> int:
    match = re.search(rf"│{re.escape(squash(label))}│(\d+)│", squash(output))
    assert match, f"no '{label}' row in:\n{output}"
    return int(match.group(1))


@pytest.fixture
def corpus(tmp_path: Path, write_jsonl, article) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "story.txt").write_text(
        f" date 2021-04-24 {article(1)}\n\nShare this post via:\n\n{article(2)}\n\nClick to comment\n",
        encoding="utf-8")
    write_jsonl(folder / "wire.jsonl", [{"id": "w-1", "text": article(3), "title": "Wire one"},
                                        {"id": "w-2", "text": article(4), "published": "2022-03-01"}])
    return folder


def test_cli_ingest_prints_summary_and_exits_0(runner: CliRunner, corpus: Path, db_path: Path):
    result = runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    assert result.exit_code == 0, result.output
    assert summary_count(result.stdout, "read") == 3
    assert summary_count(result.stdout, "new") == 3
    assert summary_count(result.stdout, "duplicate (already stored)") == 0
    assert summary_count(result.stdout, "without a publication date") == 1
    assert "events extracted" not in result.stdout
    assert "failed" not in result.output

    again = runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    assert again.exit_code == 0, again.output
    assert summary_count(again.stdout, "read") == 3
    assert summary_count(again.stdout, "new") == 0
    assert summary_count(again.stdout, "duplicate (already stored)") == 3


def test_cli_ingest_failures_listed_by_file_and_exit_1(runner: CliRunner, corpus: Path, db_path: Path,
                                                       tmp_path: Path):
    (corpus / "x.txt").write_bytes(b"\x00\x01\x02binary\x00\xff\xfe" * 100)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "zz.jsonl").write_text('{"text": "cut off\n', encoding="utf-8")
    missing = tmp_path / "missing.html"
    result = runner.invoke(cli.app, ["ingest", str(corpus), str(missing), "--db", str(db_path), "--no-events"])
    assert result.exit_code == 1, result.output
    assert summary_count(result.stdout, "new") == 3
    assert summary_count(result.stdout, "failed: empty file") == 1
    assert summary_count(result.stdout, "failed: binary file (contains NUL bytes)") == 1
    assert summary_count(result.stdout, "failed: no such file or directory") == 1
    errors = squash(result.stderr)
    for where, reason in [(corpus / "x.txt", "binary file (contains NUL bytes)"), (corpus / "empty.txt", "empty file"),
                          (missing, "no such file or directory"), (f"{corpus / 'zz.jsonl'}:1", "malformed JSON")]:
        assert squash(f"failed {where}: {reason}") in errors


def test_cli_ingest_skipped_language_in_summary(runner: CliRunner, tmp_path: Path, db_path: Path):
    (tmp_path / "fr.txt").write_text(
        "Le ministre des Affaires étrangères a rencontré lundi son homologue allemand à Paris. Les deux pays ont "
        "signé un accord sur la coopération énergétique.", encoding="utf-8")
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "fr.txt"), "--db", str(db_path), "--no-events"])
    assert result.exit_code == 0, result.output
    assert summary_count(result.stdout, "skipped: language fr") == 1
    assert summary_count(result.stdout, "new") == 0


def test_cli_ingest_csv_with_field_mapping(runner: CliRunner, tmp_path: Path, db_path: Path, article):
    (tmp_path / "export.csv").write_text(f'body,date,key\n"{article(1)}",2022-03-01,k1\n', encoding="utf-8")
    result = runner.invoke(cli.app, ["ingest", str(tmp_path / "export.csv"), "--field", "text=body",
                                     "--field", "published=date", "--field", "id=key", "--db", str(db_path),
                                     "--no-events"])
    assert result.exit_code == 0, result.output
    assert summary_count(result.stdout, "new") == 1
    shown = runner.invoke(cli.app, ["show", "k1", "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "published 2022-03-01 (field)" in shown.stdout


@pytest.mark.parametrize("args", [["--field", "textbody"], ["--field", "=body"], []],
                         ids=["no-equals", "no-name", "no-paths"])
def test_cli_ingest_usage_errors_exit_2(runner: CliRunner, db_path: Path, corpus: Path, args):
    paths = [str(corpus)] if args else []
    result = runner.invoke(cli.app, ["ingest", *paths, *args, "--db", str(db_path), "--no-events"])
    assert result.exit_code == 2, result.output
    assert not db_path.exists()


def test_cli_ingest_stdin(runner: CliRunner, db_path: Path, article):
    result = runner.invoke(cli.app, ["ingest", "-", "--db", str(db_path), "--no-events"],
                           input=f"{article(1)}\n\n{article(2)}\n")
    assert result.exit_code == 0, result.output
    assert summary_count(result.stdout, "new") == 1
    listed = runner.invoke(cli.app, ["docs", "--db", str(db_path)])
    assert "<stdin>" in listed.stdout


def test_cli_ingest_sample(runner: CliRunner, db_path: Path):
    result = runner.invoke(cli.app, ["ingest", "--sample", "--db", str(db_path), "--no-events"])
    assert result.exit_code == 0, result.output
    assert summary_count(result.stdout, "read") >= 8
    assert "failed" not in result.output


def test_cli_docs_lists_documents(runner: CliRunner, corpus: Path, db_path: Path):
    runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    result = runner.invoke(cli.app, ["docs", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    listed = squash(result.stdout)
    assert "w-1" in listed and "w-2" in listed and "Wireone" in listed
    assert "2022-03-01" in listed and "2021-04-24" in listed
    doc_rows = [line for line in result.stdout.splitlines() if re.match(r"│ (w-|doc-)", line)]
    assert len(doc_rows) == 3
    # Newest publication first; the undated document last.
    assert [row.split("│")[1].strip()[:4] for row in doc_rows] == ["w-2", "doc-", "w-1"]

    limited = runner.invoke(cli.app, ["docs", "--limit", "1", "--db", str(db_path)])
    assert len([line for line in limited.stdout.splitlines() if re.match(r"│ (w-|doc-)", line)]) == 1


def test_cli_docs_missing_values_shown_as_dash_and_origin(runner: CliRunner, tmp_path: Path, db_path: Path,
                                                          write_jsonl, article):
    undated = tmp_path / "undated.txt"
    undated.write_text(article(1), encoding="utf-8")
    write_jsonl(tmp_path / "dated.jsonl", [{"id": "dated-1", "text": article(2), "published": "2022-03-01",
                                            "title": "A titled story"}])
    runner.invoke(cli.app, ["ingest", str(tmp_path), "--db", str(db_path), "--no-events"])
    result = runner.invoke(cli.app, ["docs", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    rows = {cells[0]: cells for cells in (
        [cell.strip() for cell in line.split("│")[1:-1]] for line in result.stdout.splitlines()
        if line.startswith("│ "))}
    assert rows["dated-1"][1:4] == ["2022-03-01", "ok", "A titled story"]
    [undated_row] = [cells for doc_id, cells in rows.items() if doc_id.startswith("doc-")]
    assert undated_row[1] == "-"
    assert undated_row[3] == undated.name


def test_cli_show_prints_clean_text_and_removals(runner: CliRunner, corpus: Path, db_path: Path, article):
    runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    listing = runner.invoke(cli.app, ["docs", "--db", str(db_path)])
    [doc_id] = re.findall(r"doc-[0-9a-f]{16}", listing.stdout)
    result = runner.invoke(cli.app, ["show", doc_id, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{doc_id}  published 2021-04-24 (date-header)  status ok" in out
    assert squash(f"{article(1)}{article(2)}") in squash(out)
    assert "removed (3)" in out
    lines = [line.strip() for line in out.splitlines()]
    assert "line    1  [date-header]  date 2021-04-24" in lines
    assert "line    3  [share-widget]  Share this post via:" in lines
    assert "line    7  [comment-widget]  Click to comment" in lines
    shown_text = out.split("cleaned text", 1)[1].split("removed (3)", 1)[0]
    assert "Share this post via:" not in shown_text and "Click to comment" not in shown_text


def test_cli_show_jsonl_document_names_its_line(runner: CliRunner, corpus: Path, db_path: Path):
    runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    result = runner.invoke(cli.app, ["show", "w-1", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "title: Wire one" in result.stdout
    assert squash(f"origin: {corpus / 'wire.jsonl'} line 1") in squash(result.stdout)
    assert "removed (0)" in result.stdout


def test_cli_show_unknown_id_raises_not_found(runner: CliRunner, corpus: Path, db_path: Path):
    runner.invoke(cli.app, ["ingest", str(corpus), "--db", str(db_path), "--no-events"])
    result = runner.invoke(cli.app, ["show", "no-such-doc", "--db", str(db_path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, NotFoundError)
    assert "no-such-doc" in str(result.exception)


@pytest.mark.parametrize(
    "command,code,message",
    [
        (["show", "no-such-doc"], 3, "error: no document with id 'no-such-doc'"),
        (["docs"], 0, "w-1"),
        (["ingest", "MISSING", "--no-events"], 1, "no such file or directory"),
    ],
    ids=["unknown-id", "ok", "failed-input"],
)
def test_cli_main_exit_codes(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, corpus: Path,
                             db_path: Path, tmp_path: Path, command, code, message):
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setattr(sys, "argv", ["detente", "ingest", str(corpus), "--db", str(db_path), "--no-events"])
    with pytest.raises(SystemExit) as setup:
        cli.main()
    assert setup.value.code in (0, None)
    capsys.readouterr()
    command = [str(tmp_path / "missing.txt") if part == "MISSING" else part for part in command]
    monkeypatch.setattr(sys, "argv", ["detente", *command, "--db", str(db_path)])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert (exited.value.code or 0) == code
    captured = capsys.readouterr()
    assert squash(message) in squash(captured.out + captured.err)


def test_cli_main_missing_store_exits_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                                        tmp_path: Path):
    monkeypatch.setattr(sys, "argv", ["detente", "docs", "--db", str(tmp_path / "nowhere.duckdb")])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("error: cannot open store")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [[], ["ingest"], ["docs"], ["show"]])
def test_cli_help_documents_exit_codes(runner: CliRunner, command):
    result = runner.invoke(cli.app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    text = squash(result.stdout)
    for part in ("Exit codes: 0 success;", "1 the run finished but some inputs failed",
                 "2 usage error;", "3 Detente error"):
        assert squash(part) in text


def test_cli_ingest_help_lists_options(runner: CliRunner):
    text = squash(runner.invoke(cli.app, ["ingest", "--help"]).stdout)
    for option in ("--db", "--field", "--sample", "--no-events", "DETENTE_DB", "-forstdin"):
        assert option in text
