"""The disk cache (detente.core.cache) and the actor index kept in it: same index, rebuilt when inputs change."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from detente.actors.index import ActorIndex, _cache_key
from detente.core.cache import cache_dir, cached, digest
from detente.nlp.pipeline import load_pipeline


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DETENTE_CACHE", str(folder))
    return folder


def test_built_once_then_loaded(cache: Path):
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"a": 1}

    assert cached("thing", "k1", build) == {"a": 1}
    assert cached("thing", "k1", build) == {"a": 1}
    assert len(calls) == 1
    assert cached("thing", "k2", build) == {"a": 1}  # another key: built again
    assert len(calls) == 2
    # the older entry of the name is gone, and no temporary file is left
    assert sorted(p.name for p in cache.iterdir()) == ["thing-k2.pickle"]


def test_damaged_entry_is_rebuilt(cache: Path):
    cached("thing", "k", lambda: [1, 2])
    (cache / "thing-k.pickle").write_bytes(b"\x80\x05not a pickle")
    assert cached("thing", "k", lambda: [3]) == [3]
    assert pickle.loads((cache / "thing-k.pickle").read_bytes()) == [3]


@pytest.mark.parametrize("value, expected", [("off", None), ("OFF", None)])
def test_off_builds_every_time(monkeypatch: pytest.MonkeyPatch, value: str, expected: None):
    monkeypatch.setenv("DETENTE_CACHE", value)
    assert cache_dir() is expected
    calls: list[int] = []
    for _ in range(2):
        cached("thing", "k", lambda: calls.append(1))
    assert len(calls) == 2


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("DETENTE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "detente"


def test_digest_separates_parts():
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["ab", b"c"]) == digest(["ab", "c"])


def test_cached_index_equals_built_index(cache: Path, monkeypatch: pytest.MonkeyPatch):
    nlp = load_pipeline()
    monkeypatch.setenv("DETENTE_CACHE", "off")
    built = ActorIndex(nlp)
    monkeypatch.setenv("DETENTE_CACHE", str(cache))
    first = ActorIndex(nlp)  # writes the entry
    assert len(list(cache.iterdir())) == 1
    loaded = ActorIndex(nlp)  # reads it
    for index in (first, loaded):
        assert index.entries == built.entries
        assert index.surnames == built.surnames
        assert index.organisations == built.organisations
        assert index.matchers[0].sequences == built.matchers[0].sequences
        assert index.matchers[0].lengths == built.matchers[0].lengths
    doc = nlp.make_doc("Foreign Secretary Dominic Raab met Emmanuel Macron and the United Nations in Paris.")
    assert [s.text for s in loaded.matches(doc)] == [s.text for s in built.matches(doc)] != []


def test_key_follows_the_roles_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    nlp = load_pipeline()
    monkeypatch.delenv("DETENTE_ROLES", raising=False)
    plain = _cache_key(nlp)
    roles = tmp_path / "roles.csv"
    roles.write_text("name,aliases,country,sector,role,start,end\nJane Quill,,GBR,GOV,envoy,2020-01-01,\n", "utf-8")
    monkeypatch.setenv("DETENTE_ROLES", str(roles))
    with_file = _cache_key(nlp)
    roles.write_text("name,aliases,country,sector,role,start,end\nJane Quill,,FRA,GOV,envoy,2020-01-01,\n", "utf-8")
    edited = _cache_key(nlp)
    assert len({plain, with_file, edited}) == 3
    assert None not in (plain, with_file, edited)
