"""The lock is what `make install` trusts: it must pin, with hashes, every dependency pyproject.toml names."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCKED_EXTRAS = ("test", "web", "dask", "data")  # the Makefile's LOCK_EXTRAS


def _pins(path: Path) -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes) of a `uv pip compile --generate-hashes` file."""
    pins: dict[str, tuple[Version, int]] = {}
    current = None
    for line in path.read_text("utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (Version(match.group(2)), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    named = list(project["dependencies"])
    for extra in LOCKED_EXTRAS:
        named += project["optional-dependencies"][extra]
    return [Requirement(text) for text in named]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_lock_pins_every_dependency_of_pyproject(requirement: Requirement):
    pins = _pins(ROOT / "requirements.lock")
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement} is not in requirements.lock: run `make lock`"
    version, hashes = pins[name]
    assert requirement.specifier.contains(version, prereleases=True), f"{name}=={version}: not {requirement}"
    assert hashes >= 1, f"{name} has no hash in requirements.lock"


def test_lock_covers_every_extra_the_makefile_locks():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "LOCK_EXTRAS := " + " ".join(f"--extra {extra}" for extra in LOCKED_EXTRAS) in makefile


def test_installer_itself_is_pinned_with_a_hash():
    pins = _pins(ROOT / "requirements-bootstrap.lock")
    version, hashes = pins["pip"]
    assert version >= Version("24") and hashes >= 1  # pip 23 resolves an extra's unpinned requirement itself
