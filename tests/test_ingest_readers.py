"""Readers: every input format users have, and every kind of bad input, reported by name and reason."""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
from pathlib import Path

import pytest

from detente.intake.readers import RawDocument, ReadFailure, ReadSkip, read_paths

pytestmark = pytest.mark.usefixtures("detente_env")

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers agree new border talks | Lakeside Gazette</title>
<meta property="og:title" content="Ministers agree new border talks">
<meta property="og:site_name" content="Lakeside Gazette">
<meta property="og:url" content="https://gazette.example/world/2021/05/06/border-talks">
<link rel="canonical" href="https://gazette.example/world/2021/05/06/border-talks">
<meta property="article:published_time" content="2021-05-06T08:30:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article>
<h1>Ministers agree new border talks</h1>
<p>The foreign ministers of the two countries agreed on Thursday to open new talks on their disputed border,
officials said after a meeting in Geneva.</p>
<p>The talks will begin next month and will be hosted by Switzerland, which has offered to mediate between the
two neighbours since the clashes of last year.</p>
<p>Both ministers said they hoped the talks would lead to a lasting agreement and to the reopening of the main
border crossing for trade.</p>
</article>
<section id="comments" class="comments">
<h2>Comments</h2>
<div class="comment"><p>Reader Bob wrote: this is the worst deal I have ever seen in my whole life, shameful.</p></div>
<div class="comment"><p>Reader Alice wrote: finally some good news from the region after such a long time.</p></div>
</section></main>
<footer><p>Copyright 2021 Lakeside Gazette. All rights reserved.</p></footer>
</body></html>
"""

# A page whose article is rendered by JavaScript: only chrome in the HTML.
EMPTY_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>World News | Lakeside Gazette</title><meta property="og:site_name" content="Lakeside Gazette"></head><body>
<header><a class="logo" href="/">Lakeside Gazette</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe</a></li>
</ul></nav></header>
<div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript>
<footer><p>Copyright 2024 Lakeside Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
<script src="/static/js/main.js"></script></body></html>
"""

CP1252_TEXT = (
    "The minister said the café near the embassy would reopen next week, and that the cost of the repairs, "
    "about 5000 €, would be paid by the city. Officials declined to comment further on the matter.\n\n"
    "A spokesman for the café said the owners were pleased with the decision and would hire new staff."
)


def docs_and_failures(items) -> tuple[list[RawDocument], list[ReadFailure], list[ReadSkip]]:
    items = list(items)
    docs = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, ReadFailure)]
    skips = [i for i in items if isinstance(i, ReadSkip)]
    assert len(docs) + len(failures) + len(skips) == len(items)
    return docs, failures, skips


# -- formats -----------------------------------------------------------------------------------


def test_readers_txt_keeps_text_and_date_header_line(tmp_path: Path):
    text = " date 2021-04-24 The US president will attend the meeting.\n\nA second paragraph.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert len(docs) == 1
    doc = docs[0]
    # The reader does not clean: the header is dealt with by cleaning, so the raw text is what was on disk.
    assert doc.text == text
    assert doc.raw == text
    assert doc.format == "txt"
    assert doc.origin == str(path)
    assert doc.line is None and doc.id is None and doc.published is None


