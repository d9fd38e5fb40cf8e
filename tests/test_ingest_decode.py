"""Decoding that does not guess wrong: strict UTF-8 first with stray bytes repaired and recorded, UTF-16 without a
BOM, control characters removed and counted, and a charset guess that makes mojibake reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.intake.clean import clean_text
from detente.intake.decode import Decoded, Undecodable, decode_bytes, decode_line
from detente.intake.prepare import prepare
from detente.intake.readers import RawDocument, ReadFailure, read_paths

BAD = Path(__file__).parent / "data" / "bad"
ARTICLE = ("President Emmanuel Macron’s government said on Monday that France would send “more aid” to Ukraine, "
           "and Germany’s chancellor condemned the attack.\n\n") * 3
PLAIN = "France condemned the attack by Russia on a hospital in Kharkiv on Monday, the ministry said.\n\n" * 3
CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _one(path: Path) -> RawDocument:
    [item] = list(read_paths([path]))
    assert isinstance(item, RawDocument), item
    return item


def test_stray_byte_in_utf8_is_repaired_not_reguessed():
    data = ARTICLE.encode()
    result = decode_bytes(data[:200] + b"\xff" + data[200:])
    assert isinstance(result, Decoded)
    assert result.encoding == "utf-8"
    assert "Macron’s" in result.text and "‚Äô" not in result.text and "â€™" not in result.text
    assert result.text.count("\ufffd") == 1
    [warning] = result.warnings
    assert (warning["stage"], warning["kind"], warning["count"], warning["offset"]) == ("decode", "stray-bytes", 1,
                                                                                          200)


def test_stray_byte_file_stores_utf8_with_the_repair(tmp_path: Path):
    doc = prepare(_one(BAD / "stray_byte.txt"))
    assert doc.encoding == "utf-8" and doc.status == "ok"
    assert "Macron’s" in doc.text
    assert [(w["kind"], w["count"], w["offset"]) for w in doc.warnings] == [("stray-bytes", 1, 300)]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_charset_text_is_still_detected(encoding: str):
    text = "Señor Müller said the café in Zürich was à la carte; the crème brûlée cost 7 francs.\n" * 5
    result = decode_bytes(text.encode(encoding))
    assert isinstance(result, Decoded)
    assert result.text == text and result.warnings == []


def test_ascii_with_a_cp1252_quote_is_cp1252_not_a_repair():
    result = decode_bytes(b"The minister said it wasn\x92t over. " * 4)
    assert isinstance(result, Decoded)
    assert result.encoding == "cp1252" and "wasn’t" in result.text and result.warnings == []


def test_a_guess_that_makes_mojibake_is_reported():
    # Two UTF-8 quote marks among many Latin-1 bytes: not mostly UTF-8, so guessed, and the guess is flagged.
    data = "Il a dit “non”. ".encode() + ("Le café à Zürich était très animé. " * 6).encode("latin-1")
    result = decode_bytes(data)
    assert isinstance(result, Decoded)
    assert result.encoding != "utf-8"
    assert [w["kind"] for w in result.warnings] == ["mojibake"]
    assert result.warnings[0]["count"] == 2 and result.warnings[0]["offset"] == len("Il a dit ")


@pytest.mark.parametrize("name,encoding", [("utf16_le_no_bom.txt", "utf-16-le"), ("utf16_be_no_bom.txt", "utf-16-be")])
def test_utf16_without_bom_is_decoded(name: str, encoding: str):
    raw = _one(BAD / name)
    assert raw.encoding == encoding
    assert "\x00" not in raw.text and raw.text.startswith("France condemned the attack")
    doc = prepare(raw)
    assert doc.status == "ok" and doc.language == "en"


def test_utf16_without_bom_jsonl(tmp_path: Path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes('{"id": "a", "text": "Hello from line one."}\n{"id": "b", "text": "Two."}\n'.encode("utf-16-be"))
    docs = [item for item in read_paths([path])]
    assert [(d.id, d.text, d.encoding) for d in docs if isinstance(d, RawDocument)] == [
        ("a", "Hello from line one.", "utf-16-be"), ("b", "Two.", "utf-16-be")]


@pytest.mark.parametrize("name,count", [("nul_bytes.txt", 6), ("control_chars.txt", 9)])
def test_nuls_and_controls_removed_and_counted(name: str, count: int):
    doc = prepare(_one(BAD / name))
    assert not CONTROLS.search(doc.text) and not CONTROLS.search(doc.raw_text)
    assert "Monday" in doc.text and "Paris" in doc.text and "strike" in doc.text
    [warning] = doc.warnings
    assert (warning["stage"], warning["kind"], warning["count"]) == ("clean", "control-characters", count)


def test_nul_after_the_sniff_window_is_removed(tmp_path: Path):
    text = PLAIN * 800 + "The talks went on in Gen\x00eva.\n"
    assert len(text) > 64 * 1024
    path = tmp_path / "late_nul.txt"
    path.write_text(text, encoding="utf-8")
    doc = prepare(_one(path))
    assert "\x00" not in doc.text and doc.text.endswith("Geneva.")
    assert [(w["kind"], w["count"], w["offset"]) for w in doc.warnings] == [
        ("control-characters", 1, text.index("\x00"))]


def test_cleaner_keeps_tab_newline_and_form_feed_and_counts_the_rest():
    cleaned = clean_text("One\x00 two\tthree\x1b.\n\nFour\x0cfive\x7f.")
    assert cleaned.text == "One two three.\n\nFour\x0cfive."
    assert [w["count"] for w in cleaned.warnings] == [3]


def test_jsonl_line_with_stray_byte_among_utf8_is_repaired(tmp_path: Path):
    line = json.dumps({"id": "j1", "text": ARTICLE}, ensure_ascii=False).encode()
    path = tmp_path / "one.jsonl"
    path.write_bytes(line[:40] + b"\xfe" + line[40:] + b"\n")
    [doc] = list(read_paths([path]))
    assert isinstance(doc, RawDocument) and doc.id == "j1" and doc.encoding == "utf-8"
    assert [(w["kind"], w["offset"]) for w in doc.warnings] == [("stray-bytes", 40)]


def test_lone_surrogate_from_json_is_removed_and_stored(tmp_path: Path):
    from detente import api

    path = tmp_path / "sur.jsonl"
    path.write_text('{"id": "s1", "title": "T\\ud800", "text": "France condemned the attack by Russia on Monday '
                    'in a long statement from Paris.\\udc00"}\n', encoding="utf-8")
    summary = api.ingest([path], db=tmp_path / "s.duckdb", events=False)
    assert summary.new == 1 and summary.failed == []
    stored = api.document("s1", db=tmp_path / "s.duckdb")
    assert stored["title"] == "T" and stored["clean_text"].endswith("Paris.")
    assert [w["kind"] for w in stored["warnings"]] == ["control-characters"]
    assert stored["encoding"] == "utf-8"


def test_binary_that_happens_to_decode_is_refused():
    result = decode_bytes(bytes(range(32)) * 64)
    assert isinstance(result, Undecodable) and "binary" in result.reason


def test_binary_file_in_bad_folder_is_a_read_failure():
    [item] = list(read_paths([BAD / "binary.txt"]))
    assert isinstance(item, ReadFailure) and "binary" in item.reason


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_decoder_never_raises_and_never_returns_controls_after_cleaning(data: bytes):
    result = decode_bytes(data)
    assert isinstance(result, Decoded | Undecodable)
    if isinstance(result, Decoded):
        cleaned = clean_text(result.text)
        assert not CONTROLS.search(cleaned.text)
        for warning in result.warnings:
            assert warning["offset"] is None or 0 <= warning["offset"] < len(data)
    line = decode_line(data, "utf-8")
    assert line is None or isinstance(line.text, str)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400) | st.text(alphabet=st.characters(max_codepoint=0x9f), max_size=200))
def test_cleaner_never_raises_and_offsets_stay_inside(text: str):
    cleaned = clean_text(text)
    assert not CONTROLS.search(cleaned.text)
    for warning in cleaned.warnings:
        assert 0 <= warning["offset"] < len(text)
        assert warning["count"] == len(CONTROLS.findall(text))
    for removal in cleaned.removals:
        assert 1 <= removal.line <= text.count("\n") + text.count("\r") + 1


# -- the bad folder, end to end ---------------------------------------------------------------------


def _nested_divs(depth: int = 10_000) -> str:
    return ("<html><head><title>Deep</title></head><body>" + "<div>" * depth + "<p>" + PLAIN.replace("\n\n", " ")
            + "</p>" + "</div>" * depth + "</body></html>")


def test_ten_thousand_nested_divs_keep_their_text(tmp_path: Path):
    import time

    path = tmp_path / "deep.html"
    path.write_text(_nested_divs(), encoding="utf-8")
    started = time.monotonic()
    raw = _one(path)
    assert time.monotonic() - started < 5
    assert raw.text.startswith("France condemned the attack")
    assert [(w["kind"], w["count"]) for w in raw.warnings] == [("html-nesting", 2 * (10_000 - 200))]


def test_shallow_html_is_not_touched():
    from detente.intake.html import flatten_deep_nesting

    page = "<html><body>" + "<div><p>Para</p></div>" * 500 + "</body></html>"
    assert flatten_deep_nesting(page) == (page, 0)


EXPECTED_FAILED = {
    ("binary.txt", None): "binary file (contains NUL bytes)",
    ("empty.txt", None): "empty file",
    ("malformed.jsonl", 1): "malformed JSON",
    ("menu.html", None): "no article text found in HTML",
}
EXPECTED_STORED = {"stray_byte.txt", "utf16_le_no_bom.txt", "utf16_be_no_bom.txt", "nul_bytes.txt",
                   "control_chars.txt", "good.jsonl", "deep_divs.html"}


def test_the_bad_folder_ingests_with_every_input_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Every file of tests/data/bad (and a generated 10,000-div page) is stored or reported by name with a reason
    in the summary and in ``--errors``; no traceback; the summary counts match."""
    import shutil

    from typer.testing import CliRunner

    from detente import api
    from detente.cli import app

    folder = tmp_path / "bad"
    shutil.copytree(BAD, folder)
    (folder / "deep_divs.html").write_text(_nested_divs(), encoding="utf-8")
    db, errors = tmp_path / "s.duckdb", tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--no-events", "--errors",
                                      str(errors)])
    assert result.exit_code == 1, result.output  # some inputs failed
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    failed = {(Path(r["path"]).name, r["line"]): r["reason"] for r in records if r["outcome"] == "failed"}
    assert failed.keys() == EXPECTED_FAILED.keys()
    assert all(EXPECTED_FAILED[key] in reason for key, reason in failed.items())
    assert all(r["stage"] == "read" for r in records)
    skipped = [(Path(r["path"]).name, r["reason"]) for r in records if r["outcome"] == "skipped"]
    assert skipped == [("notes.md", "unsupported file type '.md'")]
    stored = api.documents(db=db)
    assert {Path(o).name for o in stored["origin"]} == EXPECTED_STORED
    assert set(stored["status"]) == {"ok"}
    assert len(stored) == 7 and "7" in result.output
    by_name = {Path(o).name: d for o, d in zip(stored["origin"], stored["doc_id"], strict=True)}
    assert api.document(by_name["utf16_be_no_bom.txt"], db=db)["encoding"] == "utf-16-be"
    assert "repaired: stray-bytes" in result.output and "repaired: control-characters" in result.output
    every = {Path(r["path"]).name for r in records} | EXPECTED_STORED
    assert every == {p.name for p in folder.iterdir()}


@pytest.mark.parametrize("reason,stage", [
    ("binary file (contains NUL bytes)", "read"),
    ("clean: ValueError: boom", "clean"),
    ("parse: ValueError: [E088] too long", "parse"),
    ("no text after cleaning", "clean"),
])
def test_problem_records_name_the_stage(reason: str, stage: str):
    from detente.pipeline.ingest import IngestSummary, problem_records

    summary = IngestSummary(run_id="r", failed=[("a.txt", 3, reason)], skipped_inputs=[("b.txt", None, "language de")])
    assert problem_records(summary) == [
        {"outcome": "failed", "path": "a.txt", "line": 3, "stage": stage, "reason": reason},
        {"outcome": "skipped", "path": "b.txt", "line": None, "stage": "language", "reason": "language de"},
    ]
