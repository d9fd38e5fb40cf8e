"""The architecture's promises: one-way layers, plain-data Doc extensions that serialise, a pipeline that gives
the same events in several processes, and extension points that take a user's additions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import catalogue
import pytest
from spacy.tokens import DocBin

from detente.actors.gazetteer import Entry
from detente.core.registry import actor_sources, event_frames
from detente.nlp.pipeline import load_pipeline
from detente.pipeline.extract import extract_text

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

ARTICLE = (
    "Britain imposed sanctions on four Chinese officials on Monday, the Foreign Office said.\n\n"
    "China's foreign ministry condemned the decision and summoned the British ambassador.\n\n"
    "The United States and Canada said they would coordinate further measures with the European Union."
)


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.skip(f"import-linter is not installed ({LINT_IMPORTS} missing)")
    return subprocess.run([str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, capture_output=True, text=True, env={"PYTHONPATH": str(root / "src")},
                          timeout=120)


def test_layers_contract_is_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_contract_fails_on_an_upward_import(tmp_path: Path):
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    dates = tmp_path / "src" / "detente" / "core" / "dates.py"
    dates.write_text(dates.read_text("utf-8") + "\nfrom detente.store import queries  # noqa: E402,F401\n", "utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "detente.core.dates -> detente.store.queries" in result.stdout


def _process(texts: list[str], **pipe_options):
    nlp = load_pipeline()
    docs = []
    for number, text in enumerate(texts):
        doc = nlp.make_doc(text)
        doc._.doc_id = f"doc-{number}"
        doc._.published = "2021-03-22"
        docs.append(doc)
    return list(nlp.pipe(docs, **pipe_options))


def test_processed_doc_extensions_are_plain_data_and_round_trip():
    [doc] = _process([ARTICLE])
    assert doc._.actor_state is None  # the working state is released by detente_finish
    assert doc._.events and doc._.actors
    again = DocBin(docs=[doc], store_user_data=True).to_bytes()
    [restored] = list(DocBin().from_bytes(again).get_docs(load_pipeline().vocab))
    for name in ("events", "actors", "quotes", "claims"):  # msgpack gives lists back as tuples
        assert json.loads(json.dumps(getattr(restored._, name))) == json.loads(json.dumps(getattr(doc._, name)))


def test_two_processes_give_the_events_of_one(sample_texts: list[str]):
    one = [doc._.events for doc in _process(sample_texts)]
    two = [doc._.events for doc in _process(sample_texts, n_process=2, batch_size=2)]
    assert sum(map(len, one)) > 10
    assert two == one


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    import detente

    folder = detente.sample_corpus()
    return [path.read_text("utf-8") for path in sorted(folder.glob("*.txt"))]


def test_a_registered_event_frame_runs_with_the_built_ins():
    def walkouts(token, ctx):
        if token.lemma_ != "walk" or not any(c.lower_ == "out" for c in token.children):
            return []
        from detente.events.model import Event

        actors = [a for t in token.subtree if t.dep_ == "pobj" for a in ctx.state.resolve_all(t) if a.code]
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        sources = ctx.state.resolve_all(subject) if subject is not None else []
        return [Event(ctx.doc_id, "PROTEST", None, sources, actors, "asserted", None, None, ctx.number, ctx.span,
                      token)]

    event_frames.register("test.walkout.v1", func=walkouts)
    try:
        found = extract_text("The Russian delegation walked out of the meeting with Ukraine.", published="2022-03-01")
    finally:
        catalogue._remove(("detente", "event_frames", "test.walkout.v1"))
    assert [(e["event_type"], e["source"][0]["code"], e["target"][0]["code"]) for e in found] == [
        ("PROTEST", "RUS", "UKR")]


def test_a_registered_actor_source_names_new_actors(monkeypatch: pytest.MonkeyPatch):
    from detente.actors import component

    def ministry_of_magic():
        yield "Ministry of Magic", Entry("GBR", "GOV", "Ministry of Magic", "seat")

    actor_sources.register("test.magic.v1", func=ministry_of_magic)
    component._index.cache_clear()
    try:
        found = extract_text("The Ministry of Magic condemned Russia on Monday.", published="2022-03-01")
    finally:
        catalogue._remove(("detente", "actor_sources", "test.magic.v1"))
        component._index.cache_clear()
    assert [(e["event_type"], e["source"][0]["code"], e["target"][0]["code"]) for e in found] == [
        ("ACCUSE", "GBR", "RUS")]