def test_readers_html_extracts_article_and_metadata(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert len(docs) == 1
    doc = docs[0]
    assert doc.format == "html"
    assert doc.title == "Ministers agree new border talks"
    assert doc.url == "https://gazette.example/world/2021/05/06/border-talks"
    assert doc.source == "Lakeside Gazette"
    assert doc.published == "2021-05-06"
    assert doc.metadata.get("published_from") == "html-metadata"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[1].startswith("The foreign ministers of the two countries agreed on Thursday")
    assert paragraphs[-1].endswith("the main border crossing for trade.")
    assert sum("Switzerland" in p for p in paragraphs) == 1
    # Page chrome and the comments section are not article text.
    for chrome in ("Reader Bob", "Reader Alice", "worst deal", "Copyright 2021", "Home"):
        assert chrome not in doc.text
    assert doc.raw == HTML_PAGE


def test_readers_html_without_article_text_is_a_failure(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text(EMPTY_HTML, encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert docs == []
    assert [(f.path, f.reason) for f in failures] == [(str(path), "no article text found in HTML")]


def test_readers_jsonl_records_with_fields_and_metadata(tmp_path: Path, write_jsonl):
    path = write_jsonl(tmp_path / "wire.jsonl", [
        {"id": "w-1", "text": "First story.", "published": "2021-09-18", "url": "https://x.example/1",
         "title": "One", "source": "Wire", "section": "World", "rank": 3},
        {"text": "Second story.", "id": 42},
    ])
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [(d.id, d.text, d.line, d.format) for d in docs] == [
        ("w-1", "First story.", 1, "jsonl"), ("42", "Second story.", 2, "jsonl"),
    ]
    first = docs[0]
    assert (first.published, first.url, first.title, first.source) == (
        "2021-09-18", "https://x.example/1", "One", "Wire")
    assert first.metadata == {"section": "World", "rank": "3"}


@pytest.mark.parametrize(
    "payload,expected",
    [
        ([{"text": "Alpha story.", "id": "a"}, {"text": "Beta story.", "id": "b"}], [("a", "Alpha story.", 1),
                                                                                    ("b", "Beta story.", 2)]),
        ({"text": "Single story.", "published": "2020-01-02"}, [(None, "Single story.", 1)]),
        ({"articles": [{"text": "Nested story."}]}, [(None, "Nested story.", 1)]),
    ],
    ids=["array", "single-object", "nested-articles"],
)
def test_readers_json_array_and_single_object(tmp_path: Path, payload, expected):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [(d.id, d.text, d.line) for d in docs] == expected
    assert all(d.format == "json" for d in docs)


def test_readers_json_array_reports_non_objects(tmp_path: Path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"text": "Good."}, 5, {"title": "no text"}]), encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert [d.text for d in docs] == ["Good."]
    assert [(f.line, f.reason) for f in failures] == [
        (2, "item 2 is not a JSON object"),
        (3, "record has no text (field 'text' missing or empty)"),
    ]


def test_readers_json_file_holding_json_lines(tmp_path: Path, write_jsonl):
    path = write_jsonl(tmp_path / "really_lines.json", [{"text": "One."}, {"text": "Two."}])
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [(d.text, d.line) for d in docs] == [("One.", 1), ("Two.", 2)]


def test_readers_json_lines_file_with_line_separator_in_text(tmp_path: Path, write_jsonl):
    path = write_jsonl(tmp_path / "lines.json", [{"id": "u1", "text": "Talks ended.\u2028Both sides left."},
                                                 {"id": "u2", "text": "Second story."}])
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.id for d in docs] == ["u1", "u2"]


def test_readers_csv_with_field_map(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text(
        'id,headline,body,date,desk\n'
        'c1,Talks resume,"Talks resumed in Geneva, officials said.\n\nA second paragraph.",2021-05-06,World\n'
        'c2,Sanctions,"The EU imposed sanctions on Monday.",2022-03-01,Europe\n',
        encoding="utf-8",
    )
    docs, failures, _ = docs_and_failures(read_paths([path], field_map={"text": "body", "published": "date"}))
    assert failures == []
    assert [(d.id, d.published, d.format) for d in docs] == [("c1", "2021-05-06", "csv"), ("c2", "2022-03-01", "csv")]
    # A quoted cell keeps its paragraph break.
    assert docs[0].text == "Talks resumed in Geneva, officials said.\n\nA second paragraph."
    assert docs[0].metadata == {"headline": "Talks resume", "desk": "World"}
    # The record's line is where it ends in the file (the multi-line cell spans lines 2-4).
    assert [d.line for d in docs] == [4, 5]


def test_readers_csv_without_mapped_column_reports_each_row(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("id,content\nc1,Some text here.\n", encoding="utf-8")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert docs == []
    assert [(f.line, f.reason) for f in failures] == [(2, "record has no text (field 'text' missing or empty)")]


def test_readers_csv_with_utf8_bom(tmp_path: Path):
    # Excel's "CSV UTF-8" starts with a byte order mark; the first header must still be "body".
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffbody,id\n\"Talks resumed, officials said.\",c1\n".encode())
    docs, failures, _ = docs_and_failures(read_paths([path], field_map={"text": "body"}))
    assert failures == []
    assert [(d.id, d.text) for d in docs] == [("c1", "Talks resumed, officials said.")]


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("story.txt.gz", b"Gzipped article text, in full.", [("txt", "Gzipped article text, in full.", None)]),
        ("wire.jsonl.gz", b'{"text": "gz one"}\n{"text": "gz two"}\n', [("jsonl", "gz one", 1),
                                                                          ("jsonl", "gz two", 2)]),
    ],
)
def test_readers_gzip(tmp_path: Path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(gzip.compress(content))
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [(d.format, d.text, d.line) for d in docs] == expected


def test_readers_gzip_that_is_not_gzip_is_a_failure(tmp_path: Path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"this was never compressed")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert docs == []
    assert len(failures) == 1
    assert failures[0].path == str(path)
    assert failures[0].reason.startswith("cannot read file")


def test_readers_directory_recursive_sorted_hidden_skipped(tmp_path: Path, write_jsonl):
    root = tmp_path / "corpus"
    (root / "b_dir" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "c.txt").write_text("Text C.", encoding="utf-8")
    (root / "a.txt").write_text("Text A.", encoding="utf-8")
    (root / "b_dir" / "deeper" / "d.txt").write_text("Text D.", encoding="utf-8")
    write_jsonl(root / "b_dir" / "e.jsonl", [{"text": "Text E1."}, {"text": "Text E2."}])
    (root / "b_dir" / "f.txt.gz").write_bytes(gzip.compress(b"Text F."))
    (root / ".hidden.txt").write_text("Hidden text.", encoding="utf-8")
    (root / ".git" / "config.txt").write_text("Hidden dir text.", encoding="utf-8")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    (root / "NOTES").write_text("no suffix", encoding="utf-8")

    docs, failures, skips = docs_and_failures(read_paths([root]))
    assert failures == []
    assert [(Path(d.origin).relative_to(root).as_posix(), d.text) for d in docs] == [
        ("a.txt", "Text A."),
        ("b_dir/deeper/d.txt", "Text D."),
        ("b_dir/e.jsonl", "Text E1."),
        ("b_dir/e.jsonl", "Text E2."),
        ("b_dir/f.txt.gz", "Text F."),
        ("c.txt", "Text C."),
    ]
    skipped = {Path(s.path).relative_to(root).as_posix(): s.reason for s in skips}
    assert skipped == {
        ".hidden.txt": "hidden file",
        ".git/config.txt": "hidden file",
        "scan.pdf": "unsupported file type '.pdf'",
        "NOTES": "unsupported file type '(none)'",
    }


def test_readers_directory_order_is_stable_across_calls(tmp_path: Path):
    for name in ("z.txt", "m.txt", "a.txt", "k.txt"):
        (tmp_path / name).write_text(f"Article {name}.", encoding="utf-8")
    first = [d.origin for d in read_paths([tmp_path])]
    second = [d.origin for d in read_paths([tmp_path])]
    assert first == second == sorted(first)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"Plain text from a pipe.\n\nSecond paragraph.\n",
         [("txt", None, "Plain text from a pipe.\n\nSecond paragraph.\n")]),
        (b'{"id": "s1", "text": "Piped one."}\n{"id": "s2", "text": "Piped two."}\n',
         [("jsonl", "s1", "Piped one."), ("jsonl", "s2", "Piped two.")]),
    ],
    ids=["txt", "jsonl"],
)
def test_readers_stdin(monkeypatch: pytest.MonkeyPatch, data, expected):
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    docs, failures, _ = docs_and_failures(read_paths(["-"]))
    assert failures == []
    assert [(d.format, d.id, d.text) for d in docs] == expected
    assert all(d.origin == "<stdin>" for d in docs)


def test_readers_stdin_html(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(HTML_PAGE.encode()))
    docs, failures, _ = docs_and_failures(read_paths(["-"]))
    assert failures == []
    assert [(d.format, d.title) for d in docs] == [("html", "Ministers agree new border talks")]


def test_readers_stdin_json_array(monkeypatch: pytest.MonkeyPatch):
    data = json.dumps([{"id": "a", "text": "Alpha story."}, {"id": "b", "text": "Beta story."}], indent=1)
    monkeypatch.setattr(sys, "stdin", _Stdin(data.encode()))
    docs, failures, _ = docs_and_failures(read_paths(["-"]))
    assert failures == []
    assert [d.id for d in docs] == ["a", "b"]


# -- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_readers_txt_encodings_decoded(tmp_path: Path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(CP1252_TEXT.encode(encoding))
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.text for d in docs] == [CP1252_TEXT]
    assert "café" in docs[0].text and "€" in docs[0].text


WESTERN_EUROPEAN = (
    "German Chancellor Olaf Scholz met French President Emmanuel Macron at the Élysée Palace on Tuesday. "
    "Mr Scholz said the talks with Señor Sánchez and Mr Müller had a sense of déjà vu, and the café menu "
    "was à la carte. The crème brûlée cost 7 €, a spokesman said.\n\n"
) * 3


def test_readers_cp1252_western_european_accents(tmp_path: Path):
    path = tmp_path / "accents.txt"
    path.write_bytes(WESTERN_EUROPEAN.encode("cp1252"))
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.text for d in docs] == [WESTERN_EUROPEAN]


def test_readers_cp1252_accent_after_sniff_window(tmp_path: Path):
    text = ("Officials met in Geneva on Monday to discuss trade and energy. " * 1200) + "\n\n" + CP1252_TEXT
    assert len(text) > 64 * 1024
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode("cp1252"))
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.text for d in docs] == [text]


def test_readers_utf16_jsonl(tmp_path: Path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes('{"text": "Hello from line one."}\n{"text": "Hello from line two."}\n'.encode("utf-16"))
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.text for d in docs] == ["Hello from line one.", "Hello from line two."]


# -- bad input ---------------------------------------------------------------------------------


def _binary() -> bytes:
    return random.Random(7).randbytes(4096) + b"\x00\x00" + random.Random(8).randbytes(512)


def _garbage() -> bytes:
    rnd = random.Random(1234)
    return bytes(rnd.randrange(0x80, 0x100) for _ in range(4000))


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("x.txt", _binary(), "binary file (contains NUL bytes)"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t \n", "empty file"),
        ("empty.jsonl", b"", "empty file"),
        ("garbage.txt", _garbage(), "undecodable"),
        ("empty.html", EMPTY_HTML.encode(), "no article text found in HTML"),
    ],
    ids=["binary", "empty", "whitespace-only", "empty-jsonl", "garbage", "html-without-article"],
)
def test_readers_bad_file_reported_by_name_and_reason(tmp_path: Path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert docs == []
    assert len(failures) == 1
    assert failures[0].path == str(path)
    assert reason in failures[0].reason
    assert str(path) in str(failures[0])


def test_readers_missing_path(tmp_path: Path):
    missing = tmp_path / "nope" / "gone.txt"
    docs, failures, _ = docs_and_failures(read_paths([missing]))
    assert docs == []
    assert [(f.path, f.reason) for f in failures] == [(str(missing), "no such file or directory")]


def test_readers_oversized_document_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DETENTE_MAX_FILE_MB", "1")
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Officials met in Geneva on Monday. " * (2 * 1024 * 1024 // 35 + 1))
    assert path.stat().st_size > 2 * 1024 * 1024
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert docs == []
    assert len(failures) == 1
    assert failures[0].path == str(path)
    assert "larger than the 1 MB limit" in failures[0].reason


def test_readers_large_jsonl_is_streamed_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_jsonl):
    monkeypatch.setenv("DETENTE_MAX_FILE_MB", "1")
    # Records of ~50 KB: several straddle the 64 KB sniff window and the reader's buffer boundaries.
    texts = [f"Record {i} begins. " + ("Officials met in Geneva to discuss trade. " * 1200) + f"Record {i} ends."
             for i in range(42)]
    path = write_jsonl(tmp_path / "big.jsonl", [{"id": f"big-{i}", "text": t} for i, t in enumerate(texts)])
    assert path.stat().st_size > 2 * 1024 * 1024
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert failures == []
    assert [d.id for d in docs] == [f"big-{i}" for i in range(42)]
    assert [d.text for d in docs] == texts


def test_readers_malformed_json_lines_reported_with_line_numbers(tmp_path: Path, write_jsonl):
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        {"id": "ok-1", "text": "Good one."},
        '{"id": "bad", "text": "unterminated',
        {"id": "ok-3", "text": "Good three."},
        "[1, 2, 3]",
        "",
        {"id": "no-text", "title": "A record without text"},
        {"id": "empty-text", "text": "   "},
        {"id": "ok-8", "text": "Good eight."},
    ])
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert [(d.id, d.line) for d in docs] == [("ok-1", 1), ("ok-3", 3), ("ok-8", 8)]
    assert [(f.path, f.line) for f in failures] == [(str(path), 2), (str(path), 4), (str(path), 6), (str(path), 7)]
    reasons = [f.reason for f in failures]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "expected a JSON object, got list"
    assert reasons[2] == reasons[3] == "record has no text (field 'text' missing or empty)"
    assert str(failures[0]) == f"{path}:2: {reasons[0]}"


def test_readers_undecodable_jsonl_line_keeps_the_others(tmp_path: Path):
    # UTF-8 is settled on from the first 64 KB; a broken line further down fails alone.
    good = [json.dumps({"text": f"Fine record number {i}. " + "Officials met in Geneva. " * 3}).encode()
            for i in range(1, 801)]
    assert sum(len(line) + 1 for line in good) > 64 * 1024
    path = tmp_path / "partly.jsonl"
    path.write_bytes(b"\n".join([*good, b'{"text": "bad \xff\xfe bytes"}', good[0]]) + b"\n")
    docs, failures, _ = docs_and_failures(read_paths([path]))
    assert [d.line for d in docs] == [*range(1, 801), 802]
    assert docs[-1].text == docs[0].text
    assert [(f.line, f.reason) for f in failures] == [(801, "undecodable bytes")]


def test_readers_bad_files_do_not_stop_the_good_ones(tmp_path: Path, write_jsonl):
    (tmp_path / "a_good.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(_binary())
    write_jsonl(tmp_path / "d_good.jsonl", [{"text": "Good record."}])
    docs, failures, _ = docs_and_failures(read_paths([tmp_path, tmp_path / "missing.txt"]))
    assert [Path(d.origin).name for d in docs] == ["a_good.txt", "d_good.jsonl"]
    assert [(Path(f.path).name, f.reason) for f in failures] == [
        ("b_empty.txt", "empty file"),
        ("c_binary.txt", "binary file (contains NUL bytes)"),
        ("missing.txt", "no such file or directory"),
    ]


def test_ingest_readers_html_menu_only_is_no_article(tmp_path):
    from detente.intake.readers import ReadFailure, read_paths

    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>")
    [item] = list(read_paths([page]))
    assert isinstance(item, ReadFailure)
    assert item.reason == "no article text found in HTML"
